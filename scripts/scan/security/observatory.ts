import { parse as parseDomain } from 'tldts';
import type { Grade, Security, SecurityFinding } from '../../schema/scan.ts';
import { LIMITS } from '../limits.ts';
import { CspParseError, DANGEROUSLY_BROAD, effectiveSources, hasNonceOrHash, parsePolicies, UNSAFE_INLINE, type Policy } from './csp.ts';
import { parseSetCookie } from './cookies.ts';
import { RESULTS, worst, type ResultId } from './results.ts';

/**
 * Security grading as the Mozilla HTTP Observatory scores it, for the tests that one page load
 * can judge: start at 100, subtract penalties, add bonuses only when the score is 90 or more,
 * and read the grade from the score rounded down to a multiple of 5. Pure.
 *
 * Left out, because one page load cannot judge them: the HSTS preload list (no offline copy),
 * CORS policy files, and Cross-Origin-Resource-Policy (not part of the grade the issue fixes).
 */

export interface SecurityInput {
  /** The final page's URL (after redirects). */
  readonly finalUrl: string;
  /** Final response headers, lowercase names. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** Set-Cookie headers of the document's responses. */
  readonly setCookies: readonly string[];
  /** `<meta http-equiv>` and `<meta name=referrer>` values, lowercase names. */
  readonly httpEquiv: Readonly<Record<string, readonly string[]>>;
  readonly isHtml: boolean;
  readonly scripts: readonly { readonly src: string; readonly integrity: string | null }[];
  /** `<script>` elements in the document, inline ones included. */
  readonly scriptCount: number;
  /** From http:// to the final URL, each hop; null when nothing answers on http://. */
  readonly httpRoute: readonly { readonly url: string; readonly status: number }[] | null;
}

/** Response headers worth recording with the grade (values as received, bounded). */
export const SECURITY_HEADERS = [
  'content-security-policy',
  'content-security-policy-report-only',
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
  'access-control-allow-origin',
] as const;

const GRADE_CHART: readonly (readonly [number, Grade])[] = [
  [100, 'A+'], [90, 'A'], [85, 'A-'], [80, 'B+'], [70, 'B'], [65, 'B-'], [60, 'C+'],
  [50, 'C'], [45, 'C-'], [40, 'D+'], [30, 'D'], [25, 'D-'], [0, 'F'],
];
const BASELINE = 100;
const MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;
/** 15768000 s is six months; the Observatory accepts the common 15552000 (180 days). */
const SIX_MONTHS_SECONDS = 15_552_000;

export function gradeFor(score: number): Grade {
  const rounded = Math.min(BASELINE, Math.max(0, score - (score % 5)));
  return GRADE_CHART.find(([floor]) => rounded >= floor)?.[1] ?? 'F';
}

export function securityReport(input: SecurityInput): Security {
  const results: [string, ResultId][] = [
    ['content-security-policy', cspTest(input)],
    ['cookies', cookiesTest(input)],
    ['redirection', redirectionTest(input)],
    ['referrer-policy', referrerPolicyTest(input)],
    ['strict-transport-security', hstsTest(input)],
    ['subresource-integrity', sriTest(input)],
    ['x-content-type-options', contentTypeOptionsTest(input)],
    ['x-frame-options', frameOptionsTest(input)],
  ];
  const findings: SecurityFinding[] = results.map(([test, result]) => ({
    test,
    pass: RESULTS[result].pass,
    result,
    scoreModifier: RESULTS[result].modifier,
    description: RESULTS[result].description,
  }));
  const penalties = findings.reduce((sum, finding) => sum + Math.min(0, finding.scoreModifier), 0);
  const bonuses = findings.reduce((sum, finding) => sum + Math.max(0, finding.scoreModifier), 0);
  let score = BASELINE + penalties;
  if (score >= MINIMUM_SCORE_FOR_EXTRA_CREDIT) score += bonuses;
  score = Math.max(0, score);
  return { headers: recordedHeaders(input.headers), score, grade: gradeFor(score), findings };
}

function recordedHeaders(headers: SecurityInput['headers']): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const name of SECURITY_HEADERS) {
    const values = headers[name];
    if (values && values.length > 0) recorded[name] = values.join(', ').slice(0, LIMITS.maxHeaderChars);
  }
  return recorded;
}

function isHttps(url: string): boolean {
  return url.startsWith('https:');
}

function cspPolicies(input: SecurityInput): { all: Policy; headerOnly: Policy } | 'invalid' | null {
  const header = input.headers['content-security-policy'] ?? [];
  const meta = input.isHtml ? (input.httpEquiv['content-security-policy'] ?? []) : [];
  if (header.length + meta.length === 0) return null;
  try {
    return { all: parsePolicies([...header, ...meta]), headerOnly: parsePolicies(header) };
  } catch (error) {
    if (error instanceof CspParseError) return 'invalid';
    throw error;
  }
}

