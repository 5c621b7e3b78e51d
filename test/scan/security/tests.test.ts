import { describe, expect, it } from 'vitest';
import { evidenceOf, type ObservatoryInput } from '../../../scripts/scan/security/evidence.ts';
import { contentSecurityPolicyTest } from '../../../scripts/scan/security/tests/content-security-policy.ts';
import { cookiesTest } from '../../../scripts/scan/security/tests/cookies.ts';
import { crossOriginEmbedderPolicyTest } from '../../../scripts/scan/security/tests/cross-origin-embedder-policy.ts';
import { crossOriginOpenerPolicyTest } from '../../../scripts/scan/security/tests/cross-origin-opener-policy.ts';
import { crossOriginResourcePolicyTest } from '../../../scripts/scan/security/tests/cross-origin-resource-policy.ts';
import { crossOriginResourceSharingTest, PREFLIGHT_ORIGIN } from '../../../scripts/scan/security/tests/cross-origin-resource-sharing.ts';
import { redirectionTest } from '../../../scripts/scan/security/tests/redirection.ts';
import { referrerPolicyTest } from '../../../scripts/scan/security/tests/referrer-policy.ts';
import { strictTransportSecurityTest } from '../../../scripts/scan/security/tests/strict-transport-security.ts';
import { subresourceIntegrityTest } from '../../../scripts/scan/security/tests/subresource-integrity.ts';
import { xContentTypeOptionsTest } from '../../../scripts/scan/security/tests/x-content-type-options.ts';
import { xFrameOptionsTest } from '../../../scripts/scan/security/tests/x-frame-options.ts';
import type { HeaderLine } from '../../../scripts/scan/security/wire.ts';

/**
 * Each of the Observatory's tests on its own, with the cases of its own test suite
 * (mdn-http-observatory test/*.test.js, named in each block) and a few of ours. The default
 * page is the Observatory's `emptyRequests()`: https://mozilla.org/, HTML, http:// redirecting
 * to https://.
 */

const PAGE = 'https://mozilla.org/';
const HTML: HeaderLine = ['Content-Type', 'text/html'];

function scan(overrides: Partial<ObservatoryInput> & { extra?: readonly HeaderLine[] } = {}) {
  const { extra = [], ...rest } = overrides;
  return evidenceOf({
    siteHost: 'mozilla.org',
    https: true,
    headers: [HTML, ...extra],
    body: '',
    cookies: [],
    httpRoute: {
      hops: [
        { url: 'http://mozilla.org/', status: 301 },
        { url: PAGE, status: 200 },
      ],
      verified: true,
    },
    preflight: null,
    ...rest,
  });
}
const header = (name: string, ...values: string[]) => ({ extra: values.map((value): HeaderLine => [name, value]) });
const csp = (...values: string[]) => scan(header('Content-Security-Policy', ...values));
const metaCsp = (...policies: string[]) => policies.map((policy) => `<meta http-equiv="Content-Security-Policy" content="${policy}">`).join('');

