/**
 * Wording and figures: how a line of untrusted text, a count, a time, a size, a duration and an
 * error read. The CLI, the Actions job summary, digests, webhooks, GitHub issues and the site
 * all print through these, so one scan reads the same everywhere. Metric names and units are in
 * scripts/schema/metrics.ts, which formats values with the functions below.
 */

/** What a missing value reads as in tables and pages. */
export const NONE = '—';

// Control characters (CR and LF included), zero-width and direction marks, bidirectional
// embeddings and isolates, and the Unicode line and paragraph separators: none may reach a
// one-line summary, a mail subject or an issue title, where they break lines or reorder text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+/g;

/** One line of plain text: no control characters or line breaks, spaces collapsed, at most `max` characters. */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
  return truncate(text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim(), max);
}

/** At most `max` characters, an ellipsis standing for the rest. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

const QUOTE_MAX = 60;

/** “Quoted” site text for a summary line; `(none)` for no text. */
export function quoted(text: string | null, max = QUOTE_MAX): string {
  return text === null || text.trim() === '' ? '(none)' : `“${oneLine(text, max)}”`;
}

/** `1 change`, `1,204 changes`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}

/** `+37%`, `−12%` (a real minus sign, as people write it). */
export function signedPercent(percent: number): string {
  const rounded = Math.round(percent);
  return rounded >= 0 ? `+${rounded}%` : `−${Math.abs(rounded)}%`;
}

type Time = Date | string;

function iso(time: Time): string {
  return typeof time === 'string' ? time : time.toISOString();
}

/** `2026-11-28 06:00 UTC`: a time to the minute, the same for every reader and every build. */
export function formatUtc(time: Time | null | undefined): string {
  if (time === null || time === undefined) return NONE;
  const text = iso(time);
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

/** `2026-11-28`. */
export function formatDate(time: Time | null | undefined): string {
  return time === null || time === undefined ? NONE : iso(time).slice(0, 10);
}

/** `28 Nov 2026, 08:00` in an IANA time zone: digests show times in their recipients' zone. */
export function formatInZone(time: Time, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso(time)));
}

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;
const MS_PER_MINUTE = SECONDS_PER_MINUTE * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
const RELATIVE_UNITS = [
  { ms: MS_PER_DAY, noun: 'day' },
  { ms: MS_PER_HOUR, noun: 'hour' },
  { ms: MS_PER_MINUTE, noun: 'minute' },
] as const;

/** `in 12 days`, `3 hours ago`, `now`: how far `time` is from `now`, in its largest whole unit. */
export function relativeTime(time: Time, now: Time): string {
  const offset = new Date(iso(time)).getTime() - new Date(iso(now)).getTime();
  const unit = RELATIVE_UNITS.find((candidate) => Math.abs(offset) >= candidate.ms);
  if (!unit) return 'now';
  const amount = plural(Math.floor(Math.abs(offset) / unit.ms), unit.noun);
  return offset > 0 ? `in ${amount}` : `${amount} ago`;
}

/** A measured time, to the precision a timing deserves: `420 ms`, `1.50 s`, `12 s`. */
export function formatMs(ms: number): string {
  const precise = 10 * MS_PER_SECOND;
  return ms >= MS_PER_SECOND ? `${(ms / MS_PER_SECOND).toFixed(ms >= precise ? 0 : 2)} s` : `${Math.round(ms)} ms`;
}

/** How long something took: `850 ms`, `4.2 s`, `42 s`, `3 min 12 s`. */
export function formatDuration(ms: number): string {
  const tenSeconds = 10 * MS_PER_SECOND;
  if (ms < MS_PER_SECOND) return `${Math.round(ms)} ms`;
  if (ms < tenSeconds) return `${(ms / MS_PER_SECOND).toFixed(1)} s`;
  const seconds = Math.round(ms / MS_PER_SECOND);
  if (seconds < SECONDS_PER_MINUTE) return `${seconds} s`;
  return `${Math.floor(seconds / SECONDS_PER_MINUTE)} min ${seconds % SECONDS_PER_MINUTE} s`;
}

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB'] as const;
const SIZE_STEP = 1000;
const WHOLE_FROM = 100;

/** `512 B`, `538 kB`, `1.2 MB`: decimal units (1 kB = 1,000 bytes), as browsers' developer tools show transfer sizes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= SIZE_STEP && unit < SIZE_UNITS.length - 1) {
    value /= SIZE_STEP;
    unit += 1;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value >= WHOLE_FROM ? 0 : 1)} ${SIZE_UNITS[unit]}`;
}

/** The message of anything thrown: an Error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