function cspTest(input: SecurityInput): ResultId {
  const policies = cspPolicies(input);
  if (policies === null) return 'csp-not-implemented';
  if (policies === 'invalid') return 'csp-header-invalid';
  const policy = policies.all;
  const scriptSrc = effectiveSources(policy, 'script-src');
  const styleSrc = effectiveSources(policy, 'style-src');
  const objectSrc = effectiveSources(policy, 'object-src');
  // A nonce or hash makes browsers ignore 'unsafe-inline'.
  for (const sources of [scriptSrc, styleSrc]) if (hasNonceOrHash(sources)) sources.delete("'unsafe-inline'");
  if (scriptSrc.has("'strict-dynamic'")) {
    if (!hasNonceOrHash(scriptSrc)) return 'csp-header-invalid';
    // With strict-dynamic, host and scheme sources and 'self' are ignored by browsers.
    for (const source of scriptSrc) {
      if ([...DANGEROUSLY_BROAD].some((broad) => source.startsWith(broad)) || source === "'self'" || source === "'unsafe-inline'") scriptSrc.delete(source);
    }
  }
  const https = isHttps(input.finalUrl);
  const passive = ['img-src', 'media-src'].flatMap((directive) => [...(policy.get(directive) ?? policy.get('default-src') ?? [])]);
  const active = [
    ...[...policy].filter(([directive]) => directive !== 'script-src' && directive !== 'img-src' && directive !== 'media-src').flatMap(([, sources]) => [...sources]),
    ...scriptSrc,
  ];
  const insecure = (source: string) => source.startsWith('http:') || source.startsWith('ftp:');

  if ([...scriptSrc].some((source) => DANGEROUSLY_BROAD.has(source) || UNSAFE_INLINE.has(source)) || [...objectSrc].some((source) => DANGEROUSLY_BROAD.has(source))) {
    return 'csp-implemented-with-unsafe-inline';
  }
  if (https && active.some(insecure)) return 'csp-implemented-with-insecure-scheme';
  if (scriptSrc.has("'unsafe-eval'") || styleSrc.has("'unsafe-eval'")) return 'csp-implemented-with-unsafe-eval';
  if (https && passive.some(insecure)) return 'csp-implemented-with-insecure-scheme-in-passive-content-only';
  if ([...styleSrc].some((source) => DANGEROUSLY_BROAD.has(source) || UNSAFE_INLINE.has(source))) return 'csp-implemented-with-unsafe-inline-in-style-src-only';
  const defaultSrc = policy.get('default-src');
  if (defaultSrc?.has("'none'") && defaultSrc.size === 1) return 'csp-implemented-with-no-unsafe-default-src-none';
  return 'csp-implemented-with-no-unsafe';
}

