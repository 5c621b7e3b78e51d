import { page } from '../../helpers/fixture-server.ts';
import type { Grade } from '../../../scripts/schema/scan.ts';
import type { ObservatoryTestName } from '../../../scripts/scan/security/observatory.ts';
import type { ResultId } from '../../../scripts/scan/security/results.ts';
import type { HeaderLine } from '../../../scripts/scan/security/wire.ts';

/**
 * Header profiles with the result the MDN HTTP Observatory (algorithm 6) gives each test, and
 * the score and grade, derived by hand from its rules (scripts/scan/security/ cites each rule).
 * Every profile is graded twice, as a site is scanned:
 *
 * - over HTTPS: http://127.0.0.1:<http port>/to-https/<name> redirects to
 *   https://127.0.0.1:<https port>/p/<name> (a certificate from the tests' own CA), so the page
 *   is https and http:// redirects to it;
 * - over plain HTTP: http://127.0.0.1:<http port>/p/<name> answers itself.
 *
 * Results not listed are the bare page's (BASE_HTTPS, BASE_HTTP). In each derivation, the
 * penalties are summed first; the bonuses count only when 100 plus the penalties is 90 or more;
 * the score is never below 0; the grade reads the score rounded down to a multiple of 5.
 */

export interface Expected {
  readonly results: Partial<Record<ObservatoryTestName, ResultId>>;
  readonly score: number;
  readonly grade: Grade;
}

export interface HeaderProfile {
  readonly name: string;
  /** Header lines of the page, in order, duplicates kept. */
  readonly headers: readonly HeaderLine[];
  /** Default: a small page without scripts or meta policies. */
  readonly body?: string;
  /** Header lines of the answer to a CORS preflight; `{origin}` is replaced by the request's Origin. Default: none. */
  readonly preflight?: readonly HeaderLine[];
  /** Set-Cookie lines of the http:// → https:// redirect (HTTPS only). */
  readonly hopCookies?: readonly string[];
  /** How http:// reaches the https page (HTTPS only): straight to the same host (default), to `localhost`, or through another http:// URL first. */
  readonly route?: 'same-host' | 'off-host' | 'http-first';
  readonly https: Expected;
  readonly http: Expected;
}

/** A bare page over HTTPS: −25 (no CSP) −20 (no HSTS) −5 (no nosniff) −20 (no XFO) = 30, D. */
export const BASE_HTTPS: Readonly<Record<ObservatoryTestName, ResultId>> = {
  'content-security-policy': 'csp-not-implemented',
  cookies: 'cookies-not-found',
  'cross-origin-embedder-policy': 'coep-not-implemented',
  'cross-origin-opener-policy': 'coop-not-implemented',
  'cross-origin-resource-sharing': 'cross-origin-resource-sharing-not-implemented',
  redirection: 'redirection-to-https',
  'referrer-policy': 'referrer-policy-not-implemented',
  'strict-transport-security': 'hsts-not-implemented',
  'subresource-integrity': 'sri-not-implemented-but-no-scripts-loaded',
  'x-content-type-options': 'x-content-type-options-not-implemented',
  'x-frame-options': 'x-frame-options-not-implemented',
  'cross-origin-resource-policy': 'corp-not-implemented',
};

/** The same page over plain HTTP: HSTS cannot be set (−20) and http:// does not redirect (−20). */
export const BASE_HTTP: Readonly<Record<ObservatoryTestName, ResultId>> = {
  ...BASE_HTTPS,
  redirection: 'redirection-missing',
  'strict-transport-security': 'hsts-not-implemented-no-https',
};

const HTML: HeaderLine = ['Content-Type', 'text/html; charset=utf-8'];
const HSTS: HeaderLine = ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains'];
const NOSNIFF: HeaderLine = ['X-Content-Type-Options', 'nosniff'];
const DENY: HeaderLine = ['X-Frame-Options', 'DENY'];
const REFERRER: HeaderLine = ['Referrer-Policy', 'strict-origin-when-cross-origin'];
const csp = (policy: string): HeaderLine => ['Content-Security-Policy', policy];
const cookie = (line: string): HeaderLine => ['Set-Cookie', line];

/**
 * Everything but CSP right: over HTTPS 0 penalties and +10 of bonuses (X-Frame-Options DENY +5,
 * Referrer-Policy +5); over HTTP −40 (HSTS, redirection), so never a bonus.
 */
const REST = [HTML, HSTS, NOSNIFF, DENY, REFERRER] as const;
/** REST with CSP default-src 'self' (+5): 115, A+ over HTTPS; 60, C+ over HTTP. */
const SOLID = [...REST, csp("default-src 'self'")] as const;

const withBody = (head: string, body = '<h1>Profile</h1>') => page(body, { title: 'Profile', head });
/** What SOLID gets over HTTP, besides the bare page's results. */
const SOLID_OVER_HTTP: Expected['results'] = {
  'content-security-policy': 'csp-implemented-with-no-unsafe',
  'referrer-policy': 'referrer-policy-private',
  'x-content-type-options': 'x-content-type-options-nosniff',
  'x-frame-options': 'x-frame-options-sameorigin-or-deny',
};
/** SOLID's results over HTTPS (its HSTS counts there), with a profile's own over them. */
const overHttps = (results: Expected['results'] = {}): Expected['results'] => ({
  ...SOLID_OVER_HTTP,
  'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
  ...results,
});
/** SOLID's results over HTTP, with a profile's own over them. */
const overHttp = (results: Expected['results'] = {}): Expected['results'] => ({ ...SOLID_OVER_HTTP, ...results });
/** 100 −20 (no https) −20 (redirection missing) = 60: never a bonus. */
const SOLID_HTTP: Expected = { results: overHttp(), score: 60, grade: 'C+' };

