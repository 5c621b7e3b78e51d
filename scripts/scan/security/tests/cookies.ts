import { CookieJar } from 'tough-cookie';
import type { Evidence } from '../evidence.ts';
import { onlyIfWorse, RESULTS, type ResultId } from '../results.ts';
import { headerValues } from '../wire.ts';
import { strictTransportSecurityTest } from './strict-transport-security.ts';

/**
 * The Observatory's `cookies` test (src/analyzer/tests/cookies.js; test/cookies.test.js), from
 * the Set-Cookie lines the server sent, never a browser's cookie store (a browser drops a
 * Secure cookie set over http://; the Observatory does not).
 *
 * The Observatory collects those lines in a tough-cookie jar, one per response with that
 * response's URL, and grades the jar; so does this, with the same library and the same call
 * (http-cookie-agent's `setCookieSync(line, url, { ignoreError: true })`). The jar decides
 * which lines count: one that does not parse, one whose Domain does not cover the host or is a
 * public suffix, a `__Secure-`/`__Host-` cookie breaking its prefix's rules are left out, and a
 * later cookie of the same name, domain and path replaces an earlier one.
 */

export type CookiesResult = Extract<ResultId, `cookies-${string}`>;

/** From least to most bad (the test's `goodness`). */
const ORDER: readonly CookiesResult[] = [
  'cookies-without-secure-flag-but-protected-by-hsts',
  'cookies-without-secure-flag',
  'cookies-session-without-secure-flag-but-protected-by-hsts',
  'cookies-samesite-flag-invalid',
  'cookies-anticsrf-without-samesite-flag',
  'cookies-session-without-httponly-flag',
  'cookies-session-without-secure-flag',
];

/** Heroku's load-balancer cookie is ignored (mozilla/http-observatory#282). */
const IGNORED = new Set(['heroku-session-affinity']);
const SAME_SITE_VALUES = ['lax', 'strict', 'none'];

interface JarCookie {
  readonly key: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: string | undefined;
}

export function cookiesTest(evidence: Evidence): CookiesResult {
  const hsts = RESULTS[strictTransportSecurityTest(evidence)].pass;
  let result: CookiesResult | null = null;
  const worse = (candidate: CookiesResult) => (result = onlyIfWorse(candidate, result, ORDER));

  // Tests "checks samesite invalid", "… invalid empty", "… invalid true": read from the raw
  // lines of the document's own response, before the jar has a say.
  if (headerValues(evidence.headers, 'set-cookie').some(hasInvalidSameSite)) worse('cookies-samesite-flag-invalid');

  const cookies = jarCookies(evidence);
  // Test "detects no cookies found".
  if (cookies.length === 0) return 'cookies-not-found';
  let missingSameSite = false;
  for (const cookie of cookies) {
    const name = cookie.key.toLowerCase();
    const session = name.includes('login') || name.includes('sess');
    const antiCsrf = name.includes('csrf');
    if (!cookie.secure && cookie.sameSite?.toLowerCase() === 'none') worse('cookies-samesite-flag-invalid');
    // Tests "checks regular cookie no secure but hsts" and "checks no secure".
    if (!cookie.secure) worse(hsts ? 'cookies-without-secure-flag-but-protected-by-hsts' : 'cookies-without-secure-flag');
    // Test "checks anticsrf without samesite".
    if (antiCsrf && !cookie.sameSite) worse('cookies-anticsrf-without-samesite-flag');
    // Tests "checks session cookie no secure but hsts" and "checks session no secure".
    if (session && !cookie.secure) worse(hsts ? 'cookies-session-without-secure-flag-but-protected-by-hsts' : 'cookies-session-without-secure-flag');
    // Test "checks session no httponly".
    if (session && !cookie.httpOnly) worse('cookies-session-without-httponly-flag');
    if (!cookie.sameSite) missingSameSite = true;
  }
  // Tests "checks secure with httponly sessions" and "… and samesite".
  return result ?? (missingSameSite ? 'cookies-secure-with-httponly-sessions' : 'cookies-secure-with-httponly-sessions-and-samesite');
}

function jarCookies(evidence: Evidence): JarCookie[] {
  const jar = new CookieJar();
  for (const { url, line } of evidence.cookies) jar.setCookieSync(line, url, { ignoreError: true });
  return (jar.serializeSync()?.cookies ?? [])
    .filter((cookie) => cookie.key && !IGNORED.has(cookie.key))
    .map((cookie) => ({
      key: cookie.key ?? '',
      secure: cookie.secure === true,
      httpOnly: cookie.httpOnly === true,
      sameSite: typeof cookie.sameSite === 'string' ? cookie.sameSite : undefined,
    }));
}

/** A SameSite attribute that is empty or none of Lax, Strict and None. */
function hasInvalidSameSite(line: string): boolean {
  return line
    .trim()
    .split(';')
    .some((part) => {
      const [key, value] = part.trim().split('=');
      if (key?.trim().toLowerCase() !== 'samesite') return false;
      return !value || !SAME_SITE_VALUES.includes(value.trim().toLowerCase());
    });
}
