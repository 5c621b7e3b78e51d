import type { ObservatoryInput } from '../../../scripts/scan/security/observatory.ts';
import { PREFLIGHT_ORIGIN } from '../../../scripts/scan/security/tests/cross-origin-resource-sharing.ts';
import type { HeaderLine } from '../../../scripts/scan/security/wire.ts';
import { page } from '../../helpers/fixture-server.ts';
import type { HeaderProfile } from './profiles.ts';

/**
 * Where each profile is served and what a scan of it sees, in one place for the profile
 * server (profile-server.ts) and the pure test that grades the same inputs without a server.
 */

export const PROFILE_PATH = (name: string) => `/p/${name}`;
export const TO_HTTPS_PATH = (name: string) => `/to-https/${name}`;
export const HTTP_FIRST_PATH = (name: string) => `/to-https-again/${name}`;
export const DEFAULT_BODY = page('<h1>Profile</h1><p>A page with a header profile.</p>', { title: 'Profile' });

export interface Origins {
  /** e.g. http://127.0.0.1:8080 */
  readonly http: string;
  /** e.g. https://127.0.0.1:8443 */
  readonly https: string;
}

/** The URL a scan of the profile starts at. */
export function scanUrl(profile: HeaderProfile, protocol: 'https' | 'http', origins: Origins): string {
  return `${origins.http}${protocol === 'https' ? TO_HTTPS_PATH(profile.name) : PROFILE_PATH(profile.name)}`;
}

/** Where http:// → https:// ends: the same host, or `localhost` for an off-host redirect. */
export function httpsPageUrl(profile: HeaderProfile, origins: Origins): string {
  const url = new URL(PROFILE_PATH(profile.name), origins.https);
  if (profile.route === 'off-host') url.hostname = 'localhost';
  return url.href;
}

export function preflightLines(profile: HeaderProfile, origin: string): HeaderLine[] {
  return (profile.preflight ?? []).map(([name, value]) => [name, value.replace('{origin}', origin)]);
}

/** What the Observatory's tests get from a scan of the profile over the given protocol. */
export function expectedInput(profile: HeaderProfile, protocol: 'https' | 'http', origins: Origins): ObservatoryInput {
  const start = scanUrl(profile, protocol, origins);
  const body = profile.body ?? DEFAULT_BODY;
  const preflight = preflightLines(profile, PREFLIGHT_ORIGIN);
  const pageCookies = (url: string) => profile.headers.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, line]) => ({ url, line }));
  if (protocol === 'http') {
    return {
      siteHost: '127.0.0.1',
      https: false,
      headers: profile.headers,
      body,
      cookies: pageCookies(start),
      httpRoute: { hops: [{ url: start, status: 200 }], verified: true },
      preflight,
    };
  }
  const final = httpsPageUrl(profile, origins);
  const hops = [
    { url: start, status: 301 },
    ...(profile.route === 'http-first' ? [{ url: `${origins.http}${HTTP_FIRST_PATH(profile.name)}`, status: 301 }] : []),
    { url: final, status: 200 },
  ];
  // The http:// hops' cookies are not the https session's.
  return { siteHost: '127.0.0.1', https: true, headers: profile.headers, body, cookies: pageCookies(final), httpRoute: { hops, verified: true }, preflight };
}