describe('content-security-policy (test/csp.test.js)', () => {
  it('missing', () => expect(contentSecurityPolicyTest(scan())).toBe('csp-not-implemented'));

  it.each([
    '  ',
    '',
    "default-src 'none'; default-src 'none'",
    "default-src 'none'; img-src 'self'; default-src 'none'",
    "default-src 'none'; script-src 'strict-dynamic'",
    'defa',
  ])('header invalid: %j', (value) => {
    expect(contentSecurityPolicyTest(csp(value))).toBe('csp-header-invalid');
  });

  it.each([
    // insecure scheme broad and unsafe
    "default-src 'none'; script-src https://*",
    "default-src 'none'; script-src 'unsafe-inline'",
    // unsafe inline
    "script-src 'unsafe-inline'",
    'script-src data:',
    'script-src http:',
    'script-src ftp:',
    "default-src 'unsafe-inline'",
    "default-src 'UNSAFE-INLINE'",
    'upgrade-insecure-requests',
    "script-src 'none'",
    'script-src https:',
    'script-src https://mozilla.org https:',
    'default-src https://mozilla.org https:',
    "default-src 'none'; script-src *",
    "default-src *; script-src *; object-src 'none'",
    "default-src 'none'; script-src 'none'; object-src *",
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'",
    "default-src 'none'; script-src 'unsafe-inline' http:",
    "object-src https:; script-src 'none'",
  ])('unsafe inline: %s', (value) => {
    expect(contentSecurityPolicyTest(csp(value))).toBe('csp-implemented-with-unsafe-inline');
  });

  it.each(['default-src http://mozilla.org', "default-src 'none'; script-src http://mozilla.org", "default-src 'none'; script-src ftp://mozilla.org"])(
    'insecure scheme: %s',
    (value) => {
      expect(contentSecurityPolicyTest(csp(value))).toBe('csp-implemented-with-insecure-scheme');
    },
  );

  it('an http: source is insecure only on an https page', () => {
    expect(contentSecurityPolicyTest(scan({ https: false, ...header('Content-Security-Policy', 'default-src http://mozilla.org') }))).toBe(
      'csp-implemented-with-no-unsafe',
    );
  });

  it.each([
    "default-src 'none'; img-src http://mozilla.org",
    "default-src 'self'; img-src ftp:",
    "default-src 'self'; img-src http:",
    "default-src 'none'; img-src https:; media-src http://mozilla.org",
    "default-src 'none'; img-src http: https:; script-src 'self'; style-src 'self'",
    "default-src 'none'; img-src 'none'; media-src http:; script-src 'self'; style-src 'self'",
    "default-src 'none'; img-src 'none'; media-src http:; script-src 'self'; style-src 'unsafe-inline'",
  ])('insecure scheme in passive content only: %s', (value) => {
    expect(contentSecurityPolicyTest(csp(value))).toBe('csp-implemented-with-insecure-scheme-in-passive-content-only');
  });

  it('unsafe eval', () => expect(contentSecurityPolicyTest(csp("default-src 'none'; script-src 'unsafe-eval'"))).toBe('csp-implemented-with-unsafe-eval'));

  it.each([
    "object-src 'none'; script-src 'none'; style-src 'unsafe-inline'",
    "default-src 'none'; script-src https://mozilla.org; style-src 'unsafe-inline'",
    "default-src 'unsafe-inline'; script-src https://mozilla.org",
    "default-src 'none';;; ;;;style-src 'self' 'unsafe-inline'",
    "default-src 'none'; style-src data:",
    "default-src 'none'; style-src *",
    "default-src 'none'; style-src https:",
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB=' 'unsafe-inline'",
  ])('unsafe inline in style src only: %s', (value) => {
    expect(contentSecurityPolicyTest(csp(value))).toBe('csp-implemented-with-unsafe-inline-in-style-src-only');
  });

  it.each([
    'default-src https://mozilla.org',
    "default-src https://mozilla.org;;; ;;;script-src 'none'",
    "object-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;",
    "object-src 'none'; script-src 'strict-dynamic' 'nonce-abc' 'unsafe-inline'; style-src 'none'",
    "object-src 'none'; style-src 'self';script-src 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBA='",
    "object-src 'none'; style-src 'self'; script-src 'unsafe-inline' 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBA=''sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB='",
    "object-src 'none'; script-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'; style-src 'none'",
    "default-src https://mozilla.org; style-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'",
    "default-src https://mozilla.org; style-src 'unsafe-inline' 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB=' 'unsafe-inline'",
  ])('no unsafe: %s', (value) => {
    expect(contentSecurityPolicyTest(csp(value))).toBe('csp-implemented-with-no-unsafe');
  });

  it.each([
    'default-src',
    "default-src 'none'; script-src 'strict-dynamic' 'nonce-abc123' 'unsafe-inline'",
    "default-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;",
    "default-src 'none'; object-src https://mozilla.org",
  ])('no unsafe default src none: %s', (value) => {
    expect(contentSecurityPolicyTest(csp(value))).toBe('csp-implemented-with-no-unsafe-default-src-none');
  });

  it.each([
    ['an http header and a differing meta', ['default-src http:'], ['default-src https:']],
    ['a meta policy', [], ["default-src 'none';"]],
    [
      'four meta policies',
      [],
      [
        "default-src 'none'; object-src 'none'; media-src 'none';",
        "connect-src 'self'; font-src 'self'; child-src 'self'",
        "img-src 'self'; style-src 'self' 'nonce-gAeQO8jI4VJCsrsXkcUVRCzQjiihKteQ",
        "script-src 'self' 'unsafe-inline' 'nonce-gAeQO8jI4VJCsrsXkcUVRCzQjiihKteQ'",
      ],
    ],
    ['a header and a meta, both none', ["default-src 'none'"], ["default-src 'none';"]],
    ['a header none and a conflicting meta', ["default-src 'none'"], ['default-src https:']],
    ['a header img-src and a meta default-src', ["img-src 'none'"], ["default-src 'none';"]],
  ])('no unsafe default src none: %s', (_name, headers, metas) => {
    expect(contentSecurityPolicyTest(scan({ ...header('Content-Security-Policy', ...headers), body: metaCsp(...metas) }))).toBe(
      'csp-implemented-with-no-unsafe-default-src-none',
    );
  });

  it('a meta policy is not read when the page does not say it is HTML', () => {
    expect(contentSecurityPolicyTest(scan({ headers: [['Content-Type', 'text/plain']], body: metaCsp("default-src 'none'") }))).toBe('csp-not-implemented');
  });

  it.each([
    "default-src 'none'; script-src 'strict-dynamic' 'nonce-abc123'",
    "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123'",
    "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123' https://*",
    "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123' 'unsafe-inline'",
  ])('strict dynamic: %s', (value) => {
    expect(contentSecurityPolicyTest(csp(value))).toBe('csp-implemented-with-no-unsafe-default-src-none');
  });

  it('report only', () => {
    expect(contentSecurityPolicyTest(scan(header('Content-Security-Policy-Report-Only', "default-src 'none'; report-to /_/csp-reports")))).toBe(
      'csp-not-implemented-but-reporting-enabled',
    );
  });

  it('multiple CSP headers combined per RFC 9110 are not treated as invalid', () => {
    expect(contentSecurityPolicyTest(csp("default-src 'none'; script-src 'self', default-src 'none'; script-src 'self'"))).toBe(
      'csp-implemented-with-no-unsafe-default-src-none',
    );
    expect(contentSecurityPolicyTest(csp("default-src 'self'", "default-src 'none'"))).toBe('csp-implemented-with-no-unsafe-default-src-none');
  });

  it('multiple CSP headers with differing policies produce correct intersection', () => {
    const folded = csp(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline', default-src 'none'; style-src 'self', default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'",
    );
    expect(contentSecurityPolicyTest(folded)).toBe('csp-implemented-with-no-unsafe-default-src-none');
  });

  it('ignore frame-anchestors in http-equiv', () => {
    const frameAncestorsOnly = { body: metaCsp("frame-ancestors 'none'") };
    expect(contentSecurityPolicyTest(scan(frameAncestorsOnly))).toBe('csp-not-implemented');
    expect(contentSecurityPolicyTest(scan({ ...frameAncestorsOnly, ...header('Content-Security-Policy', "frame-anchestors 'none'") }))).toBe(
      'csp-implemented-with-unsafe-inline',
    );
  });

  it('a passing policy that repeats report-uri', () => {
    expect(contentSecurityPolicyTest(csp("default-src 'none'; report-uri /a; report-uri /b"))).toBe('csp-implemented-but-duplicate-directives');
    expect(contentSecurityPolicyTest(csp('default-src *; report-uri /a; report-uri /b'))).toBe('csp-implemented-with-unsafe-inline');
  });
});

