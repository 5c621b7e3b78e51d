import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { headerValues } from '../wire.ts';

/**
 * The Observatory's `referrer-policy` test (src/analyzer/tests/referrer-policy.js;
 * test/referrer-policy.test.js): the header's values, then the `<meta name="referrer">`
 * content; the last token a browser recognises is the policy in force.
 */

export type ReferrerResult = Extract<ResultId, `referrer-policy-${string}`>;

const PRIVATE = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
const UNSAFE = ['origin', 'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade'];
const VALID = new Set([...PRIVATE, ...UNSAFE]);

export function referrerPolicyTest(evidence: Evidence): ReferrerResult {
  const header = headerValues(evidence.headers, 'referrer-policy');
  const meta = evidence.source.referrerMeta === null ? [] : [evidence.source.referrerMeta];
  // Test "checks for missing referrer header".
  if (header.length === 0 && meta.length === 0) return 'referrer-policy-not-implemented';
  // Tests "checks for multiple valid referrer headers" and "… valid and invalid mixed": the
  // last valid token wins, and the meta tag comes after the header.
  const policy = [...header, ...meta]
    .join(', ')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => VALID.has(token))
    .at(-1);
  if (policy === undefined) return 'referrer-policy-header-invalid';
  return PRIVATE.includes(policy) ? 'referrer-policy-private' : 'referrer-policy-unsafe';
}
