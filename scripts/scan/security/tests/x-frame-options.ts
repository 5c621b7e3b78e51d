import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { firstHeader } from '../wire.ts';
import { analyseContentSecurityPolicy } from './content-security-policy.ts';

/**
 * The Observatory's `x-frame-options` test (src/analyzer/tests/x-frame-options.js;
 * test/x-frame-options.test.js). DENY and SAMEORIGIN earn +5 since Observatory 1.5.0
 * ("un-deprecated x-frame-options and re-score", #332); CSP frame-ancestors overrides the
 * header either way. An X-Frame-Options `<meta>` is ignored, as browsers ignore it.
 */

export type FrameOptionsResult = Extract<ResultId, `x-frame-options-${string}`>;

const MAX_HEADER_CHARS = 1024;

export function xFrameOptionsTest(evidence: Evidence): FrameOptionsResult {
  // Test "checks implemented via CSP".
  if (analyseContentSecurityPolicy(evidence).frameAncestors) return 'x-frame-options-implemented-via-csp';
  const header = firstHeader(evidence.headers, 'x-frame-options');
  // Tests "checks for missing" and "does not obey x-frame-options in meta equiv tags".
  if (!header) return 'x-frame-options-not-implemented';
  const value = header.slice(0, MAX_HEADER_CHARS).trim().toLowerCase();
  // Test "checks deny".
  if (value === 'deny' || value === 'sameorigin') return 'x-frame-options-sameorigin-or-deny';
  // Test "checks allow from origin".
  if (value.startsWith('allow-from')) return 'x-frame-options-allow-from-origin';
  // Test "checks validity": an unknown value, or the header sent twice ("SAMEORIGIN, SAMEORIGIN").
  return 'x-frame-options-header-invalid';
}