describe('cookies (test/cookies.test.js)', () => {
  const withCookies = (lines: string[], extra: readonly HeaderLine[] = []) =>
    scan({ extra: [...extra, ...lines.map((line): HeaderLine => ['Set-Cookie', line])], cookies: lines.map((line) => ({ url: PAGE, line })) });
  const hsts: HeaderLine = ['Strict-Transport-Security', 'max-age=15768000'];

  it.each([
    ['detects no cookies found', [], [], 'cookies-not-found'],
    [
      'checks secure with httponly sessions',
      [
        'SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly',
        'foo=bar; Domain=mozilla.org; Secure; Path=/',
        'heroku-session-affinity=bar; Domain=mozilla.org; Path=/',
      ],
      [],
      'cookies-secure-with-httponly-sessions',
    ],
    [
      'checks secure with httponly sessions and samesite',
      ['A=1; Path=/; Secure; HttpOnly; SameSite=Strict', 'B=1; Path=/; Secure; HttpOnly; SameSite=Lax', 'C=1; Path=/; Secure; HttpOnly; SameSite=None'],
      [],
      'cookies-secure-with-httponly-sessions-and-samesite',
    ],
    [
      '… not awarded if not all cookies samesite',
      ['A=1; Path=/; Secure; HttpOnly; SameSite=Strict', 'B=1; Path=/; Secure; HttpOnly'],
      [],
      'cookies-secure-with-httponly-sessions',
    ],
    ['checks anticsrf without samesite', ['CSRFTOKEN=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly'], [], 'cookies-anticsrf-without-samesite-flag'],
    ['checks samesite invalid empty', ['SESSIONID=bar; Path=/; Secure; HttpOnly; SameSite='], [], 'cookies-samesite-flag-invalid'],
    ['checks samesite invalid true', ['SESSIONID=bar; Path=/; Secure; HttpOnly; SameSite=True'], [], 'cookies-samesite-flag-invalid'],
    ['checks samesite invalid', ['SESSIONID=bar; Path=/; Secure; HttpOnly; SameSite=Invalid'], [], 'cookies-samesite-flag-invalid'],
    ['checks regular cookie no secure but hsts', ['foo=bar; Domain=mozilla.org; Path=/'], [hsts], 'cookies-without-secure-flag-but-protected-by-hsts'],
    [
      'checks session cookie no secure but hsts',
      ['SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly'],
      [hsts],
      'cookies-session-without-secure-flag-but-protected-by-hsts',
    ],
    ['checks no secure', ['foo=bar; Domain=mozilla.org; Path=/'], [], 'cookies-without-secure-flag'],
    ['checks session no httponly', ['SESSIONID=bar; Domain=mozilla.org; Path=/; Secure'], [], 'cookies-session-without-httponly-flag'],
    ['checks session no secure', ['SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly'], [], 'cookies-session-without-secure-flag'],
    [
      'checks session no secure, no httponly (mozilla/http-observatory#97)',
      ['SESSIONID=bar; Domain=mozilla.org; Path=/'],
      [],
      'cookies-session-without-secure-flag',
    ],
    ['SameSite=None without Secure', ['prefs=1; Path=/; SameSite=None'], [hsts], 'cookies-samesite-flag-invalid'],
    ['a cookie for another domain is not kept', ['SESSIONID=bar; Domain=example.org; Path=/'], [], 'cookies-not-found'],
    ['a __Host- cookie without Secure is not kept', ['__Host-id=1; Path=/'], [], 'cookies-not-found'],
  ])('%s', (_name, lines, extra, expected) => {
    expect(cookiesTest(withCookies(lines, extra))).toBe(expected);
  });

  it('reads Secure as written, whatever the page was served over', () => {
    const line = 'sessionid=1; Secure; HttpOnly; SameSite=Lax';
    expect(cookiesTest(scan({ https: false, extra: [['Set-Cookie', line]], cookies: [{ url: 'http://mozilla.org/', line }] }))).toBe(
      'cookies-secure-with-httponly-sessions-and-samesite',
    );
  });

  it('grades cookies set by a redirect, but reads invalid SameSite only on the page', () => {
    const hop = { url: 'https://mozilla.org/start', line: 'tracker=1; Path=/; Secure; SameSite=Sometimes' };
    expect(cookiesTest(scan({ cookies: [hop] }))).toBe('cookies-secure-with-httponly-sessions');
  });
});

