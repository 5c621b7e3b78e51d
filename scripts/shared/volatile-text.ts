import { sha256 } from './hash.ts';

/**
 * Masks the tokens of a page's text that change on every visit without the page changing:
 * dates and times, relative times ("5 minutes ago"), durations ("in 41 ms"), ids (UUIDs, long
 * hex, base36 and base64 tokens) and large counters. Content is compared in masked form; the
 * original wording is kept beside it for excerpts. Pure and deterministic: the same text always
 * masks the same way, and MASKING_VERSION changes whenever the rules do, so scans masked by
 * other rules are never compared (a rule change re-baselines instead of reading as a change).
 */

interface Mask {
  readonly name: string;
  readonly pattern: RegExp;
  readonly token: string;
}

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';
const UNIT = '(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)';
const ORDINAL = '(?:st|nd|rd|th)?';
const TIME = '\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s?[ap]\\.?m\\.?)?(?:\\s?(?:utc|gmt|z|[+-]\\d{2}:?\\d{2}))?';

/** Applied in this order: the specific forms first, so a UUID is not read as hex and a date not as numbers. */
const MASKS: readonly Mask[] = [
  { name: 'uuid', pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, token: '‹id›' },
  {
    name: 'iso-date-time',
    pattern: /\b\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?\b/gi,
    token: '‹date›',
  },
  { name: 'weekday-date', pattern: new RegExp(`\\b${WEEKDAY},?\\s+\\d{1,2}\\s+${MONTH}\\.?\\s+\\d{4}\\b`, 'gi'), token: '‹date›' },
  { name: 'day-month-year', pattern: new RegExp(`\\b\\d{1,2}${ORDINAL}\\s+(?:of\\s+)?${MONTH}\\.?,?\\s+\\d{4}\\b`, 'gi'), token: '‹date›' },
  { name: 'month-day-year', pattern: new RegExp(`\\b${MONTH}\\.?\\s+\\d{1,2}${ORDINAL},?\\s+\\d{4}\\b`, 'gi'), token: '‹date›' },
  { name: 'numeric-date', pattern: /\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b/g, token: '‹date›' },
  { name: 'time', pattern: new RegExp(`\\b${TIME}\\b`, 'gi'), token: '‹time›' },
  {
    name: 'relative-time',
    pattern: new RegExp(
      `\\b(?:(?:\\d+|an?|one|a\\s+few|few|several)\\s+${UNIT}\\s+ago|in\\s+(?:\\d+|an?|one)\\s+${UNIT}|just\\s+now|moments?\\s+ago|yesterday|today|tomorrow)\\b`,
      'gi',
    ),
    token: '‹when›',
  },
  { name: 'duration', pattern: /\b\d+(?:[.,]\d+)?\s?(?:ms|msec|milliseconds?|µs|μs|us|ns)\b/gi, token: '‹duration›' },
  { name: 'duration-seconds', pattern: /\b(?:in|took|after)\s+\d+(?:[.,]\d+)?\s?(?:s|sec|secs|seconds?)\b/gi, token: '‹duration›' },
  { name: 'decimal-seconds', pattern: /\b\d+[.,]\d+\s?s\b/g, token: '‹duration›' },
  { name: 'hex-id', pattern: /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, token: '‹id›' },
  { name: 'token-id', pattern: /(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{12,}(?:={0,2})(?![\w-])/gi, token: '‹id›' },
  // Counters: four or more digits, or thousands groups — but not an amount after a currency sign.
  { name: 'counter', pattern: /(?<![$€£¥₹]\s?)(?<![\d.,])\d{1,3}(?:[,.\u202f\u00a0]\d{3})+(?![\d])|(?<![$€£¥₹]\s?)(?<![\d.,])\d{4,}(?![\d])/g, token: '‹n›' },
];

/** The mask rules' identity, recorded with every scan's content. */
export const MASKING_VERSION = sha256(MASKS.map((mask) => `${mask.name}:${mask.pattern.source}/${mask.pattern.flags}`).join('\n')).slice(0, 12);

/** The text with its volatile tokens replaced by placeholders and its whitespace collapsed. */
export function maskVolatile(text: string): string {
  let masked = text.replace(/\s+/g, ' ').trim();
  for (const mask of MASKS) masked = masked.replace(mask.pattern, mask.token);
  return masked;
}

/** Characters of a block hash: 32 bits, ample within one monitor's recent blocks. */
const BLOCK_HASH_CHARS = 8;

/** The identity of a text block: a short hash of its masked form. */
export function blockHash(text: string): string {
  return sha256(maskVolatile(text)).slice(0, BLOCK_HASH_CHARS);
}
