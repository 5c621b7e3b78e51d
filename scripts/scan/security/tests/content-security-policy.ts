import { CspParseError, parseMetaPolicies, parsePolicies, splitPolicies, type Policy } from '../csp-policy.ts';
import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';
import { headerValues } from '../wire.ts';

/**
 * The Observatory's `content-security-policy` test (src/analyzer/tests/csp.js; test/csp.test.js).
 * The header policies and the `<meta http-equiv>` policies are folded into one policy, then
 * checked in the Observatory's order; the first check that fails names the result.
 */

export type CspResult = Extract<ResultId, `csp-${string}`>;

export interface CspAnalysis {
  readonly result: CspResult;
  /**
   * The folded policy has frame-ancestors (a meta policy's included: the Observatory drops it
   * only when judging whether any policy is left). Read by the x-frame-options test; false
   * whenever the test stopped early (no policy, an invalid one).
   */
  readonly frameAncestors: boolean;
}

/** Sources that allow too much ("dangerously broad"). */
const BROAD = new Set(['ftp:', 'http:', 'https:', '*', 'http://*', 'http://*.*', 'https://*', 'https://*.*']);
const INLINE = new Set(["'unsafe-inline'", 'data:']);
const BROAD_OR_INLINE = new Set([...BROAD, ...INLINE]);
const PASSIVE = ['img-src', 'media-src'];
const NONCE_OR_HASH = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"];
const ANYTHING = () => new Set(['*']);

const hasNonceOrHash = (sources: ReadonlySet<string>) => [...sources].some((source) => NONCE_OR_HASH.some((prefix) => source.startsWith(prefix)));
const insecure = (source: string) => source.startsWith('http:') || source.startsWith('ftp:');

export function contentSecurityPolicyTest(evidence: Evidence): CspResult {
  return analyseContentSecurityPolicy(evidence).result;
}

export function analyseContentSecurityPolicy(evidence: Evidence): CspAnalysis {
  const headerPolicies = splitPolicies(headerValues(evidence.headers, 'content-security-policy'));
  const metaPolicies = splitPolicies(evidence.source.cspMeta);
  // Test "header invalid": an empty or too short policy, a repeated directive.
  let folded: { policy: Policy; duplicateReportDirectives: boolean };
  try {
    folded = parsePolicies([...headerPolicies, ...metaPolicies]);
  } catch (error) {
    if (error instanceof CspParseError) return { result: 'csp-header-invalid', frameAncestors: false };
    throw error;
  }
  const headerOnly = parsedOrEmpty(() => parsePolicies(headerPolicies).policy);
  const metaOnly = parsedOrEmpty(() => parseMetaPolicies(metaPolicies).policy);
  // Test "ignore frame-anchestors in http-equiv": a meta policy of only frame-ancestors counts as none.
  if (headerOnly.size + metaOnly.size === 0) {
    // Test "report only": Content-Security-Policy-Report-Only alone enforces nothing.
    const reportOnly = headerValues(evidence.headers, 'content-security-policy-report-only')[0];
    return { result: reportOnly ? 'csp-not-implemented-but-reporting-enabled' : 'csp-not-implemented', frameAncestors: false };
  }
  const { policy } = folded;
  // As in the Observatory, a directive that falls back to default-src is the very same set
  // as default-src: removing a source from one removes it from the others.
  const objectSrc = policy.get('object-src') ?? policy.get('default-src') ?? ANYTHING();
  const scriptSrc = policy.get('script-src') ?? policy.get('default-src') ?? ANYTHING();
  const styleSrc = policy.get('style-src') ?? policy.get('default-src') ?? ANYTHING();

  // Test "no unsafe": a nonce or hash makes browsers ignore 'unsafe-inline'.
  for (const sources of [scriptSrc, styleSrc]) if (hasNonceOrHash(sources)) sources.delete("'unsafe-inline'");

  let result: CspResult | null = null;
  // Test "strict dynamic": with a nonce or hash, 'strict-dynamic' makes browsers ignore host and
  // scheme sources, 'self' and 'unsafe-inline'; without one the policy is invalid.
  if (hasNonceOrHash(scriptSrc) && scriptSrc.has("'strict-dynamic'")) {
    for (const source of scriptSrc) {
      if ([...BROAD].some((broad) => source.startsWith(broad)) || source === "'self'" || source === "'unsafe-inline'") scriptSrc.delete(source);
    }
  } else if (scriptSrc.has("'strict-dynamic'")) {
    result = 'csp-header-invalid';
  }

  const active = [
    ...[...policy].filter(([directive]) => !PASSIVE.includes(directive) && directive !== 'script-src').flatMap(([, sources]) => [...sources]),
    ...scriptSrc,
  ];
  const passive = PASSIVE.flatMap((directive) => [...(policy.get(directive) ?? policy.get('default-src') ?? [])]);

  // Test "unsafe inline": 'unsafe-inline', data: or a broad source in script-src, a broad
  // source in object-src, or either left unrestricted.
  if ([...scriptSrc].some((source) => BROAD_OR_INLINE.has(source)) || [...objectSrc].some((source) => BROAD.has(source)))
    result ??= 'csp-implemented-with-unsafe-inline';
  // Test "insecure scheme": an https page allowing active content over http: or ftp:.
  if (evidence.https && active.some(insecure)) result ??= 'csp-implemented-with-insecure-scheme';
  // Test "unsafe eval".
  if (scriptSrc.has("'unsafe-eval'") || styleSrc.has("'unsafe-eval'")) result ??= 'csp-implemented-with-unsafe-eval';
  // Test "insecure scheme in passive content only": images or media over http: or ftp:.
  if (evidence.https && passive.some(insecure)) result ??= 'csp-implemented-with-insecure-scheme-in-passive-content-only';
  // Test "unsafe inline in style src only".
  if ([...styleSrc].some((source) => BROAD_OR_INLINE.has(source))) result ??= 'csp-implemented-with-unsafe-inline-in-style-src-only';
  // Tests "no unsafe default src none" and "no unsafe".
  const defaultSrc = policy.get('default-src');
  result ??= defaultSrc?.has("'none'") && defaultSrc.size === 1 ? 'csp-implemented-with-no-unsafe-default-src-none' : 'csp-implemented-with-no-unsafe';

  // A passing policy that repeats report-uri or report-to is reported as such (worth 0).
  if (PASSING.has(result) && folded.duplicateReportDirectives) result = 'csp-implemented-but-duplicate-directives';
  return { result, frameAncestors: policy.has('frame-ancestors') };
}

const PASSING = new Set<CspResult>([
  'csp-implemented-with-no-unsafe',
  'csp-implemented-with-no-unsafe-default-src-none',
  'csp-implemented-with-unsafe-inline-in-style-src-only',
  'csp-implemented-with-insecure-scheme-in-passive-content-only',
]);

/** The header-only and meta-only readings decide only whether any policy is there; invalid is none. */
function parsedOrEmpty(parse: () => Policy): Policy {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CspParseError) return new Map();
    throw error;
  }
}
