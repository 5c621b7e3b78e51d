import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { portOf } from '../../scripts/demo/local-server.ts';
import { html, page, type RouteHandler } from '../../scripts/demo/site-server.ts';

/**
 * The fixture sites for tests: the site server the demo uses (scripts/demo/site-server.ts),
 * plus what only tests need: hostile routes, a self-signed https server and a closed port.
 */

export { html, page, startFixtureServer, type FixtureServer, type RouteHandler } from '../../scripts/demo/site-server.ts';

const execFileAsync = promisify(execFile);

/** Routes a hostile or broken site serves. Each one must end a scan with a typed error, in time. */
export const HOSTILE = {
  /** Every redirect leads to another, forever. */
  endlessRedirect: ((request, response) => {
    const hop = Number(new URL(request.url ?? '/', 'http://fixture').searchParams.get('hop') ?? '0');
    response.writeHead(302, { location: `/redirect-loop?hop=${hop + 1}` });
    response.end();
  }) satisfies RouteHandler,
  /** Headers, the start of a page, then a trickle of bytes that never ends. */
  neverEndingBody: ((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.write('<!DOCTYPE html><html><head><title>Still loading</title></head><body><p>');
    const timer = setInterval(() => response.write('.'), 200);
    request.socket.on('close', () => clearInterval(timer));
  }) satisfies RouteHandler,
  /** A 50 MB page, streamed, with an honest Content-Length. */
  hugeBody: ((request, response) => streamBytes(request, response, 50 * 1024 * 1024, true)) satisfies RouteHandler,
  /** The same 50 MB without Content-Length (chunked): the cap must count the bytes. */
  hugeChunkedBody: ((request, response) => streamBytes(request, response, 50 * 1024 * 1024, false)) satisfies RouteHandler,
  /** A script that never yields the main thread. */
  busyLoop: html(page('<p>Busy</p><script>for (;;) {}</script>', { title: 'Busy' })),
  /** Alerts, confirms and prompts, forever. */
  endlessDialogs: html(page('<script>for (;;) { alert("Win a prize!"); confirm("Really?"); prompt("Your email?"); }</script>', { title: 'Dialogs' })),
  /** Three alerts, then an ordinary page. */
  someDialogs: html(
    page('<h1>Welcome back</h1><p>Your order has shipped.</p><script>alert("one"); confirm("two"); prompt("three");</script>', { title: 'Dialogs' }),
  ),
  /** The main document is a file download. */
  download: ((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="report.bin"' });
    response.end(Buffer.alloc(64 * 1024, 7));
  }) satisfies RouteHandler,
  /** Opens popups on load and every 100 ms after. */
  popups: html(
    page('<h1>Deals</h1><p>Today only.</p><script>window.open("/popup-target"); setInterval(() => window.open("about:blank"), 100);</script>', {
      title: 'Popups',
    }),
  ),
  /** Cloudflare's "Just a moment…" bot challenge. */
  cloudflareChallenge: html(
    page(
      '<div id="challenge-body-text">Checking if the site connection is secure</div><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>',
      {
        title: 'Just a moment...',
      },
    ),
    { server: 'cloudflare', 'cf-ray': '8c0a1b2c3d4e5f60-FRA', 'cf-mitigated': 'challenge' },
    403,
  ),
  /** The connection is dropped as soon as the request arrives. */
  reset: ((request) => {
    request.socket.destroy();
  }) satisfies RouteHandler,
  json: ((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
  }) satisfies RouteHandler,
} as const;

function streamBytes(request: IncomingMessage, response: ServerResponse, total: number, declareLength: boolean): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(declareLength ? { 'content-length': String(total) } : {}) });
  const prefix = Buffer.from('<!DOCTYPE html><html><head><title>Huge</title></head><body>');
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = prefix.length;
  let closed = false;
  request.socket.on('close', () => (closed = true));
  response.write(prefix);
  const pump = () => {
    while (!closed && sent < total) {
      const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += part.length;
      if (!response.write(part)) return void response.once('drain', pump);
    }
    if (!closed) response.end();
  };
  pump();
}

/** A port on 127.0.0.1 that nothing listens on (for connection_refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

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