describe('strict-transport-security (test/strict-transport-security.test.js)', () => {
  it.each([
    ['missing', [], 'hsts-not-implemented'],
    ['header invalid: no max-age', ['includeSubDomains; preload'], 'hsts-header-invalid'],
    ['header invalid: set twice', ['max-age=15768000; includeSubDomains, max-age=15768000; includeSubDomains'], 'hsts-header-invalid'],
    ['header invalid: two lines', ['max-age=15768000', 'max-age=15768000'], 'hsts-header-invalid'],
    ['max age too low', ['max-age=86400'], 'hsts-implemented-max-age-less-than-six-months'],
    ['implemented', ['max-age=15768000; includeSubDomains; preload'], 'hsts-implemented-max-age-at-least-six-months'],
    ['180 days pass as six months', ['max-age=15552000'], 'hsts-implemented-max-age-at-least-six-months'],
  ])('%s', (_name, values, expected) => {
    expect(strictTransportSecurityTest(scan(header('Strict-Transport-Security', ...values)))).toBe(expected);
  });

  it('no https', () => {
    expect(strictTransportSecurityTest(scan({ https: false, ...header('Strict-Transport-Security', 'max-age=15768000') }))).toBe(
      'hsts-not-implemented-no-https',
    );
  });
});

describe('redirection (test/redirection.test.js)', () => {
  const route = (...hops: [string, number][]) => scan({ httpRoute: { hops: hops.map(([url, status]) => ({ url, status })), verified: true } });
  it('checks for no http but does have https', () => expect(redirectionTest(scan({ httpRoute: null }))).toBe('redirection-not-needed-no-http'));
  it('checks for redirection missing', () => expect(redirectionTest(route(['http://mozilla.org', 200]))).toBe('redirection-missing'));
  it('checks for redirection not to https', () => {
    expect(redirectionTest(route(['http://mozilla.org', 301], ['http://www.mozilla.org', 200]))).toBe('redirection-not-to-https');
    expect(redirectionTest(route(['http://mozilla.org', 301], ['http://www.mozilla.org', 302], ['http://www.mozilla.org/en/', 200]))).toBe(
      'redirection-not-to-https',
    );
  });
  it('checks for proper redirection to https', () => expect(redirectionTest(scan())).toBe('redirection-to-https'));
  it('checks for proper redirection to https with port number', () =>
    expect(redirectionTest(route(['http://mozilla.org/', 301], ['https://mozilla.org:8443/', 200]))).toBe('redirection-to-https'));
  it('checks for first redirection to http', () =>
    expect(redirectionTest(route(['http://mozilla.org/', 301], ['http://www.mozilla.org/', 301], ['https://www.mozilla.org/', 200]))).toBe(
      'redirection-not-to-https-on-initial-redirection',
    ));
  it('checks for first redirection off host', () =>
    expect(redirectionTest(route(['http://mozilla.org/', 301], ['https://www.mozilla.org/', 200]))).toBe('redirection-off-host-from-http'));
  it('a certificate on the way that does not verify', () =>
    expect(redirectionTest(scan({ httpRoute: { hops: [], verified: false } }))).toBe('redirection-invalid-cert'));
});

