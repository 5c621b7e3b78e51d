import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { firstHeader } from '../wire.ts';

/**
 * The Observatory's `cross-origin-resource-sharing` test (src/analyzer/tests/cors.js;
 * test/cors.test.js), read from the answer to a CORS preflight of the page (OPTIONS, with
 * `Access-Control-Request-Method: GET` and the Observatory's own Origin).
 */

export type CorsResult = Extract<ResultId, `cross-origin-resource-sharing-${string}`>;

/** The Origin the Observatory sends (src/config.js `retriever.corsOrigin`). */
export const PREFLIGHT_ORIGIN = 'https://http-observatory.security.mozilla.org';
const MAX_HEADER_CHARS = 256;

/**
 * The Origin the test compares Access-Control-Allow-Origin with, as a real Observatory scan
 * has it: none. The test reads it from the request of the preflight's response
 * (`response.request.headers`), but that is Node's ClientRequest, which has no `headers`, so
 * in a scan a server that reflects any origin with credentials reads as restricted access,
 * never as universal access (−50); only the Observatory's unit test, which sets that field by
 * hand, reaches it. Checked by running its analyzer (main, August 2026, axios 1.x) on such a
 * preflight. Pass PREFLIGHT_ORIGIN to grade as its unit test does.
 */
export const ORIGIN_SEEN_IN_A_SCAN: string | null = null;

export function crossOriginResourceSharingTest(evidence: Evidence, comparedOrigin: string | null = ORIGIN_SEEN_IN_A_SCAN): CorsResult {
  const preflight = evidence.preflight;
  const allowOrigin = preflight ? firstHeader(preflight, 'access-control-allow-origin') : null;
  // Test "checks for not implemented".
  if (!preflight || !allowOrigin) return 'cross-origin-resource-sharing-not-implemented';
  // Test "checks for public access".
  if (allowOrigin.slice(0, MAX_HEADER_CHARS).trim().toLowerCase() === '*') return 'cross-origin-resource-sharing-implemented-with-public-access';
  // Test "checks for universal access": the Origin sent, reflected, with credentials.
  const credentials = firstHeader(preflight, 'access-control-allow-credentials');
  if (comparedOrigin !== null && allowOrigin === comparedOrigin && credentials?.toLowerCase().trim() === 'true')
    return 'cross-origin-resource-sharing-implemented-with-universal-access';
  // Test "checks for restricted access".
  return 'cross-origin-resource-sharing-implemented-with-restricted-access';
}
