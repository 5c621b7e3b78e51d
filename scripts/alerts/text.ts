/**
 * Making untrusted text (monitor names, scanned titles and excerpts, error messages) safe where
 * it lands: HTML bodies, mail headers, one-line summaries.
 */

export { escapeHtml } from '../shared/html.ts';

// Control characters (CR and LF included) and the Unicode line and paragraph separators.
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line of plain text: no control characters or line breaks, spaces collapsed, at most `max` characters. */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  return truncate(text.replace(LINE_BREAKING, ' ').replace(/\s+/g, ' ').trim(), max);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** `28 Nov 2026, 08:00` in the given IANA time zone. */
export function formatInZone(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
