import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { headerValues } from '../wire.ts';
import { structuredToken } from './structured-token.ts';

/**
 * The Observatory's `cross-origin-opener-policy` test, new in algorithm 6
 * (src/analyzer/tests/cross-origin-opener-policy.js; test/cross-origin-opener-policy.test.js).
 * Tokens are case-sensitive; a header sent twice is one value with a comma, which is not a
 * structured-field item, so it is invalid too.
 */

export type CoopResult = Extract<ResultId, `coop-${string}`>;

const MAX_HEADER_CHARS = 1024;
const POLICIES: ReadonlyMap<string, CoopResult> = new Map(
  Object.entries({
    'same-origin': 'coop-implemented-with-same-origin',
    'same-origin-allow-popups': 'coop-implemented-with-same-origin-allow-popups',
    'noopener-allow-popups': 'coop-implemented-with-noopener-allow-popups',
    'unsafe-none': 'coop-implemented-with-unsafe-none',
  } satisfies Record<string, CoopResult>),
);

export function crossOriginOpenerPolicyTest(evidence: Evidence): CoopResult {
  const values = headerValues(evidence.headers, 'cross-origin-opener-policy');
  if (values.length > 1) return 'coop-header-invalid';
  const header = values[0];
  // Test "checks for missing"; an empty header counts as none.
  if (!header) return 'coop-not-implemented';
  const token = structuredToken(header.slice(0, MAX_HEADER_CHARS).trim());
  // Tests "rejects …" and "accepts …".
  return (token !== null ? POLICIES.get(token) : undefined) ?? 'coop-header-invalid';
}
