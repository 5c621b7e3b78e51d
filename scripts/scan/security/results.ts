/**
 * Every result of the MDN HTTP Observatory's algorithm 6 (mdn-http-observatory main, August
 * 2026): its id as the Observatory names it, its score modifier (src/grader/charts.js
 * SCORE_TABLE) and whether the Observatory counts it as a pass (each test's `pass` list in
 * src/analyzer/tests/*.js). Descriptions are ours, in plain text.
 */

interface ResultSpec {
  readonly modifier: number;
  readonly pass: boolean;
  readonly description: string;
}

export const RESULTS = {
  // content-security-policy
  'csp-implemented-with-no-unsafe-default-src-none': { modifier: 10, pass: true, description: "CSP with default-src 'none' and nothing unsafe" },
  'csp-implemented-with-no-unsafe': { modifier: 5, pass: true, description: "CSP without 'unsafe-inline', 'unsafe-eval' or overly broad script sources" },
  'csp-implemented-with-unsafe-inline-in-style-src-only': {
    modifier: 0,
    pass: true,
    description: "CSP is unsafe only in style-src ('unsafe-inline', data: or a broad source)",
  },
  'csp-implemented-with-insecure-scheme-in-passive-content-only': {
    modifier: -10,
    pass: true,
    description: 'CSP on an https page lets images or media load over http: or ftp:',
  },
  'csp-implemented-with-unsafe-eval': { modifier: -10, pass: false, description: "CSP allows 'unsafe-eval'" },
  'csp-implemented-with-unsafe-inline': {
    modifier: -20,
    pass: false,
    description: "CSP allows 'unsafe-inline', data: or overly broad sources in script-src or object-src, or does not restrict them",
  },
  'csp-implemented-with-insecure-scheme': {
    modifier: -20,
    pass: false,
    description: 'CSP on an https page lets scripts or other active content load over http: or ftp:',
  },
  'csp-implemented-but-duplicate-directives': { modifier: 0, pass: true, description: 'CSP would pass, but repeats report-uri or report-to' },
  'csp-header-invalid': {
    modifier: -25,
    pass: false,
    description: "CSP cannot be parsed (an empty policy, a repeated directive, 'strict-dynamic' without a nonce or hash)",
  },
  'csp-not-implemented': { modifier: -25, pass: false, description: 'No Content-Security-Policy' },
  'csp-not-implemented-but-reporting-enabled': { modifier: -25, pass: false, description: 'Only Content-Security-Policy-Report-Only: nothing is enforced' },
  // cookies
  'cookies-secure-with-httponly-sessions-and-samesite': {
    modifier: 5,
    pass: true,
    description: 'Every cookie Secure, session cookies HttpOnly, every cookie with SameSite',
  },
  'cookies-secure-with-httponly-sessions': { modifier: 0, pass: true, description: 'Every cookie Secure and session cookies HttpOnly, but SameSite missing' },
  'cookies-not-found': { modifier: 0, pass: true, description: 'No cookies set' },
  'cookies-without-secure-flag-but-protected-by-hsts': { modifier: -5, pass: false, description: 'Cookies without Secure, but HSTS keeps them off plain HTTP' },
  'cookies-session-without-secure-flag-but-protected-by-hsts': {
    modifier: -10,
    pass: false,
    description: 'A session cookie without Secure, but HSTS keeps it off plain HTTP',
  },
  'cookies-without-secure-flag': { modifier: -20, pass: false, description: 'Cookies without Secure' },
  'cookies-samesite-flag-invalid': {
    modifier: -20,
    pass: false,
    description: 'A cookie with an empty or unknown SameSite value, or SameSite=None without Secure',
  },
  'cookies-anticsrf-without-samesite-flag': { modifier: -20, pass: false, description: 'An anti-CSRF cookie without SameSite' },
  'cookies-session-without-httponly-flag': { modifier: -30, pass: false, description: 'A session cookie without HttpOnly' },
  'cookies-session-without-secure-flag': { modifier: -40, pass: false, description: 'A session cookie without Secure' },
  // cross-origin-embedder-policy
  'coep-implemented-with-require-corp': { modifier: 10, pass: true, description: 'Cross-Origin-Embedder-Policy: require-corp' },
  'coep-implemented-with-credentialless': { modifier: 10, pass: true, description: 'Cross-Origin-Embedder-Policy: credentialless' },
  'coep-implemented-with-unsafe-none': { modifier: 0, pass: true, description: 'Cross-Origin-Embedder-Policy: unsafe-none (the default)' },
  'coep-not-implemented': { modifier: 0, pass: true, description: 'No Cross-Origin-Embedder-Policy' },
  'coep-header-invalid': {
    modifier: -5,
    pass: false,
    description: 'Cross-Origin-Embedder-Policy cannot be recognised (sent twice, quoted, capitalised, malformed)',
  },
  // cross-origin-opener-policy
  'coop-implemented-with-same-origin': { modifier: 10, pass: true, description: 'Cross-Origin-Opener-Policy: same-origin' },
  'coop-implemented-with-same-origin-allow-popups': { modifier: 10, pass: true, description: 'Cross-Origin-Opener-Policy: same-origin-allow-popups' },
  'coop-implemented-with-noopener-allow-popups': { modifier: 10, pass: true, description: 'Cross-Origin-Opener-Policy: noopener-allow-popups' },
  'coop-implemented-with-unsafe-none': { modifier: 0, pass: true, description: 'Cross-Origin-Opener-Policy: unsafe-none (the default)' },
  'coop-not-implemented': { modifier: 0, pass: true, description: 'No Cross-Origin-Opener-Policy' },
  'coop-header-invalid': {
    modifier: -5,
    pass: false,
    description: 'Cross-Origin-Opener-Policy cannot be recognised (sent twice, quoted, capitalised, malformed)',
  },
  // cross-origin-resource-sharing
  'cross-origin-resource-sharing-not-implemented': { modifier: 0, pass: true, description: 'No CORS access to the page' },
  'cross-origin-resource-sharing-implemented-with-public-access': { modifier: 0, pass: true, description: 'CORS: Access-Control-Allow-Origin: *' },
  'cross-origin-resource-sharing-implemented-with-restricted-access': { modifier: 0, pass: true, description: 'CORS access restricted to specific origins' },
  'cross-origin-resource-sharing-implemented-with-universal-access': {
    modifier: -50,
    pass: false,
    description: 'CORS reflects any origin and allows credentials: open to cross-site request forgery',
  },
  // redirection
  'redirection-all-redirects-preloaded': { modifier: 0, pass: true, description: 'Every host redirected through is on the HSTS preload list' },
  'redirection-to-https': { modifier: 0, pass: true, description: 'http:// redirects to https:// on the same host first, and ends on https://' },
  'redirection-not-needed-no-http': { modifier: 0, pass: true, description: 'Nothing answers on http://, so no redirection is needed' },
  'redirection-off-host-from-http': {
    modifier: -5,
    pass: false,
    description: 'http:// first redirects to https:// on another host, where HSTS cannot be set for this one',
  },
  'redirection-not-to-https-on-initial-redirection': { modifier: -10, pass: false, description: 'http:// first redirects to another http:// URL' },
  'redirection-not-to-https': { modifier: -20, pass: false, description: 'http:// redirects, but not to an https:// page' },
  'redirection-missing': { modifier: -20, pass: false, description: 'http:// does not redirect to https://' },
  'redirection-invalid-cert': { modifier: -20, pass: false, description: 'Redirecting from http:// reaches a certificate that does not verify' },
  // referrer-policy
  'referrer-policy-private': {
    modifier: 5,
    pass: true,
    description: 'Referrer-Policy no-referrer, same-origin, strict-origin or strict-origin-when-cross-origin',
  },
  'referrer-policy-not-implemented': { modifier: 0, pass: true, description: 'No Referrer-Policy (browsers default to strict-origin-when-cross-origin)' },
  'referrer-policy-unsafe': {
    modifier: -5,
    pass: false,
    description: 'Referrer-Policy origin, origin-when-cross-origin, unsafe-url or no-referrer-when-downgrade',
  },
  'referrer-policy-header-invalid': { modifier: -5, pass: false, description: 'Referrer-Policy cannot be recognised' },
  // strict-transport-security
  'hsts-preloaded': { modifier: 5, pass: true, description: 'On the HSTS preload list' },
  'hsts-implemented-max-age-at-least-six-months': { modifier: 0, pass: true, description: 'Strict-Transport-Security with a max-age of at least six months' },
  'hsts-implemented-max-age-less-than-six-months': { modifier: -10, pass: false, description: 'Strict-Transport-Security with a max-age under six months' },
  'hsts-not-implemented': { modifier: -20, pass: false, description: 'No Strict-Transport-Security' },
  'hsts-header-invalid': { modifier: -20, pass: false, description: 'Strict-Transport-Security cannot be recognised (no max-age, or sent twice)' },
  'hsts-not-implemented-no-https': { modifier: -20, pass: false, description: 'Strict-Transport-Security needs https, and the page is not served over https' },
  'hsts-invalid-cert': { modifier: -20, pass: false, description: 'Strict-Transport-Security cannot work with a certificate that does not verify' },
  // subresource-integrity
  'sri-implemented-and-all-scripts-loaded-securely': { modifier: 5, pass: true, description: 'Subresource integrity on scripts, all from the same site' },
  'sri-implemented-and-external-scripts-loaded-securely': {
    modifier: 5,
    pass: true,
    description: 'Subresource integrity on every external script, all over https',
  },
  'sri-not-implemented-response-not-html': { modifier: 0, pass: true, description: 'Not an HTML page' },
  'sri-not-implemented-but-no-scripts-loaded': { modifier: 0, pass: true, description: 'No script elements' },
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin': {
    modifier: 0,
    pass: true,
    description: 'No subresource integrity, but every script is from the same site',
  },
  'sri-not-implemented-but-external-scripts-loaded-securely': {
    modifier: -5,
    pass: false,
    description: 'External scripts over https without subresource integrity',
  },
  'sri-implemented-but-external-scripts-not-loaded-securely': {
    modifier: -20,
    pass: false,
    description: 'Subresource integrity, but external scripts over http:// or protocol-relative //',
  },
  'sri-not-implemented-and-external-scripts-not-loaded-securely': {
    modifier: -50,
    pass: false,
    description: 'External scripts over http:// or protocol-relative // without subresource integrity',
  },
  // x-content-type-options
  'x-content-type-options-nosniff': { modifier: 0, pass: true, description: 'X-Content-Type-Options: nosniff' },
  'x-content-type-options-not-implemented': { modifier: -5, pass: false, description: 'No X-Content-Type-Options' },
  'x-content-type-options-header-invalid': {
    modifier: -5,
    pass: false,
    description: 'X-Content-Type-Options cannot be recognised (not nosniff, or sent twice)',
  },
  // x-frame-options
  'x-frame-options-implemented-via-csp': { modifier: 5, pass: true, description: 'Framing restricted by CSP frame-ancestors' },
  'x-frame-options-sameorigin-or-deny': { modifier: 5, pass: true, description: 'X-Frame-Options: SAMEORIGIN or DENY' },
  'x-frame-options-allow-from-origin': { modifier: 0, pass: true, description: 'X-Frame-Options: ALLOW-FROM (ignored by current browsers)' },
  'x-frame-options-not-implemented': { modifier: -20, pass: false, description: 'No X-Frame-Options and no CSP frame-ancestors' },
  'x-frame-options-header-invalid': { modifier: -20, pass: false, description: 'X-Frame-Options cannot be recognised (an unknown value, or sent twice)' },
  // cross-origin-resource-policy
  'corp-implemented-with-same-origin': { modifier: 10, pass: true, description: 'Cross-Origin-Resource-Policy: same-origin' },
  'corp-implemented-with-same-site': { modifier: 10, pass: true, description: 'Cross-Origin-Resource-Policy: same-site' },
  'corp-implemented-with-cross-origin': { modifier: 0, pass: true, description: 'Cross-Origin-Resource-Policy: cross-origin (the default)' },
  'corp-not-implemented': { modifier: 0, pass: true, description: 'No Cross-Origin-Resource-Policy (defaults to cross-origin)' },
  'corp-header-invalid': { modifier: -5, pass: false, description: 'Cross-Origin-Resource-Policy cannot be recognised (an unknown value, or sent twice)' },
} as const satisfies Record<string, ResultSpec>;

export type ResultId = keyof typeof RESULTS;

/**
 * Among several problems a test reports the worst, in the test's own order from best to
 * worst (the Observatory's `onlyIfWorse`): a candidate replaces the current result only when
 * it comes strictly later in `order`.
 */
export function onlyIfWorse<T extends ResultId>(candidate: T, current: T | null, order: readonly T[]): T {
  if (current === null) return candidate;
  return order.indexOf(candidate) > order.indexOf(current) ? candidate : current;
}
