import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { headerValues } from '../wire.ts';

/**
 * The Observatory's `cross-origin-resource-policy` test
 * (src/analyzer/tests/cross-origin-resource-policy.js; test/cross-origin-resource-policy.test.js).
 * A header sent twice is invalid (#562). The test would also read a CORP `<meta http-equiv>`,
 * but the Observatory's page reader never collects one, so only the header counts.
 */

export type CorpResult = Extract<ResultId, `corp-${string}`>;

const MAX_HEADER_CHARS = 256;

export function crossOriginResourcePolicyTest(evidence: Evidence): CorpResult {
  const header = headerValues(evidence.headers, 'cross-origin-resource-policy').join(', ');
  // Test "checks for missing".
  if (!header) return 'corp-not-implemented';
  switch (header.slice(0, MAX_HEADER_CHARS).trim().toLowerCase()) {
    case 'same-site':
      return 'corp-implemented-with-same-site';
    case 'same-origin':
      return 'corp-implemented-with-same-origin';
    case 'cross-origin':
      return 'corp-implemented-with-cross-origin';
    default:
      // Tests "checks header validity" and "checks for multiple headers".
      return 'corp-header-invalid';
  }
}