function hstsTest(input: SecurityInput): ResultId {
  if (!isHttps(input.finalUrl)) return 'hsts-not-implemented-no-https';
  const header = input.headers['strict-transport-security']?.[0];
  if (header === undefined) return 'hsts-not-implemented';
  if (header.includes(',')) return 'hsts-header-invalid';
  const maxAge = header
    .split(';')
    .map((part) => part.trim().toLowerCase())
    .find((part) => part.startsWith('max-age='));
  const seconds = maxAge === undefined ? Number.NaN : Number.parseInt(maxAge.slice('max-age='.length).replace(/"/g, ''), 10);
  if (!Number.isFinite(seconds)) return 'hsts-header-invalid';
  return seconds >= SIX_MONTHS_SECONDS ? 'hsts-implemented-max-age-at-least-six-months' : 'hsts-implemented-max-age-less-than-six-months';
}

function cookiesTest(input: SecurityInput): ResultId {
  const cookies = input.setCookies.map(parseSetCookie).filter((cookie) => cookie !== null);
  if (cookies.length === 0) return 'cookies-not-found';
  const hsts = RESULTS[hstsTest(input)].pass;
  const overHttps = isHttps(input.finalUrl);
  let result: ResultId | null = null;
  let missingSameSite = false;
  for (const cookie of cookies) {
    const name = cookie.name.toLowerCase();
    const session = name.includes('login') || name.includes('sess');
    const antiCsrf = name.includes('csrf');
    const secure = cookie.secure && overHttps;
    if (cookie.sameSiteInvalid || (!secure && cookie.sameSite === 'none')) result = worst(result, 'cookies-samesite-flag-invalid');
    if (!secure) result = worst(result, hsts ? 'cookies-without-secure-flag-but-protected-by-hsts' : 'cookies-without-secure-flag');
    if (antiCsrf && cookie.sameSite === null) result = worst(result, 'cookies-anticsrf-without-samesite-flag');
    if (session && !secure) result = worst(result, hsts ? 'cookies-session-without-secure-flag-but-protected-by-hsts' : 'cookies-session-without-secure-flag');
    if (session && !cookie.httpOnly) result = worst(result, 'cookies-session-without-httponly-flag');
    if (cookie.sameSite === null) missingSameSite = true;
  }
  return result ?? (missingSameSite ? 'cookies-secure-with-httponly-sessions' : 'cookies-secure-with-httponly-sessions-and-samesite');
}

function redirectionTest(input: SecurityInput): ResultId {
  const route = input.httpRoute;
  if (route === null) return 'redirection-not-needed-no-http';
  const [first, second] = route;
  const last = route.at(-1);
  if (route.length <= 1 || first === undefined || second === undefined || last === undefined) return 'redirection-missing';
  if (!isHttps(last.url)) return 'redirection-not-to-https';
  if (!isHttps(second.url)) return 'redirection-not-to-https-on-initial-redirection';
  if (new URL(first.url).hostname !== new URL(second.url).hostname) return 'redirection-off-host-from-http';
  return 'redirection-to-https';
}

const PRIVATE_REFERRER = new Set(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']);
const UNSAFE_REFERRER = new Set(['origin', 'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade']);

function referrerPolicyTest(input: SecurityInput): ResultId {
  const values = [
    ...(input.headers['referrer-policy'] ?? []),
    ...(input.httpEquiv['referrer-policy'] ?? []),
    ...(input.httpEquiv['referrer'] ?? []),
  ];
  if (values.length === 0) return 'referrer-policy-not-implemented';
  // The last policy a browser recognises is the one it applies.
  const policy = values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toLowerCase())
    .filter((value) => PRIVATE_REFERRER.has(value) || UNSAFE_REFERRER.has(value))
    .at(-1);
  if (policy === undefined) return 'referrer-policy-header-invalid';
  return PRIVATE_REFERRER.has(policy) ? 'referrer-policy-private' : 'referrer-policy-unsafe';
}

function sriTest(input: SecurityInput): ResultId {
  if (!input.isHtml) return 'sri-not-implemented-response-not-html';
  if (input.scriptCount === 0) return 'sri-not-implemented-but-no-scripts-loaded';
  const page = new URL(input.finalUrl);
  const pageDomain = parseDomain(page.hostname).domain ?? page.hostname;
  let result: ResultId | null = null;
  let foreign = false;
  for (const script of input.scripts) {
    const url = new URL(script.src);
    const sameSite = (parseDomain(url.hostname).domain ?? url.hostname) === pageDomain;
    const secureScheme = url.protocol === 'https:';
    if (sameSite && (secureScheme || url.protocol === page.protocol)) {
      // Same-site scripts need no SRI, but earn the bonus when they have it.
      if (script.integrity && secureScheme && result === null) result = 'sri-implemented-and-all-scripts-loaded-securely';
      continue;
    }
    foreign = true;
    if (script.integrity && !secureScheme) result = worst(result, 'sri-implemented-but-external-scripts-not-loaded-securely');
    else if (!script.integrity && secureScheme) result = worst(result, 'sri-not-implemented-but-external-scripts-loaded-securely');
    else if (!script.integrity) result = worst(result, 'sri-not-implemented-and-external-scripts-not-loaded-securely');
  }
  return result ?? (foreign ? 'sri-implemented-and-external-scripts-loaded-securely' : 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin');
}

function contentTypeOptionsTest(input: SecurityInput): ResultId {
  const header = input.headers['x-content-type-options']?.[0];
  if (header === undefined) return 'x-content-type-options-not-implemented';
  return header.trim().toLowerCase() === 'nosniff' ? 'x-content-type-options-nosniff' : 'x-content-type-options-header-invalid';
}

function frameOptionsTest(input: SecurityInput): ResultId {
  const policies = cspPolicies(input);
  // frame-ancestors only counts when sent as a header; browsers ignore it in <meta>.
  if (policies !== null && policies !== 'invalid' && policies.headerOnly.has('frame-ancestors')) return 'x-frame-options-implemented-via-csp';
  const header = input.headers['x-frame-options']?.[0];
  if (header === undefined) return 'x-frame-options-not-implemented';
  const value = header.trim().toLowerCase();
  if (value === 'deny' || value === 'sameorigin') return 'x-frame-options-sameorigin-or-deny';
  if (value.startsWith('allow-from')) return 'x-frame-options-allow-from-origin';
  return 'x-frame-options-header-invalid';
}
