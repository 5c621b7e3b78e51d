import { describe, expect, it } from 'vitest';
import { gradeFor, securityReport, type SecurityInput } from '../../scripts/scan/security/observatory.ts';

const HTTPS = 'https://shop.example/';
const SECURE_ROUTE = [
  { url: 'http://shop.example/', status: 301 },
  { url: HTTPS, status: 200 },
];

function input(overrides: Partial<SecurityInput> = {}): SecurityInput {
  return {
    finalUrl: HTTPS,
    headers: {},
    setCookies: [],
    httpEquiv: {},
    isHtml: true,
    scripts: [],
    scriptCount: 0,
    httpRoute: SECURE_ROUTE,
    ...overrides,
  };
}

const h = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));

const STRONG = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; form-action 'self'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

describe('Observatory grade chart', () => {
  it.each([
    [135, 'A+'], [100, 'A+'], [99, 'A'], [90, 'A'], [89, 'A-'], [85, 'A-'], [84, 'B+'], [80, 'B+'], [79, 'B'], [70, 'B'],
    [65, 'B-'], [60, 'C+'], [55, 'C'], [50, 'C'], [45, 'C-'], [40, 'D+'], [35, 'D'], [30, 'D'], [25, 'D-'], [24, 'F'], [0, 'F'],
  ] as const)('%i → %s', (score, grade) => {
    expect(gradeFor(score)).toBe(grade);
  });
});