describe('referrer-policy (test/referrer-policy.test.js)', () => {
  it.each(['no-referrer', 'same-origin', 'strict-origin', 'STRICT-ORIGIN', 'strict-origin-when-cross-origin'])(
    'checks for private referrer header: %s',
    (value) => {
      expect(referrerPolicyTest(scan(header('Referrer-Policy', value)))).toBe('referrer-policy-private');
    },
  );
  it('reads <meta name="referrer">, after the header', () => {
    const meta = { body: '<meta name="referrer" content="no-referrer, same-origin">' };
    expect(referrerPolicyTest(scan(meta))).toBe('referrer-policy-private');
    expect(referrerPolicyTest(scan({ ...meta, ...header('Referrer-Policy', 'unsafe-url') }))).toBe('referrer-policy-private');
  });
  it.each([
    ['checks for missing referrer header', [], 'referrer-policy-not-implemented'],
    ['checks for invalid referrer header', ['whimsy'], 'referrer-policy-header-invalid'],
    ['checks for unsafe referrer header: origin', ['origin'], 'referrer-policy-unsafe'],
    ['… origin-when-cross-origin', ['origin-when-cross-origin'], 'referrer-policy-unsafe'],
    ['… unsafe-url', ['unsafe-url'], 'referrer-policy-unsafe'],
    ['checks for multiple valid referrer headers', ['origin-when-cross-origin, no-referrer, unsafe-url'], 'referrer-policy-unsafe'],
    ['… safe first value', ['no-referrer, unsafe-url'], 'referrer-policy-unsafe'],
    ['checks for multiple referrer headers with valid and invalid mixed', ['no-referrer, whimsy'], 'referrer-policy-private'],
    ['checks for multiple invalid referrer headers', ['whimsy, whimsy1, whimsy2'], 'referrer-policy-header-invalid'],
    ['two lines, the last valid one wins', ['no-referrer', 'unsafe-url'], 'referrer-policy-unsafe'],
  ])('%s', (_name, values, expected) => {
    expect(referrerPolicyTest(scan(header('Referrer-Policy', ...values)))).toBe(expected);
  });
});

