import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { firstHeader } from '../wire.ts';

/** The Observatory's `x-content-type-options` test (src/analyzer/tests/x-content-type-options.js). */

export type ContentTypeOptionsResult = Extract<ResultId, `x-content-type-options-${string}`>;

const MAX_HEADER_CHARS = 256;

export function xContentTypeOptionsTest(evidence: Evidence): ContentTypeOptionsResult {
  const header = firstHeader(evidence.headers, 'x-content-type-options');
  // An empty header counts as none; "nosniff, nosniff" (sent twice) is not nosniff.
  if (!header) return 'x-content-type-options-not-implemented';
  return header.slice(0, MAX_HEADER_CHARS).trim().toLowerCase() === 'nosniff' ? 'x-content-type-options-nosniff' : 'x-content-type-options-header-invalid';
}
