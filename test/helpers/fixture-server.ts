import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { createServer as createHttpsServer } from 'node:https';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { page } from '../../scripts/demo/site-server.ts';

/**
 * The fixture sites for tests: the site server the demo uses (scripts/demo/site-server.ts),
 * plus what only tests need: hostile routes, a self-signed https server and a closed port.
 */

export { html, page, startFixtureServer, type FixtureServer, type RouteHandler } from '../../scripts/demo/site-server.ts';

const execFileAsync = promisify(execFile);

/** Routes a hostile or broken site serves: the suite bench:scan measures (scripts/bench/hostile-sites.ts). */
export { HOSTILE, HOSTILE_PAGES, startHostileSite, type HostilePage } from '../../scripts/bench/hostile-sites.ts';

/** A port on 127.0.0.1 that nothing listens on (for connection_refused). */
export { closedPort } from '../../scripts/bench/closed-port.ts';

/**
 * An https server with a self-signed certificate (made with the openssl command line), for
 * the `tls` error kind: no scanner trusts it.
 */
export async function startSelfSignedServer(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1/O=Fixture Self-Signed',
  ]);
  const server = createHttpsServer({ key: await readFile(key), cert: await readFile(cert) }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(page('<h1>Self-signed</h1>'));
  });
  const sockets = new Set<{ destroy(): void }>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the https fixture is not listening on a TCP port');
  return {
    url: `https://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
