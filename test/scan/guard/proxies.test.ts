import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardProxies } from '../../../scripts/scan/guard/proxies.ts';
import { startCountingServer, type CountingServer } from './listeners.ts';

/**
 * The guard proxies on their own thread: they answer what the visit asks (refusals, failures,
 * addresses), and the browser's bytes flow while the scan's thread is busy.
 */

const GUARDED = { offline: true, allowPrivateNetworks: false };
const OPEN = { offline: true, allowPrivateNetworks: true };
/** SOCKS5 reply codes (RFC 1928). */
const SUCCEEDED = 0;
const NOT_ALLOWED = 2;

let proxies: GuardProxies;
let site: CountingServer;
beforeAll(async () => {
  proxies = new GuardProxies();
  site = await startCountingServer('127.0.0.1');
});
afterAll(async () => {
  await proxies.close();
  await site.close();
});

/** A SOCKS5 CONNECT to 127.0.0.1:port through the proxy at `proxyUrl`: the reply code. */
async function socksConnect(proxyUrl: string, port: number): Promise<number> {
  const socket = connect(Number(new URL(proxyUrl).port), '127.0.0.1');
  try {
    await once(socket, 'connect');
    socket.write(Buffer.from([5, 1, 0]));
    await once(socket, 'data');
    socket.write(Buffer.from([5, 1, 0, 1, 127, 0, 0, 1, port >> 8, port & 0xff]));
    const [reply]: unknown[] = await once(socket, 'data');
    return Buffer.isBuffer(reply) ? (reply[1] ?? -1) : -1;
  } finally {
    socket.destroy();
  }
}

describe('a guard proxy on its own thread', () => {
  it('refuses a loopback connection with the guard on, and says so and why', async () => {
    const proxy = await proxies.start(GUARDED);
    try {
      expect(await socksConnect(proxy.url, site.port)).toBe(NOT_ALLOWED);
      expect(await proxy.refused()).toBe(1);
      const failure = await proxy.failureFor(`http://127.0.0.1:${site.port}/`);
      expect(failure).toMatchObject({ kind: 'private_address' });
      expect(failure?.message).toContain('127.0.0.1 is a loopback address');
      expect(await proxy.addressOf(`http://127.0.0.1:${site.port}/`)).toBeUndefined();
    } finally {
      await proxy.close();
    }
    expect(site.connections).toBe(0);
  });

  it('connects when private networks are allowed, and knows the address it went to', async () => {
    const proxy = await proxies.start(OPEN);
    try {
      expect(await socksConnect(proxy.url, site.port)).toBe(SUCCEEDED);
      expect(await proxy.refused()).toBe(0);
      expect(await proxy.failureFor(`http://127.0.0.1:${site.port}/`)).toBeUndefined();
      expect(await proxy.addressOf(`http://127.0.0.1:${site.port}/`)).toBe('127.0.0.1');
    } finally {
      await proxy.close();
    }
  });

  it('lets the first hop of a test through with letThrough, and nothing else', async () => {
    const proxy = await proxies.start({ ...GUARDED, letThrough: ['127.0.0.1'] });
    try {
      expect(await socksConnect(proxy.url, site.port)).toBe(SUCCEEDED);
    } finally {
      await proxy.close();
    }
  });

  it("carries a page's bytes while the scan's thread is busy", async () => {
    // Server and client run in a child process; only the proxy is this process's, on its thread.
    const proxy = await proxies.start(OPEN);
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD_CLIENT, new URL(proxy.url).port], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const lines = child.stdout.setEncoding('utf8')[Symbol.asyncIterator]();
      expect(String((await lines.next()).value).trim()).toBe('ready');
      child.stdin.write('go\n');
      const busyUntil = performance.now() + BUSY_MS;
      while (performance.now() < busyUntil) {
        // The scan's thread parsing, matching and hashing other pages.
      }
      const tookMs = Number((await lines.next()).value);
      expect(tookMs).toBeLessThan(BUSY_MS / 2);
    } finally {
      child.kill();
      await proxy.close();
    }
  });
});

const BUSY_MS = 1_500;

/** Serves a page, and on "go" loads it through the SOCKS proxy on argv[1]; prints how long that took. */
const CHILD_CLIENT = `
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { once } from 'node:events';
const server = createServer((request, response) => response.end('<title>through</title>'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
console.log('ready');
await once(process.stdin, 'data');
const started = performance.now();
const socket = connect(Number(process.argv[1]), '127.0.0.1');
await once(socket, 'connect');
socket.write(Buffer.from([5, 1, 0]));
await once(socket, 'data');
socket.write(Buffer.from([5, 1, 0, 1, 127, 0, 0, 1, port >> 8, port & 0xff]));
await once(socket, 'data');
socket.write('GET / HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n');
let body = '';
for await (const chunk of socket) body += chunk;
if (!body.includes('<title>through</title>')) throw new Error('no page: ' + body);
console.log(String(Math.round(performance.now() - started)));
server.close();
`;
