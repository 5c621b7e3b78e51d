/**
 * Plain-text pieces of change summaries and excerpts. Text from scanned sites is untrusted:
 * it is kept on one line, without control characters, and cut to a bounded length.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+/g;

export function oneLine(text: string, maxChars: number): string {
  const clean = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return clean.length <= maxChars ? clean : `${clean.slice(0, maxChars - 1).trimEnd()}…`;
}

/** “Quoted” site text for a summary line. */
export function quoted(text: string | null, maxChars = 60): string {
  return text === null || text.trim() === '' ? '(none)' : `“${oneLine(text, maxChars)}”`;
}

/** "+37%", "−12%" (a real minus sign, as people write it). */
export function signedPercent(percent: number): string {
  const rounded = Math.round(percent);
  return rounded >= 0 ? `+${rounded}%` : `−${Math.abs(rounded)}%`;
}

/** `2026-11-28 06:00 UTC`. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Percentages in records: one decimal, so records stay short and stable. */
export function roundPercent(percent: number): number {
  return Math.round(percent * 10) / 10;
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