export const PROFILES: readonly HeaderProfile[] = [
  // ---- a bare page, and the strongest one ------------------------------------------------
  {
    name: 'bare',
    headers: [HTML],
    https: { results: {}, score: 30, grade: 'D' },
    // 100 −25 −20 (no https) −5 −20 (redirection) −20 = 10.
    http: { results: {}, score: 10, grade: 'F' },
  },
  {
    name: 'csp-default-src-none',
    headers: [...REST, csp("default-src 'none'")],
    // 100, no penalties; +10 (default-src 'none') +5 (DENY) +5 (Referrer-Policy) = 120.
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 120, grade: 'A+' },
    // 100 −20 (no https) −20 (redirection missing) = 60: no bonus.
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 60, grade: 'C+' },
  },
  // ---- Content-Security-Policy ----------------------------------------------------------
  {
    name: 'csp-self',
    headers: SOLID,
    // +5 (CSP) +5 +5 = 115.
    https: { results: overHttps(), score: 115, grade: 'A+' },
    http: SOLID_HTTP,
  },
  {
    name: 'csp-default-src-without-sources',
    // A -src directive with no sources means 'none'.
    headers: [...REST, csp('default-src')],
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 120, grade: 'A+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 60, grade: 'C+' },
  },
  {
    name: 'csp-unsafe-inline-script',
    headers: [...REST, csp("default-src 'self'; script-src 'self' 'unsafe-inline'")],
    // 100 −20 = 80: under 90, so no bonus.
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-unsafe-inline' }), score: 80, grade: 'B+' },
    // 100 −20 −40 = 40.
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-unsafe-inline' }), score: 40, grade: 'D+' },
  },
  {
    name: 'csp-unsafe-eval',
    headers: [...REST, csp("default-src 'self'; script-src 'self' 'unsafe-eval'")],
    // 100 −10 = 90: just enough for the bonuses, +5 +5 = 100.
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-unsafe-eval' }), score: 100, grade: 'A+' },
    // 100 −10 −40 = 50.
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-unsafe-eval' }), score: 50, grade: 'C' },
  },
  {
    name: 'csp-nonce-neutralises-unsafe-inline',
    // A nonce makes browsers ignore 'unsafe-inline'; what is left is only the nonce.
    headers: [...REST, csp("default-src 'self'; script-src 'nonce-r4nd0m' 'unsafe-inline'")],
    https: { results: overHttps(), score: 115, grade: 'A+' },
    http: SOLID_HTTP,
  },
  {
    name: 'csp-strict-dynamic-with-nonce',
    // 'strict-dynamic' with a nonce drops https: and 'unsafe-inline' from script-src; object-src
    // is 'none'; but style-src is unrestricted (no default-src): unsafe in style-src only, 0.
    headers: [...REST, csp("object-src 'none'; script-src 'strict-dynamic' 'nonce-r4nd0m' https: 'unsafe-inline'; base-uri 'none'")],
    // 100 +0 +5 +5 = 110.
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-unsafe-inline-in-style-src-only' }), score: 110, grade: 'A+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-unsafe-inline-in-style-src-only' }), score: 60, grade: 'C+' },
  },
  {
    name: 'csp-strict-dynamic-without-nonce',
    headers: [...REST, csp("default-src 'self'; script-src 'strict-dynamic'")],
    // 100 −25 = 75.
    https: { results: overHttps({ 'content-security-policy': 'csp-header-invalid' }), score: 75, grade: 'B' },
    // 100 −25 −40 = 35.
    http: { results: overHttp({ 'content-security-policy': 'csp-header-invalid' }), score: 35, grade: 'D' },
  },
  {
    name: 'csp-directive-repeated',
    headers: [...REST, csp("default-src 'self'; script-src 'self'; default-src 'none'")],
    https: { results: overHttps({ 'content-security-policy': 'csp-header-invalid' }), score: 75, grade: 'B' },
    http: { results: overHttp({ 'content-security-policy': 'csp-header-invalid' }), score: 35, grade: 'D' },
  },
  {
    name: 'csp-two-headers-disagree',
    // Two header lines are two policies (Node joins them with a comma): both apply, so the
    // Observatory folds them; 'self' and 'none' have nothing in common, so default-src is 'none'.
    // Not csp-header-invalid since Observatory 1.6.2 (#496).
    headers: [...REST, csp("default-src 'self'"), csp("default-src 'none'")],
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 120, grade: 'A+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 60, grade: 'C+' },
  },
  {
    name: 'csp-second-header-empty',
    // An empty second line leaves an empty policy after the comma: invalid.
    headers: [...REST, csp("default-src 'self'"), csp('')],
    https: { results: overHttps({ 'content-security-policy': 'csp-header-invalid' }), score: 75, grade: 'B' },
    http: { results: overHttp({ 'content-security-policy': 'csp-header-invalid' }), score: 35, grade: 'D' },
  },
  {
    name: 'csp-three-policies',
    // The Observatory's own case: the middle policy has no 'unsafe-inline' in style-src, so the
    // folded style-src is 'self'; script-src 'self' from the outer two; default-src 'none'.
    headers: [
      ...REST,
      csp("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'"),
      csp("default-src 'none'; style-src 'self'"),
      csp("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'"),
    ],
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 120, grade: 'A+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 60, grade: 'C+' },
  },
  {
    name: 'csp-report-only',
    headers: [...REST, ['Content-Security-Policy-Report-Only', "default-src 'none'; report-uri /csp"]],
    https: { results: overHttps({ 'content-security-policy': 'csp-not-implemented-but-reporting-enabled' }), score: 75, grade: 'B' },
    http: { results: overHttp({ 'content-security-policy': 'csp-not-implemented-but-reporting-enabled' }), score: 35, grade: 'D' },
  },
  {
    name: 'csp-in-meta-with-frame-ancestors',
    // The <meta> policy counts. Its frame-ancestors is ignored when asking "is there a policy",
    // but stays in the folded policy the x-frame-options test reads: implemented via CSP (+5)
    // without any X-Frame-Options header.
    headers: [HTML, HSTS, NOSNIFF, REFERRER],
    body: withBody(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; frame-ancestors 'none'">`),
    // +10 +5 (via CSP) +5 = 120.
    https: {
      results: overHttps({
        'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none',
        'x-frame-options': 'x-frame-options-implemented-via-csp',
      }),
      score: 120,
      grade: 'A+',
    },
    http: {
      results: overHttp({
        'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none',
        'x-frame-options': 'x-frame-options-implemented-via-csp',
      }),
      score: 60,
      grade: 'C+',
    },
  },
  {
    name: 'csp-in-meta-only-frame-ancestors',
    // A meta policy of nothing but frame-ancestors is no policy at all.
    headers: [HTML, HSTS, NOSNIFF, REFERRER],
    body: withBody(`<meta http-equiv="Content-Security-Policy" content="frame-ancestors 'none'">`),
    // 100 −25 −20 (no XFO) = 55.
    https: {
      results: {
        'referrer-policy': 'referrer-policy-private',
        'x-content-type-options': 'x-content-type-options-nosniff',
        'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      },
      score: 55,
      grade: 'C',
    },
    // 100 −25 −20 −40 = 15.
    http: { results: { 'referrer-policy': 'referrer-policy-private', 'x-content-type-options': 'x-content-type-options-nosniff' }, score: 15, grade: 'F' },
  },
  {
    name: 'csp-header-and-meta-fold-to-none',
    // The Observatory's own case: header default-src http:, meta default-src https: → 'none'.
    headers: [...REST, csp('default-src http:')],
    body: withBody('<meta http-equiv="Content-Security-Policy" content="default-src https:">'),
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 120, grade: 'A+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-no-unsafe-default-src-none' }), score: 60, grade: 'C+' },
  },
  {
    name: 'csp-http-source',
    // An http: source is insecure only on an https page.
    headers: [...REST, csp("default-src 'self' http://cdn.example.org")],
    // 100 −20 = 80.
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-insecure-scheme' }), score: 80, grade: 'B+' },
    http: SOLID_HTTP,
  },
  {
    name: 'csp-http-images',
    headers: [...REST, csp("default-src 'self'; img-src 'self' http:")],
    // 100 −10 = 90, so the bonuses count: +5 +5 = 100.
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-insecure-scheme-in-passive-content-only' }), score: 100, grade: 'A+' },
    http: SOLID_HTTP,
  },
  {
    name: 'csp-style-unsafe-inline',
    headers: [...REST, csp("default-src 'self'; style-src 'self' 'unsafe-inline'")],
    // 100 +0 +5 +5 = 110.
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-unsafe-inline-in-style-src-only' }), score: 110, grade: 'A+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-unsafe-inline-in-style-src-only' }), score: 60, grade: 'C+' },
  },
  {
    name: 'csp-object-src-anything',
    headers: [...REST, csp("default-src 'none'; script-src 'self'; object-src *")],
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-unsafe-inline' }), score: 80, grade: 'B+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-unsafe-inline' }), score: 40, grade: 'D+' },
  },
  {
    name: 'csp-scripts-unrestricted',
    // No script-src and no default-src: scripts from anywhere.
    headers: [...REST, csp("img-src 'self'; form-action 'self'")],
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-with-unsafe-inline' }), score: 80, grade: 'B+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-with-unsafe-inline' }), score: 40, grade: 'D+' },
  },
  {
    name: 'csp-report-uri-twice',
    // A passing policy that repeats report-uri: csp-implemented-but-duplicate-directives, worth 0.
    headers: [...REST, csp("default-src 'none'; report-uri /csp-a; report-uri /csp-b")],
    // 100 +0 +5 +5 = 110.
    https: { results: overHttps({ 'content-security-policy': 'csp-implemented-but-duplicate-directives' }), score: 110, grade: 'A+' },
    http: { results: overHttp({ 'content-security-policy': 'csp-implemented-but-duplicate-directives' }), score: 60, grade: 'C+' },
  },
  {
    name: 'csp-everything-allowed',
    headers: [HTML, HSTS, NOSNIFF, csp("default-src * 'unsafe-inline' 'unsafe-eval' data: blob:")],
    // 100 −20 (unsafe-inline) −20 (no XFO) = 60.
    https: {
      results: {
        'content-security-policy': 'csp-implemented-with-unsafe-inline',
        'x-content-type-options': 'x-content-type-options-nosniff',
        'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      },
      score: 60,
      grade: 'C+',
    },
    // 100 −20 −20 −40 = 20.
    http: {
      results: { 'content-security-policy': 'csp-implemented-with-unsafe-inline', 'x-content-type-options': 'x-content-type-options-nosniff' },
      score: 20,
      grade: 'F',
    },
  },
  // ---- X-Frame-Options --------------------------------------------------------------------
  {
    name: 'xfo-deny-with-unsafe-eval',
    // DENY earns +5 since Observatory 1.5.0; it shows once the score reaches 90.
    headers: [HTML, HSTS, NOSNIFF, DENY, csp("default-src 'self'; script-src 'self' 'unsafe-eval'")],
    // 100 −10 = 90: +5 (DENY) = 95.
    https: {
      results: {
        'content-security-policy': 'csp-implemented-with-unsafe-eval',
        'x-frame-options': 'x-frame-options-sameorigin-or-deny',
        'x-content-type-options': 'x-content-type-options-nosniff',
        'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      },
      score: 95,
      grade: 'A',
    },
    // 100 −10 −40 = 50.
    http: {
      results: {
        'content-security-policy': 'csp-implemented-with-unsafe-eval',
        'x-frame-options': 'x-frame-options-sameorigin-or-deny',
        'x-content-type-options': 'x-content-type-options-nosniff',
      },
      score: 50,
      grade: 'C',
    },
  },
  {
    name: 'xfo-sameorigin',
    headers: [HTML, HSTS, NOSNIFF, REFERRER, csp("default-src 'self'"), ['X-Frame-Options', 'sameorigin']],
    https: { results: overHttps(), score: 115, grade: 'A+' },
    http: SOLID_HTTP,
  },
  {
    name: 'xfo-sent-twice',
    // Node joins the two lines: "DENY, DENY" is not a value X-Frame-Options has.
    headers: [...SOLID, DENY],
    // 100 −20 = 80.
    https: { results: overHttps({ 'x-frame-options': 'x-frame-options-header-invalid' }), score: 80, grade: 'B+' },
    // 100 −20 −40 = 40.
    http: { results: overHttp({ 'x-frame-options': 'x-frame-options-header-invalid' }), score: 40, grade: 'D+' },
  },
  {
    name: 'xfo-allow-from',
    headers: [HTML, HSTS, NOSNIFF, REFERRER, csp("default-src 'self'"), ['X-Frame-Options', 'ALLOW-FROM https://partner.example.org/']],
    // +5 (CSP) +0 +5 = 110.
    https: { results: overHttps({ 'x-frame-options': 'x-frame-options-allow-from-origin' }), score: 110, grade: 'A+' },
    http: { results: overHttp({ 'x-frame-options': 'x-frame-options-allow-from-origin' }), score: 60, grade: 'C+' },
  },
  {
    name: 'xfo-in-meta-only',
    // Browsers ignore X-Frame-Options in <meta>, and so does the Observatory.
    headers: [HTML, HSTS, NOSNIFF, REFERRER, csp("default-src 'self'")],
    body: withBody('<meta http-equiv="X-Frame-Options" content="DENY">'),
    // 100 −20 = 80.
    https: { results: overHttps({ 'x-frame-options': 'x-frame-options-not-implemented' }), score: 80, grade: 'B+' },
    http: { results: overHttp({ 'x-frame-options': 'x-frame-options-not-implemented' }), score: 40, grade: 'D+' },
  },
  {
    name: 'xfo-replaced-by-frame-ancestors',
    // frame-ancestors in the header overrides an invalid X-Frame-Options.
    headers: [HTML, HSTS, NOSNIFF, REFERRER, csp("default-src 'self'; frame-ancestors 'self'"), ['X-Frame-Options', 'whimsy']],
    https: { results: overHttps({ 'x-frame-options': 'x-frame-options-implemented-via-csp' }), score: 115, grade: 'A+' },
    http: { results: overHttp({ 'x-frame-options': 'x-frame-options-implemented-via-csp' }), score: 60, grade: 'C+' },
  },
  // ---- Strict-Transport-Security --------------------------------------------------------
  {
    name: 'hsts-one-day',
    headers: [...SOLID.filter((line) => line !== HSTS), ['Strict-Transport-Security', 'max-age=86400']],
    // 100 −10 = 90: +15 = 105.
    https: { results: overHttps({ 'strict-transport-security': 'hsts-implemented-max-age-less-than-six-months' }), score: 105, grade: 'A+' },
    // Over HTTP the header means nothing: no https.
    http: SOLID_HTTP,
  },
  {
    name: 'hsts-180-days',
    // 15552000 s (180 days) passes as six months.
    headers: [...SOLID.filter((line) => line !== HSTS), ['Strict-Transport-Security', 'max-age=15552000']],
    https: { results: overHttps(), score: 115, grade: 'A+' },
    http: SOLID_HTTP,
  },
  {
    name: 'hsts-sent-twice',
    // Two lines join with a comma: invalid.
    headers: [...SOLID, HSTS],
    // 100 −20 = 80.
    https: { results: overHttps({ 'strict-transport-security': 'hsts-header-invalid' }), score: 80, grade: 'B+' },
    http: SOLID_HTTP,
  },
  {
    name: 'hsts-without-max-age',
    headers: [...SOLID.filter((line) => line !== HSTS), ['Strict-Transport-Security', 'includeSubDomains; preload']],
    https: { results: overHttps({ 'strict-transport-security': 'hsts-header-invalid' }), score: 80, grade: 'B+' },
    http: SOLID_HTTP,
  },
  // ---- X-Content-Type-Options -----------------------------------------------------------
  {
    name: 'nosniff-sent-twice',
    headers: [...SOLID, NOSNIFF],
    // 100 −5 = 95: +15 = 110.
    https: { results: overHttps({ 'x-content-type-options': 'x-content-type-options-header-invalid' }), score: 110, grade: 'A+' },
    // 100 −5 −40 = 55.
    http: { results: overHttp({ 'x-content-type-options': 'x-content-type-options-header-invalid' }), score: 55, grade: 'C' },
  },
  // ---- Referrer-Policy ------------------------------------------------------------------
  {
    name: 'referrer-meta-after-header',
    // The meta tag comes after the header: its no-referrer is the last valid token.
    headers: [HTML, HSTS, NOSNIFF, DENY, csp("default-src 'self'"), ['Referrer-Policy', 'unsafe-url']],
    body: withBody('<meta name="referrer" content="no-referrer">'),
    https: { results: overHttps(), score: 115, grade: 'A+' },
    http: SOLID_HTTP,
  },
  {
    name: 'referrer-last-valid-token-unsafe',
    headers: [HTML, HSTS, NOSNIFF, DENY, csp("default-src 'self'"), ['Referrer-Policy', 'no-referrer, unsafe-url, whimsy']],
    // 100 −5 = 95: +5 (CSP) +5 (DENY) = 105.
    https: { results: overHttps({ 'referrer-policy': 'referrer-policy-unsafe' }), score: 105, grade: 'A+' },
    // 100 −5 −40 = 55.
    http: { results: overHttp({ 'referrer-policy': 'referrer-policy-unsafe' }), score: 55, grade: 'C' },
  },
  {
    name: 'referrer-unrecognised',
    headers: [HTML, HSTS, NOSNIFF, DENY, csp("default-src 'self'"), ['Referrer-Policy', 'whimsy']],
    https: { results: overHttps({ 'referrer-policy': 'referrer-policy-header-invalid' }), score: 105, grade: 'A+' },
    http: { results: overHttp({ 'referrer-policy': 'referrer-policy-header-invalid' }), score: 55, grade: 'C' },
  },
  {
    name: 'referrer-policy-meta-http-equiv-ignored',
    // Only <meta name="referrer"> counts; an http-equiv Referrer-Policy meta is not read.
    headers: [HTML, HSTS, NOSNIFF, DENY, csp("default-src 'self'")],
    body: withBody('<meta http-equiv="Referrer-Policy" content="no-referrer">'),
    // +5 (CSP) +5 (DENY) = 110.
    https: { results: overHttps({ 'referrer-policy': 'referrer-policy-not-implemented' }), score: 110, grade: 'A+' },
    http: { results: overHttp({ 'referrer-policy': 'referrer-policy-not-implemented' }), score: 60, grade: 'C+' },
  },
  // ---- cookies, from the Set-Cookie lines --------------------------------------------------
  {
    name: 'cookie-session-secure-samesite',
    // Secure, HttpOnly and SameSite: +5, over HTTP too (the lines are read, not a browser's jar).
    headers: [...SOLID, cookie('sessionid=8f2c; Path=/; Secure; HttpOnly; SameSite=Lax')],
    https: { results: overHttps({ cookies: 'cookies-secure-with-httponly-sessions-and-samesite' }), score: 120, grade: 'A+' },
    http: { results: overHttp({ cookies: 'cookies-secure-with-httponly-sessions-and-samesite' }), score: 60, grade: 'C+' },
  },
  {
    name: 'cookie-session-without-secure',
    headers: [...SOLID, cookie('sessionid=8f2c; Path=/; HttpOnly; SameSite=Lax')],
    // HSTS protects it: −10, the worst of −5 (a cookie) and −10 (a session cookie). 90: +15 = 105.
    https: { results: overHttps({ cookies: 'cookies-session-without-secure-flag-but-protected-by-hsts' }), score: 105, grade: 'A+' },
    // No HSTS over HTTP: −40. 100 −40 −40 = 20.
    http: { results: overHttp({ cookies: 'cookies-session-without-secure-flag' }), score: 20, grade: 'F' },
  },
  {
    name: 'cookie-session-without-httponly',
    headers: [...SOLID, cookie('PHPSESSID=a1b2; Path=/; Secure; SameSite=Strict')],
    // 100 −30 = 70.
    https: { results: overHttps({ cookies: 'cookies-session-without-httponly-flag' }), score: 70, grade: 'B' },
    // 100 −30 −40 = 30.
    http: { results: overHttp({ cookies: 'cookies-session-without-httponly-flag' }), score: 30, grade: 'D' },
  },
  {
    name: 'cookie-csrf-without-samesite',
    headers: [...SOLID, cookie('csrftoken=x9; Path=/; Secure')],
    https: { results: overHttps({ cookies: 'cookies-anticsrf-without-samesite-flag' }), score: 80, grade: 'B+' },
    http: { results: overHttp({ cookies: 'cookies-anticsrf-without-samesite-flag' }), score: 40, grade: 'D+' },
  },
  {
    name: 'cookie-samesite-unknown',
    headers: [...SOLID, cookie('prefs=dark; Path=/; Secure; SameSite=Sometimes')],
    https: { results: overHttps({ cookies: 'cookies-samesite-flag-invalid' }), score: 80, grade: 'B+' },
    http: { results: overHttp({ cookies: 'cookies-samesite-flag-invalid' }), score: 40, grade: 'D+' },
  },
  {
    name: 'cookie-samesite-none-without-secure',
    // SameSite=None needs Secure: invalid (−20), worse in the test's order than "without Secure".
    headers: [...SOLID, cookie('prefs=dark; Path=/; SameSite=None')],
    https: { results: overHttps({ cookies: 'cookies-samesite-flag-invalid' }), score: 80, grade: 'B+' },
    http: { results: overHttp({ cookies: 'cookies-samesite-flag-invalid' }), score: 40, grade: 'D+' },
  },
  {
    name: 'cookie-replaced-by-a-later-line',
    // Same name and path: the second line replaces the first in the jar, and it is fine.
    headers: [...SOLID, cookie('sessionid=old; HttpOnly'), cookie('sessionid=new; Secure; HttpOnly; SameSite=Lax')],
    https: { results: overHttps({ cookies: 'cookies-secure-with-httponly-sessions-and-samesite' }), score: 120, grade: 'A+' },
    http: { results: overHttp({ cookies: 'cookies-secure-with-httponly-sessions-and-samesite' }), score: 60, grade: 'C+' },
  },
  {
    name: 'cookie-on-the-http-redirect-only',
    // The http:// hop sets a cookie; the Observatory's https session never sees it.
    headers: SOLID,
    hopCookies: ['tracker=1; Path=/'],
    https: { results: overHttps(), score: 115, grade: 'A+' },
    http: SOLID_HTTP,
  },
  // ---- CORP, COOP, COEP (new in algorithm 6) ----------------------------------------------
  {
    name: 'cross-origin-isolated',
    headers: [
      ...SOLID,
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Cross-Origin-Embedder-Policy', 'require-corp'],
      ['Cross-Origin-Resource-Policy', 'same-origin'],
    ],
    // 115 +10 +10 +10 = 145.
    https: {
      results: overHttps({
        'cross-origin-opener-policy': 'coop-implemented-with-same-origin',
        'cross-origin-embedder-policy': 'coep-implemented-with-require-corp',
        'cross-origin-resource-policy': 'corp-implemented-with-same-origin',
      }),
      score: 145,
      grade: 'A+',
    },
    http: {
      results: overHttp({
        'cross-origin-opener-policy': 'coop-implemented-with-same-origin',
        'cross-origin-embedder-policy': 'coep-implemented-with-require-corp',
        'cross-origin-resource-policy': 'corp-implemented-with-same-origin',
      }),
      score: 60,
      grade: 'C+',
    },
  },
  {
    name: 'coop-with-report-to',
    headers: [...SOLID, ['Cross-Origin-Opener-Policy', 'same-origin-allow-popups; report-to="coop"'], ['Cross-Origin-Embedder-Policy', 'credentialless']],
    // 115 +10 +10 = 135.
    https: {
      results: overHttps({
        'cross-origin-opener-policy': 'coop-implemented-with-same-origin-allow-popups',
        'cross-origin-embedder-policy': 'coep-implemented-with-credentialless',
      }),
      score: 135,
      grade: 'A+',
    },
    http: {
      results: overHttp({
        'cross-origin-opener-policy': 'coop-implemented-with-same-origin-allow-popups',
        'cross-origin-embedder-policy': 'coep-implemented-with-credentialless',
      }),
      score: 60,
      grade: 'C+',
    },
  },
  {
    name: 'coop-sent-twice',
    headers: [...SOLID, ['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Opener-Policy', 'same-origin']],
    // 100 −5 = 95: +15 = 110.
    https: { results: overHttps({ 'cross-origin-opener-policy': 'coop-header-invalid' }), score: 110, grade: 'A+' },
    // 100 −5 −40 = 55.
    http: { results: overHttp({ 'cross-origin-opener-policy': 'coop-header-invalid' }), score: 55, grade: 'C' },
  },
  {
    name: 'coep-capitalised',
    // Structured-field tokens are case-sensitive.
    headers: [...SOLID, ['Cross-Origin-Embedder-Policy', 'Require-Corp'], ['Cross-Origin-Resource-Policy', 'same-site']],
    // 100 −5 = 95: +15 +10 (CORP) = 120.
    https: {
      results: overHttps({ 'cross-origin-embedder-policy': 'coep-header-invalid', 'cross-origin-resource-policy': 'corp-implemented-with-same-site' }),
      score: 120,
      grade: 'A+',
    },
    http: {
      results: overHttp({ 'cross-origin-embedder-policy': 'coep-header-invalid', 'cross-origin-resource-policy': 'corp-implemented-with-same-site' }),
      score: 55,
      grade: 'C',
    },
  },
  {
    name: 'corp-unknown-value',
    headers: [...SOLID, ['Cross-Origin-Resource-Policy', 'same-sit']],
    https: { results: overHttps({ 'cross-origin-resource-policy': 'corp-header-invalid' }), score: 110, grade: 'A+' },
    http: { results: overHttp({ 'cross-origin-resource-policy': 'corp-header-invalid' }), score: 55, grade: 'C' },
  },
  // ---- CORS, from the preflight ----------------------------------------------------------
  {
    name: 'cors-public',
    headers: SOLID,
    preflight: [['Access-Control-Allow-Origin', '*']],
    https: { results: overHttps({ 'cross-origin-resource-sharing': 'cross-origin-resource-sharing-implemented-with-public-access' }), score: 115, grade: 'A+' },
    http: { results: overHttp({ 'cross-origin-resource-sharing': 'cross-origin-resource-sharing-implemented-with-public-access' }), score: 60, grade: 'C+' },
  },
  {
    name: 'cors-reflects-origin-with-credentials',
    // The Observatory's universal-access check compares with an Origin its HTTP client never
    // shows it (tests/cross-origin-resource-sharing.ts): a real scan reads restricted access, 0.
    headers: SOLID,
    preflight: [
      ['Access-Control-Allow-Origin', '{origin}'],
      ['Access-Control-Allow-Credentials', 'true'],
    ],
    https: {
      results: overHttps({ 'cross-origin-resource-sharing': 'cross-origin-resource-sharing-implemented-with-restricted-access' }),
      score: 115,
      grade: 'A+',
    },
    http: {
      results: overHttp({ 'cross-origin-resource-sharing': 'cross-origin-resource-sharing-implemented-with-restricted-access' }),
      score: 60,
      grade: 'C+',
    },
  },
  {
    name: 'cors-restricted',
    headers: SOLID,
    preflight: [
      ['Access-Control-Allow-Origin', 'https://partner.example.org'],
      ['Access-Control-Allow-Credentials', 'true'],
    ],
    https: {
      results: overHttps({ 'cross-origin-resource-sharing': 'cross-origin-resource-sharing-implemented-with-restricted-access' }),
      score: 115,
      grade: 'A+',
    },
    http: {
      results: overHttp({ 'cross-origin-resource-sharing': 'cross-origin-resource-sharing-implemented-with-restricted-access' }),
      score: 60,
      grade: 'C+',
    },
  },
  // ---- subresource integrity, from the page as sent ----------------------------------------
  {
    name: 'sri-external-https-without-integrity',
    headers: SOLID,
    body: withBody('<script src="https://cdn.example.org/lib.js"></script>'),
    // 100 −5 = 95: +15 = 110.
    https: { results: overHttps({ 'subresource-integrity': 'sri-not-implemented-but-external-scripts-loaded-securely' }), score: 110, grade: 'A+' },
    http: { results: overHttp({ 'subresource-integrity': 'sri-not-implemented-but-external-scripts-loaded-securely' }), score: 55, grade: 'C' },
  },
  {
    name: 'sri-external-http-without-integrity',
    headers: SOLID,
    body: withBody('<script src="http://cdn.example.org/lib.js"></script>'),
    // 100 −50 = 50.
    https: { results: overHttps({ 'subresource-integrity': 'sri-not-implemented-and-external-scripts-not-loaded-securely' }), score: 50, grade: 'C' },
    // 100 −50 −40 = 10.
    http: { results: overHttp({ 'subresource-integrity': 'sri-not-implemented-and-external-scripts-not-loaded-securely' }), score: 10, grade: 'F' },
  },
  {
    name: 'sri-protocol-relative-with-integrity',
    headers: SOLID,
    body: withBody(
      '<script src="//cdn.example.org/lib.js" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC" crossorigin="anonymous"></script>',
    ),
    https: { results: overHttps({ 'subresource-integrity': 'sri-implemented-but-external-scripts-not-loaded-securely' }), score: 80, grade: 'B+' },
    http: { results: overHttp({ 'subresource-integrity': 'sri-implemented-but-external-scripts-not-loaded-securely' }), score: 40, grade: 'D+' },
  },
  {
    name: 'sri-external-with-integrity',
    headers: SOLID,
    body: withBody(
      '<script src="/app.js"></script><script src="https://cdn.example.org/lib.js" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC" crossorigin="anonymous"></script>',
    ),
    // 115 +5 = 120.
    https: { results: overHttps({ 'subresource-integrity': 'sri-implemented-and-external-scripts-loaded-securely' }), score: 120, grade: 'A+' },
    http: { results: overHttp({ 'subresource-integrity': 'sri-implemented-and-external-scripts-loaded-securely' }), score: 60, grade: 'C+' },
  },
  {
    name: 'sri-same-site-with-integrity',
    // A relative script is secure only on an https page: the bonus there, nothing over HTTP.
    headers: SOLID,
    body: withBody('<script src="/app.js" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"></script>'),
    https: { results: overHttps({ 'subresource-integrity': 'sri-implemented-and-all-scripts-loaded-securely' }), score: 120, grade: 'A+' },
    http: { results: overHttp({ 'subresource-integrity': 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin' }), score: 60, grade: 'C+' },
  },
  // ---- redirection (how http:// reaches the https page) -------------------------------------
  {
    name: 'redirect-to-another-host',
    headers: SOLID,
    route: 'off-host',
    // 100 −5 = 95: +15 = 110.
    https: { results: overHttps({ redirection: 'redirection-off-host-from-http' }), score: 110, grade: 'A+' },
    http: SOLID_HTTP,
  },
  {
    name: 'redirect-through-http-first',
    headers: SOLID,
    route: 'http-first',
    // 100 −10 = 90: +15 = 105.
    https: { results: overHttps({ redirection: 'redirection-not-to-https-on-initial-redirection' }), score: 105, grade: 'A+' },
    http: SOLID_HTTP,
  },
  // ---- whole sites -----------------------------------------------------------------------
  {
    name: 'site-wordpress-typical',
    headers: [
      HTML,
      ['Server', 'nginx/1.25.3'],
      NOSNIFF,
      ['X-Frame-Options', 'SAMEORIGIN'],
      REFERRER,
      cookie('wordpress_test_cookie=WP%20Cookie%20check; path=/; HttpOnly'),
    ],
    body: withBody(
      '',
      '<h1>Blog</h1><script src="/wp-includes/js/jquery/jquery.min.js"></script><script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script><script>window.dataLayer = [];</script>',
    ),
    // 100 −25 (CSP) −20 (a cookie without Secure, no HSTS) −20 (HSTS) −5 (SRI) = 30.
    https: {
      results: {
        cookies: 'cookies-without-secure-flag',
        'referrer-policy': 'referrer-policy-private',
        'subresource-integrity': 'sri-not-implemented-but-external-scripts-loaded-securely',
        'x-content-type-options': 'x-content-type-options-nosniff',
        'x-frame-options': 'x-frame-options-sameorigin-or-deny',
      },
      score: 30,
      grade: 'D',
    },
    // 100 −25 −20 −20 (no https) −20 (redirection) −5 = 10.
    http: {
      results: {
        cookies: 'cookies-without-secure-flag',
        'referrer-policy': 'referrer-policy-private',
        'subresource-integrity': 'sri-not-implemented-but-external-scripts-loaded-securely',
        'x-content-type-options': 'x-content-type-options-nosniff',
        'x-frame-options': 'x-frame-options-sameorigin-or-deny',
      },
      score: 10,
      grade: 'F',
    },
  },
  {
    name: 'site-shop-hardened',
    headers: [
      HTML,
      HSTS,
      NOSNIFF,
      DENY,
      REFERRER,
      csp("default-src 'self'; script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'; base-uri 'none'"),
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Cross-Origin-Resource-Policy', 'same-site'],
      cookie('__Host-session=9a; Path=/; Secure; HttpOnly; SameSite=Lax'),
    ],
    body: withBody('', '<h1>Shop</h1><script nonce="r4nd0m" src="/static/app.js"></script>'),
    // +5 (CSP) +5 (cookies) +10 (COOP) +5 (Referrer) +5 (DENY) +10 (CORP) = 140.
    https: {
      results: overHttps({
        cookies: 'cookies-secure-with-httponly-sessions-and-samesite',
        'cross-origin-opener-policy': 'coop-implemented-with-same-origin',
        'cross-origin-resource-policy': 'corp-implemented-with-same-site',
        'subresource-integrity': 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
      }),
      score: 140,
      grade: 'A+',
    },
    http: {
      results: overHttp({
        cookies: 'cookies-secure-with-httponly-sessions-and-samesite',
        'cross-origin-opener-policy': 'coop-implemented-with-same-origin',
        'cross-origin-resource-policy': 'corp-implemented-with-same-site',
        'subresource-integrity': 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
      }),
      score: 60,
      grade: 'C+',
    },
  },
  {
    name: 'site-legacy-floor-at-zero',
    headers: [HTML, ['Server', 'Apache/2.2.15'], cookie('PHPSESSID=abc123; path=/')],
    // 100 −25 −40 (session cookie without Secure) −20 −5 −20 = −10, floored at 0.
    https: { results: { cookies: 'cookies-session-without-secure-flag' }, score: 0, grade: 'F' },
    // 100 −25 −40 −20 −20 −5 −20 = −30, floored at 0.
    http: { results: { cookies: 'cookies-session-without-secure-flag' }, score: 0, grade: 'F' },
  },
];

/** The full expected results of a profile: the bare page's, with the profile's own over them. */
export function expectedResults(profile: HeaderProfile, protocol: 'https' | 'http'): Record<ObservatoryTestName, ResultId> {
  return { ...(protocol === 'https' ? BASE_HTTPS : BASE_HTTP), ...profile[protocol].results };
}