describe('header profiles', () => {
  it.each([
    // name, input, score, grade
    ['nothing at all over https', input(), 100 - 25 - 20 - 5 - 20, 'D'],
    ['every header, strict', input({ headers: h(STRONG) }), 100 + 10 + 5 + 5, 'A+'],
    [
      'HSTS, nosniff and XFO but no CSP',
      input({ headers: h({ 'strict-transport-security': 'max-age=31536000', 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' }) }),
      75,
      'B',
    ],
    [
      "CSP with 'unsafe-inline' scripts",
      input({ headers: h({ ...STRONG, 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'" }) }),
      // frame-ancestors went with the strict policy; X-Frame-Options: DENY still counts (0).
      100 - 20,
      'B+',
    ],
    // 90 is enough for the bonuses (CSP +10, Referrer-Policy +5, frame-ancestors +5).
    ['short HSTS', input({ headers: h({ ...STRONG, 'strict-transport-security': 'max-age=86400' }) }), 100 - 10 + 20, 'A+'],
    ['plain http, no redirect', input({ finalUrl: 'http://shop.example/', httpRoute: [{ url: 'http://shop.example/', status: 200 }] }), 100 - 25 - 20 - 20 - 5 - 20, 'F'],
    [
      'session cookie without Secure and HttpOnly',
      input({ headers: h(STRONG), setCookies: ['sessionid=abc; Path=/'] }),
      // HSTS protects it (-10) and HttpOnly is missing (-30): the worst counts.
      100 - 30,
      'B',
    ],
    ['external script without SRI', input({ headers: h(STRONG), scripts: [{ src: 'https://cdn.other.example/lib.js', integrity: null }], scriptCount: 1 }), 100 - 5 + 20, 'A+'],
    [
      'external script without SRI, no bonuses below 90',
      input({ headers: h({ ...STRONG, 'strict-transport-security': 'max-age=86400' }), scripts: [{ src: 'https://cdn.other.example/lib.js', integrity: null }], scriptCount: 1 }),
      100 - 10 - 5,
      'A-',
    ],
    ['external script over http', input({ headers: h(STRONG), scripts: [{ src: 'http://cdn.other.example/lib.js', integrity: null }], scriptCount: 1 }), 100 - 50, 'C'],
  ])('%s', (_name, profile, score, grade) => {
    const report = securityReport(profile);
    expect({ score: report.score, grade: report.grade }).toEqual({ score, grade });
  });
});

describe('test results', () => {
  const result = (profile: SecurityInput, test: string) => securityReport(profile).findings.find((finding) => finding.test === test)?.result;

  it.each([
    ["default-src 'none'", "default-src 'none'", 'csp-implemented-with-no-unsafe-default-src-none'],
    ['self only', "default-src 'self'", 'csp-implemented-with-no-unsafe'],
    ['unsafe-eval', "default-src 'self'; script-src 'self' 'unsafe-eval'", 'csp-implemented-with-unsafe-eval'],
    ['nonce neutralises unsafe-inline', "default-src 'self'; script-src 'nonce-abc' 'unsafe-inline'", 'csp-implemented-with-no-unsafe'],
    ['strict-dynamic with a nonce ignores https:', "default-src 'self'; object-src 'none'; script-src 'nonce-abc' 'strict-dynamic' https:", 'csp-implemented-with-no-unsafe'],
    ['strict-dynamic without nonce is invalid', "script-src 'strict-dynamic'", 'csp-header-invalid'],
    ['no script restriction', "img-src 'self'", 'csp-implemented-with-unsafe-inline'],
    ['http: source on https', "default-src 'self' http://cdn.example", 'csp-implemented-with-insecure-scheme'],
    ['style-src unsafe-inline only', "default-src 'self'; style-src 'self' 'unsafe-inline'", 'csp-implemented-with-unsafe-inline-in-style-src-only'],
    ['a colon after the directive name', "script-src: 'self'", 'csp-header-invalid'],
  ])('CSP %s', (_name, policy, expected) => {
    expect(result(input({ headers: h({ 'content-security-policy': policy }) }), 'content-security-policy')).toBe(expected);
  });

  it('reads CSP from <meta http-equiv>, but frame-ancestors only from the header', () => {
    const profile = input({ httpEquiv: { 'content-security-policy': ["default-src 'self'; frame-ancestors 'none'"] } });
    expect(result(profile, 'content-security-policy')).toBe('csp-implemented-with-no-unsafe');
    expect(result(profile, 'x-frame-options')).toBe('x-frame-options-not-implemented');
  });

  it.each([
    ['no http at all', null, 'redirection-not-needed-no-http'],
    ['stays on http', [{ url: 'http://a.example/', status: 200 }], 'redirection-missing'],
    ['to https on the same host', [{ url: 'http://a.example/', status: 301 }, { url: 'https://a.example/', status: 200 }], 'redirection-to-https'],
    ['to https on another host', [{ url: 'http://a.example/', status: 301 }, { url: 'https://www.a.example/', status: 200 }], 'redirection-off-host-from-http'],
    ['http to http first', [{ url: 'http://a.example/', status: 301 }, { url: 'http://www.a.example/', status: 301 }, { url: 'https://www.a.example/', status: 200 }], 'redirection-not-to-https-on-initial-redirection'],
    ['ends on http', [{ url: 'http://a.example/', status: 301 }, { url: 'http://b.example/', status: 200 }], 'redirection-not-to-https'],
  ])('redirection: %s', (_name, route, expected) => {
    expect(result(input({ httpRoute: route }), 'redirection')).toBe(expected);
  });

  it.each([
    ['all good with SameSite', ['id=1; Secure; HttpOnly; SameSite=Lax'], 'cookies-secure-with-httponly-sessions-and-samesite'],
    ['all good without SameSite', ['id=1; Secure; HttpOnly'], 'cookies-secure-with-httponly-sessions'],
    ['invalid SameSite', ['id=1; Secure; SameSite=Sometimes'], 'cookies-samesite-flag-invalid'],
    ['csrf token without SameSite', ['csrftoken=1; Secure'], 'cookies-anticsrf-without-samesite-flag'],
    ['login cookie without HttpOnly', ['login=1; Secure; SameSite=Strict'], 'cookies-session-without-httponly-flag'],
  ])('cookies: %s', (_name, setCookies, expected) => {
    expect(result(input({ setCookies }), 'cookies')).toBe(expected);
  });

  it.each([
    ['no-referrer', 'referrer-policy-private'],
    ['unsafe-url', 'referrer-policy-unsafe'],
    ['no-referrer, unsafe-url', 'referrer-policy-unsafe'],
    ['nonsense', 'referrer-policy-header-invalid'],
  ])('referrer-policy: %s', (value, expected) => {
    expect(result(input({ headers: h({ 'referrer-policy': value }) }), 'referrer-policy')).toBe(expected);
  });

  it('records the relevant headers as received', () => {
    const report = securityReport(input({ headers: { ...h(STRONG), server: ['nginx'], 'set-cookie': ['a=1'] } }));
    expect(Object.keys(report.headers).sort()).toEqual(Object.keys(STRONG).sort());
    expect(report.headers['x-frame-options']).toBe('DENY');
  });
});
