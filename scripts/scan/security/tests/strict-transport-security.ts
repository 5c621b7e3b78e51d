import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { headerValues } from '../wire.ts';

/**
 * The Observatory's `strict-transport-security` test (src/analyzer/tests/strict-transport-security.js;
 * test/strict-transport-security.test.js), read from the page's https response.
 *
 * Not judged: `hsts-preloaded` (+5), which needs the HSTS preload list (we keep no copy of it),
 * and `hsts-invalid-cert`, which a scan never reaches: a certificate that does not verify ends
 * the scan with a `tls` error instead.
 */

export type HstsResult = Extract<ResultId, `hsts-${string}`>;

/** 15768000 s is six months; the Observatory accepts the common 15552000 (180 days). */
const SIX_MONTHS_SECONDS = 15_552_000;
/** The Observatory reads at most this much of the header, and of the max-age value. */
const MAX_HEADER_CHARS = 1024;
const MAX_AGE_DIGITS_READ = 128;

export function strictTransportSecurityTest(evidence: Evidence): HstsResult {
  // Test "no https".
  if (!evidence.https) return 'hsts-not-implemented-no-https';
  const values = headerValues(evidence.headers, 'strict-transport-security');
  // Test "missing".
  if (values.length === 0) return 'hsts-not-implemented';
  const header = (values[0] ?? '').slice(0, MAX_HEADER_CHARS);
  // Test "header invalid": the header sent twice (merged with a comma), or without max-age.
  if (header.includes(',')) return 'hsts-header-invalid';
  let maxAge: number | null = null;
  for (const parameter of header.split(';').map((part) => part.trim().toLowerCase())) {
    if (parameter.startsWith('max-age=')) maxAge = Number.parseInt(parameter.slice('max-age='.length, MAX_AGE_DIGITS_READ), 10);
  }
  if (maxAge === null) return 'hsts-header-invalid';
  // Tests "max age too low" and "implemented". A max-age that is not a number (NaN) is not
  // below six months, so the Observatory counts it as at least six months; so does this.
  return maxAge < SIX_MONTHS_SECONDS ? 'hsts-implemented-max-age-less-than-six-months' : 'hsts-implemented-max-age-at-least-six-months';
}
