/**
 * Response headers as the Observatory's tests read them. It fetches with axios on Node, so
 * every test sees Node's merge of the header lines the server sent: `Set-Cookie` lines stay a
 * list, a repeated `Content-Type` keeps its first value, and any other repeated header becomes
 * one value joined with ", " (axios then trims it). That merge is what makes two
 * `Strict-Transport-Security` lines an invalid header and two `Content-Security-Policy`
 * lines two policies, so it is reproduced here from the raw lines. Pure.
 */

/** One header line as the server sent it: name (any case) and value. */
export type HeaderLine = readonly [name: string, value: string];

/** Lowercase name → the merged value; `set-cookie` → its lines. */
export type MergedHeaders = ReadonlyMap<string, string | readonly string[]>;

/**
 * Headers of which Node keeps only the first line (node:_http_incoming `matchKnownFields`).
 * Of these only Content-Type matters to a test (the SRI test and the `<meta>` reading).
 */
const FIRST_WINS = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

export function mergeHeaderLines(lines: readonly HeaderLine[]): MergedHeaders {
  const merged = new Map<string, string | string[]>();
  for (const [rawName, rawValue] of lines) {
    const name = rawName.toLowerCase();
    const value = rawValue.trim();
    const existing = merged.get(name);
    if (name === 'set-cookie') merged.set(name, [...(Array.isArray(existing) ? existing : []), value]);
    else if (existing === undefined) merged.set(name, value);
    else if (!FIRST_WINS.has(name)) merged.set(name, `${String(existing)}, ${value}`.trim());
  }
  return merged;
}

/** Every value under a name (the Observatory's `getHttpHeaders`): the merged one, or the cookie lines. */
export function headerValues(headers: MergedHeaders, name: string): readonly string[] {
  const value = headers.get(name);
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** The first value under a name (the Observatory's `getFirstHttpHeader`), null when absent. */
export function firstHeader(headers: MergedHeaders, name: string): string | null {
  return headerValues(headers, name)[0] ?? null;
}