describe('subresource-integrity (test/subresource-integrity.test.js)', () => {
  const INTEGRITY = 'integrity="sha384-zTm/dblzLXQNp3CgY+hfaC/WJ6h4XtNrePh2CW2+rO9GPuNiPb9jmthvAL+oI/dQ" crossorigin="anonymous"';
  const page = (scripts: string, overrides: Partial<ObservatoryInput> = {}) =>
    scan({ body: `<html><head>${scripts}</head><body></body></html>`, ...overrides });
  it.each([
    ['checks for no scripts', '', 'sri-not-implemented-but-no-scripts-loaded'],
    ['checks for same origin', '<script src="/static/js/foo.js"></script>', 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin'],
    [
      '… on the same second-level domain, without a protocol',
      '<script src="//www.mozilla.org/static/js/foo.js"></script>',
      'sri-not-implemented-and-external-scripts-not-loaded-securely',
    ],
    [
      '… on the same second-level domain, with https://',
      '<script src="https://www.mozilla.org/static/js/foo.js"></script>',
      'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
    ],
    [
      'checks if implemented with external scripts and https',
      `<script src="/static/js/foo.js"></script><script src="https://fb.me/react-0.14.7.min.js" ${INTEGRITY}></script>`,
      'sri-implemented-and-external-scripts-loaded-securely',
    ],
    [
      '… from localhost',
      `<script src="/static/js/foo.js"></script><script src="https://localhost/react-0.14.7.min.js" ${INTEGRITY}></script>`,
      'sri-implemented-and-external-scripts-loaded-securely',
    ],
    [
      'checks if implemented with same origin',
      `<script src="/static/js/react-0.14.7.min.js" ${INTEGRITY}></script>`,
      'sri-implemented-and-all-scripts-loaded-securely',
    ],
    [
      'checks if not implemented with external scripts and https',
      '<script src="/static/js/foo.js"></script><script src="https://fb.me/react-0.14.7.min.js"></script>',
      'sri-not-implemented-but-external-scripts-loaded-securely',
    ],
    [
      'checks if implemented with external scripts and http',
      `<script src="http://fb.me/react-0.14.7.min.js" ${INTEGRITY}></script>`,
      'sri-implemented-but-external-scripts-not-loaded-securely',
    ],
    [
      'checks if implemented with external scripts and no protocol',
      `<script src="//fb.me/react-0.14.7.min.js" ${INTEGRITY}></script>`,
      'sri-implemented-but-external-scripts-not-loaded-securely',
    ],
    [
      'checks if not implemented with external scripts and http',
      '<script src="http://fb.me/react-0.14.6.min.js"></script>',
      'sri-not-implemented-and-external-scripts-not-loaded-securely',
    ],
    [
      'checks if not implemented with external scripts and no protocol',
      '<script src="/static/js/foo.js"></script><script src="//fb.me/react-0.14.6.min.js"></script>',
      'sri-not-implemented-and-external-scripts-not-loaded-securely',
    ],
    ['inline scripts only', '<script>var a = 1;</script>', 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin'],
  ])('%s', (_name, scripts, expected) => {
    expect(subresourceIntegrityTest(page(scripts))).toBe(expected);
  });

  it('checks for not html', () => {
    expect(subresourceIntegrityTest(scan({ headers: [['Content-Type', 'application/json']], body: '{"foo": "bar"}' }))).toBe(
      'sri-not-implemented-response-not-html',
    );
  });

  it('a same-site script with integrity earns the bonus only on an https page', () => {
    expect(subresourceIntegrityTest(page(`<script src="/app.js" ${INTEGRITY}></script>`, { https: false }))).toBe(
      'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
    );
  });
});

describe('x-content-type-options (test/x-content-type-options.test.js)', () => {
  it.each([
    ['missing', [], 'x-content-type-options-not-implemented'],
    ['nosniff', ['nosniff'], 'x-content-type-options-nosniff'],
    ['any case', ['NoSniff'], 'x-content-type-options-nosniff'],
    ['invalid', ['whimsy'], 'x-content-type-options-header-invalid'],
    ['sent twice', ['nosniff', 'nosniff'], 'x-content-type-options-header-invalid'],
  ])('%s', (_name, values, expected) => {
    expect(xContentTypeOptionsTest(scan(header('X-Content-Type-Options', ...values)))).toBe(expected);
  });
});

describe('x-frame-options (test/x-frame-options.test.js)', () => {
  it.each([
    ['checks for missing', [], 'x-frame-options-not-implemented'],
    ['checks validity', ['whimsy'], 'x-frame-options-header-invalid'],
    ['… sent twice', ['SAMEORIGIN, SAMEORIGIN'], 'x-frame-options-header-invalid'],
    ['… two lines', ['DENY', 'DENY'], 'x-frame-options-header-invalid'],
    ['checks allow from origin', ['ALLOW-FROM https://mozilla.org'], 'x-frame-options-allow-from-origin'],
    ['checks deny', ['DENY'], 'x-frame-options-sameorigin-or-deny'],
    ['… sameorigin', ['SAMEORIGIN'], 'x-frame-options-sameorigin-or-deny'],
  ])('%s', (_name, values, expected) => {
    expect(xFrameOptionsTest(scan(header('X-Frame-Options', ...values)))).toBe(expected);
  });

  it('checks implemented via CSP', () => {
    expect(
      xFrameOptionsTest(
        scan({
          extra: [
            ['X-Frame-Options', 'DENY'],
            ['Content-Security-Policy', 'frame-ancestors https://mozilla.org'],
          ],
        }),
      ),
    ).toBe('x-frame-options-implemented-via-csp');
  });

  it('does not obey x-frame-options in meta equiv tags', () => {
    expect(xFrameOptionsTest(scan({ body: '<meta http-equiv="X-Frame-Options" content="DENY">' }))).toBe('x-frame-options-not-implemented');
  });

  it('counts frame-ancestors from a <meta> policy that has other directives too', () => {
    expect(xFrameOptionsTest(scan({ body: metaCsp("default-src 'none'; frame-ancestors 'none'") }))).toBe('x-frame-options-implemented-via-csp');
    expect(xFrameOptionsTest(scan({ body: metaCsp("frame-ancestors 'none'") }))).toBe('x-frame-options-not-implemented');
  });

  it('an invalid CSP hides its frame-ancestors', () => {
    expect(xFrameOptionsTest(scan(header('Content-Security-Policy', "frame-ancestors 'none'; frame-ancestors 'none'")))).toBe(
      'x-frame-options-not-implemented',
    );
  });
});

describe('cross-origin-resource-sharing (test/cors.test.js)', () => {
  const preflight = (...lines: HeaderLine[]) => scan({ preflight: lines });
  it('checks for not implemented', () => {
    expect(crossOriginResourceSharingTest(scan())).toBe('cross-origin-resource-sharing-not-implemented');
    expect(crossOriginResourceSharingTest(preflight())).toBe('cross-origin-resource-sharing-not-implemented');
  });
  it('checks for public access', () =>
    expect(crossOriginResourceSharingTest(preflight(['Access-Control-Allow-Origin', '*']))).toBe(
      'cross-origin-resource-sharing-implemented-with-public-access',
    ));
  it('checks for restricted access', () =>
    expect(crossOriginResourceSharingTest(preflight(['Access-Control-Allow-Origin', 'https://mozilla.org']), PREFLIGHT_ORIGIN)).toBe(
      'cross-origin-resource-sharing-implemented-with-restricted-access',
    ));
  it('checks for universal access, when the Origin sent is visible to the test', () => {
    const reflecting = preflight(['Access-Control-Allow-Origin', PREFLIGHT_ORIGIN], ['Access-Control-Allow-Credentials', 'true']);
    expect(crossOriginResourceSharingTest(reflecting, PREFLIGHT_ORIGIN)).toBe('cross-origin-resource-sharing-implemented-with-universal-access');
    // As in a real Observatory scan, where it is not.
    expect(crossOriginResourceSharingTest(reflecting)).toBe('cross-origin-resource-sharing-implemented-with-restricted-access');
  });
});

describe('cross-origin-resource-policy (test/cross-origin-resource-policy.test.js)', () => {
  it.each([
    ['checks for missing', [], 'corp-not-implemented'],
    ['checks header validity', ['whimsy'], 'corp-header-invalid'],
    ['checks for same-site', ['same-site'], 'corp-implemented-with-same-site'],
    ['checks for same-origin', ['same-origin'], 'corp-implemented-with-same-origin'],
    ['checks for cross-origin', ['cross-origin'], 'corp-implemented-with-cross-origin'],
    ['any case', ['Same-Origin'], 'corp-implemented-with-same-origin'],
    ['checks for multiple headers', ['same-origin', 'cross-origin'], 'corp-header-invalid'],
  ])('%s', (_name, values, expected) => {
    expect(crossOriginResourcePolicyTest(scan(header('Cross-Origin-Resource-Policy', ...values)))).toBe(expected);
  });
});

/** COOP and COEP are read alike: a structured-field token, case-sensitive. */
function structuredPolicyTests(
  title: string,
  name: string,
  test: (evidence: ReturnType<typeof scan>) => string,
  prefix: string,
  accepted: readonly (readonly [string, string])[],
  rejected: readonly string[],
): void {
  describe(title, () => {
    it('checks for missing', () => expect(test(scan())).toBe(`${prefix}-not-implemented`));
    it.each(accepted.map(([value, expected]) => [value, expected]))('accepts %s', (value, expected) => expect(test(scan(header(name, value)))).toBe(expected));
    it.each(rejected.map((value) => [value]))('rejects %s', (value) => expect(test(scan(header(name, value)))).toBe(`${prefix}-header-invalid`));
    it('checks for multiple headers', () => expect(test(scan(header(name, accepted[0]?.[0] ?? '', 'unsafe-none')))).toBe(`${prefix}-header-invalid`));
  });
}

structuredPolicyTests(
  'cross-origin-opener-policy (test/cross-origin-opener-policy.test.js)',
  'Cross-Origin-Opener-Policy',
  crossOriginOpenerPolicyTest,
  'coop',
  [
    ['same-origin', 'coop-implemented-with-same-origin'],
    ['same-origin-allow-popups', 'coop-implemented-with-same-origin-allow-popups'],
    ['noopener-allow-popups', 'coop-implemented-with-noopener-allow-popups'],
    ['unsafe-none', 'coop-implemented-with-unsafe-none'],
    ['same-origin; report-to="coop-endpoint"', 'coop-implemented-with-same-origin'],
    ['same-origin-allow-popups; report-to="coop-endpoint"', 'coop-implemented-with-same-origin-allow-popups'],
    ['same-origin; report-to', 'coop-implemented-with-same-origin'],
  ],
  ['whimsy', '"same-origin"', 'Same-Origin', 'SAME-ORIGIN', 'same-origin; report-to=coop endpoint', 'constructor'],
);

structuredPolicyTests(
  'cross-origin-embedder-policy (test/cross-origin-embedder-policy.test.js)',
  'Cross-Origin-Embedder-Policy',
  crossOriginEmbedderPolicyTest,
  'coep',
  [
    ['require-corp', 'coep-implemented-with-require-corp'],
    ['credentialless', 'coep-implemented-with-credentialless'],
    ['unsafe-none', 'coep-implemented-with-unsafe-none'],
    ['require-corp; report-to="coep-endpoint"', 'coep-implemented-with-require-corp'],
    ['credentialless; report-to="coep-endpoint"', 'coep-implemented-with-credentialless'],
    ['require-corp; report-to', 'coep-implemented-with-require-corp'],
  ],
  ['whimsy', '"require-corp"', 'Require-Corp', 'REQUIRE-CORP', 'require-corp; report-to=coep endpoint', 'constructor'],
);
