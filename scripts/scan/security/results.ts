/**
 * The Mozilla HTTP Observatory's results for the tests one page load can judge, with their
 * published score modifiers (developer.mozilla.org "HTTP Observatory: tests and scoring").
 * Descriptions are ours. `pass` follows the Observatory's pass/fail per result.
 */

interface ResultSpec {
  readonly modifier: number;
  readonly pass: boolean;
  readonly description: string;
}

export const RESULTS = {
  // content-security-policy
  'csp-implemented-with-no-unsafe-default-src-none': { modifier: 10, pass: true, description: "CSP with default-src 'none' and nothing unsafe" },
  'csp-implemented-with-no-unsafe': { modifier: 5, pass: true, description: "CSP without 'unsafe-inline' or 'unsafe-eval'" },
  'csp-implemented-with-unsafe-inline-in-style-src-only': { modifier: 0, pass: true, description: 'CSP is unsafe only in style-src' },
  'csp-implemented-with-insecure-scheme-in-passive-content-only': { modifier: -10, pass: true, description: 'CSP lets images or media load over HTTP' },
  'csp-implemented-with-unsafe-eval': { modifier: -10, pass: false, description: "CSP allows 'unsafe-eval'" },
  'csp-implemented-with-insecure-scheme': { modifier: -20, pass: false, description: 'CSP lets resources load over HTTP' },
  'csp-implemented-with-unsafe-inline': { modifier: -20, pass: false, description: "CSP allows 'unsafe-inline', data: or overly broad sources in script-src or object-src" },
  'csp-header-invalid': { modifier: -25, pass: false, description: 'CSP header cannot be parsed' },
  'csp-not-implemented': { modifier: -25, pass: false, description: 'No Content-Security-Policy' },
  // cookies
  'cookies-secure-with-httponly-sessions-and-samesite': { modifier: 5, pass: true, description: 'All cookies Secure, session cookies HttpOnly, SameSite set' },
  'cookies-secure-with-httponly-sessions': { modifier: 0, pass: true, description: 'All cookies Secure and session cookies HttpOnly, SameSite missing' },
  'cookies-not-found': { modifier: 0, pass: true, description: 'No cookies set' },
  'cookies-without-secure-flag-but-protected-by-hsts': { modifier: -5, pass: false, description: 'Cookies without Secure, but HSTS protects them' },
  'cookies-session-without-secure-flag-but-protected-by-hsts': { modifier: -10, pass: false, description: 'Session cookie without Secure, but HSTS protects it' },
  'cookies-without-secure-flag': { modifier: -20, pass: false, description: 'Cookies without Secure, or set over HTTP' },
  'cookies-samesite-flag-invalid': { modifier: -20, pass: false, description: 'Cookies with an invalid SameSite value (or SameSite=None without Secure)' },
  'cookies-anticsrf-without-samesite-flag': { modifier: -20, pass: false, description: 'Anti-CSRF cookie without SameSite' },
  'cookies-session-without-httponly-flag': { modifier: -30, pass: false, description: 'Session cookie without HttpOnly' },
  'cookies-session-without-secure-flag': { modifier: -40, pass: false, description: 'Session cookie without Secure, or set over HTTP' },
  // redirection
  'redirection-to-https': { modifier: 0, pass: true, description: 'http:// redirects to https:// on the same host first' },
  'redirection-not-needed-no-http': { modifier: 0, pass: true, description: 'Nothing answers on http://, so no redirection is needed' },
  'redirection-off-host-from-http': { modifier: -5, pass: false, description: 'http:// redirects to https:// on another host first, which defeats HSTS' },
  'redirection-not-to-https-on-initial-redirection': { modifier: -10, pass: false, description: 'http:// first redirects to another http:// URL' },
  'redirection-missing': { modifier: -20, pass: false, description: 'http:// does not redirect to https://' },
  'redirection-not-to-https': { modifier: -20, pass: false, description: 'Redirects, but the final page is not https://' },
  // referrer-policy
  'referrer-policy-private': { modifier: 5, pass: true, description: 'Referrer-Policy keeps URLs private' },
  'referrer-policy-not-implemented': { modifier: 0, pass: true, description: 'No Referrer-Policy (browsers default to strict-origin-when-cross-origin)' },
  'referrer-policy-unsafe': { modifier: -5, pass: false, description: 'Referrer-Policy leaks URLs (origin, unsafe-url, no-referrer-when-downgrade …)' },
  'referrer-policy-header-invalid': { modifier: -5, pass: false, description: 'Referrer-Policy cannot be recognised' },
  // strict-transport-security
  'hsts-implemented-max-age-at-least-six-months': { modifier: 0, pass: true, description: 'HSTS with max-age of at least six months' },
  'hsts-implemented-max-age-less-than-six-months': { modifier: -10, pass: false, description: 'HSTS with max-age under six months' },
  'hsts-not-implemented': { modifier: -20, pass: false, description: 'No Strict-Transport-Security' },
  'hsts-header-invalid': { modifier: -20, pass: false, description: 'Strict-Transport-Security cannot be recognised' },
  'hsts-not-implemented-no-https': { modifier: -20, pass: false, description: 'HSTS needs https://, and the page is not https' },
  // subresource-integrity
  'sri-implemented-and-all-scripts-loaded-securely': { modifier: 5, pass: true, description: 'SRI on scripts, all from the same site' },
  'sri-implemented-and-external-scripts-loaded-securely': { modifier: 5, pass: true, description: 'SRI on external scripts, all over https' },
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin': { modifier: 0, pass: true, description: 'No SRI needed: all scripts from the same site' },
  'sri-not-implemented-but-no-scripts-loaded': { modifier: 0, pass: true, description: 'No scripts' },
  'sri-not-implemented-response-not-html': { modifier: 0, pass: true, description: 'Not HTML' },
  'sri-not-implemented-but-external-scripts-loaded-securely': { modifier: -5, pass: false, description: 'External scripts over https without SRI' },
  'sri-implemented-but-external-scripts-not-loaded-securely': { modifier: -20, pass: false, description: 'SRI, but external scripts over http:// or protocol-relative URLs' },
  'sri-not-implemented-and-external-scripts-not-loaded-securely': { modifier: -50, pass: false, description: 'External scripts over http:// without SRI' },
  // x-content-type-options
  'x-content-type-options-nosniff': { modifier: 0, pass: true, description: 'X-Content-Type-Options: nosniff' },
  'x-content-type-options-not-implemented': { modifier: -5, pass: false, description: 'No X-Content-Type-Options' },
  'x-content-type-options-header-invalid': { modifier: -5, pass: false, description: 'X-Content-Type-Options cannot be recognised' },
  // x-frame-options
  'x-frame-options-implemented-via-csp': { modifier: 5, pass: true, description: 'Framing restricted by CSP frame-ancestors' },
  'x-frame-options-sameorigin-or-deny': { modifier: 0, pass: true, description: 'X-Frame-Options: SAMEORIGIN or DENY' },
  'x-frame-options-allow-from-origin': { modifier: 0, pass: true, description: 'X-Frame-Options: ALLOW-FROM' },
  'x-frame-options-not-implemented': { modifier: -20, pass: false, description: 'No X-Frame-Options or frame-ancestors' },
  'x-frame-options-header-invalid': { modifier: -20, pass: false, description: 'X-Frame-Options cannot be recognised' },
} as const satisfies Record<string, ResultSpec>;

export type ResultId = keyof typeof RESULTS;

/** Among several problems the Observatory reports the worst: the one with the lowest modifier. */
export function worst(current: ResultId | null, candidate: ResultId): ResultId {
  return current === null || RESULTS[candidate].modifier < RESULTS[current].modifier ? candidate : current;
}
