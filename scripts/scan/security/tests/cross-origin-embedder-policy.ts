import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { headerValues } from '../wire.ts';
import { structuredToken } from './structured-token.ts';

/**
 * The Observatory's `cross-origin-embedder-policy` test, new in algorithm 6
 * (src/analyzer/tests/cross-origin-embedder-policy.js; test/cross-origin-embedder-policy.test.js).
 * Read like Cross-Origin-Opener-Policy: a case-sensitive structured-field token.
 */

export type CoepResult = Extract<ResultId, `coep-${string}`>;

const MAX_HEADER_CHARS = 1024;
const POLICIES: ReadonlyMap<string, CoepResult> = new Map(
  Object.entries({
    'require-corp': 'coep-implemented-with-require-corp',
    credentialless: 'coep-implemented-with-credentialless',
    'unsafe-none': 'coep-implemented-with-unsafe-none',
  } satisfies Record<string, CoepResult>),
);

export function crossOriginEmbedderPolicyTest(evidence: Evidence): CoepResult {
  const values = headerValues(evidence.headers, 'cross-origin-embedder-policy');
  if (values.length > 1) return 'coep-header-invalid';
  const header = values[0];
  // Test "checks for missing"; an empty header counts as none.
  if (!header) return 'coep-not-implemented';
  const token = structuredToken(header.slice(0, MAX_HEADER_CHARS).trim());
  // Tests "rejects …" and "accepts …".
  return (token !== null ? POLICIES.get(token) : undefined) ?? 'coep-header-invalid';
}
