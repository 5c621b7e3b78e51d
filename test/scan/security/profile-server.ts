import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLocalServer } from '../../../scripts/demo/local-server.ts';
import type { HeaderLine } from '../../../scripts/scan/security/wire.ts';
import { startTlsServer, type Credentials } from '../../helpers/test-ca.ts';
import { DEFAULT_BODY, HTTP_FIRST_PATH, httpsPageUrl, PROFILE_PATH, preflightLines, TO_HTTPS_PATH, type Origins } from './profile-scans.ts';
import type { HeaderProfile } from './profiles.ts';

/**
 * Every header profile served on 127.0.0.1, over plain HTTP on one port and HTTPS on another,
 * its header lines sent exactly as listed (duplicates and empty values included), its CORS
 * preflight answered, and http:// redirecting to https:// the way the profile says.
 */

export interface ProfileServers {
  readonly origins: Origins;
  close(): Promise<void>;
}

export async function startProfileServers(profiles: readonly HeaderProfile[], credentials: Credentials): Promise<ProfileServers> {
  const byName = new Map(profiles.map((profile) => [profile.name, profile]));
  let origins: Origins = { http: '', https: '' };
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname;
    const [, kind, name = ''] = path.split('/');
    const profile = byName.get(name);
    if (!profile) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('no such profile');
    if (`/${kind}/${name}` === PROFILE_PATH(name)) {
      if (request.method === 'OPTIONS') return send(response, 204, preflightLines(profile, request.headers.origin ?? ''), '');
      return send(response, 200, profile.headers, profile.body ?? DEFAULT_BODY);
    }
    const next =
      `/${kind}/${name}` === TO_HTTPS_PATH(name) && profile.route === 'http-first' ? `${origins.http}${HTTP_FIRST_PATH(name)}` : httpsPageUrl(profile, origins);
    const cookies = (profile.hopCookies ?? []).map((line): HeaderLine => ['Set-Cookie', line]);
    return send(response, 301, [['Location', next], ...cookies], '');
  };
  const plain = await startLocalServer(serve);
  const secure = await startTlsServer(serve, credentials);
  origins = { http: plain.origin, https: secure.origin };
  return {
    origins,
    close: async () => {
      await Promise.all([plain.close(), secure.close()]);
    },
  };
}

/** Sends exactly these header lines: Node's writeHead takes a flat name, value, … list as is. */
function send(response: ServerResponse, status: number, lines: readonly HeaderLine[], body: string): void {
  response.writeHead(status, lines.flat());
  response.end(body);
}
