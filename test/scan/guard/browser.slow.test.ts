import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../../scripts/scan/browser/launch.ts';
import type { NetworkAccess } from '../../../scripts/scan/guard/resolver.ts';
import { TechscanScanner } from '../../../scripts/scan/scanner.ts';
import { NO_DETECTION, scanUrl, settings } from '../support.ts';
import { startCountingServer, startCountingUdp, type CountingServer, type CountingUdp } from './listeners.ts';

/**
 * The guard in the browser: every connection Chromium makes goes through the guard proxy, so
 * loopback in any notation is refused for the document, and a page on an allowed address cannot
 * reach a refused one by redirect, subresource, fetch, WebSocket, EventSource, beacon, worker,
 * iframe or WebRTC. The refused listener (127.0.0.2) must see no connection and no datagram.
 */

const guarded = (network: NetworkAccess) =>
  new TechscanScanner({ detection: NO_DETECTION, tool: 'techscan@test', chromium: findChromium(process.env), network });
/** Everything a test can reach is loopback: the page's own server (127.0.0.1) is let through, the rest is judged as usual. */
const FIRST_SERVER_ONLY: NetworkAccess = {
  offline: true,
  allowPrivateNetworks: false,
  letThrough: ['127.0.0.1'],
};

let site: CountingServer;
let refused: CountingServer;
let udp: CountingUdp;
let strict: TechscanScanner;
let firstOnly: TechscanScanner;

/** A page that tries every way out to 127.0.0.2 it can, in several notations. */
function hostilePage(port: number, udpPort: number): string {
  const targets = [`127.0.0.2:${port}`, `0x7f000002:${port}`, `2130706434:${port}`, `[::ffff:127.0.0.2]:${port}`];
  const [plain = '', hex = '', decimal = '', mapped = ''] = targets;
  return `<!DOCTYPE html><html><head><title>Reaching in</title>
<link rel="preconnect" href="http://${plain}/"><link rel="dns-prefetch" href="http://${hex}/">
<link rel="stylesheet" href="http://${decimal}/style.css"><script src="http://${mapped}/app.js"></script></head>
<body><h1>Hello</h1><img src="http://${plain}/pixel.png"><iframe src="http://${hex}/frame"></iframe>
<script>
  fetch('http://${decimal}/api').catch(() => {});
  const xhr = new XMLHttpRequest(); xhr.open('GET', 'http://${mapped}/xhr'); xhr.send();
  try { new WebSocket('ws://${plain}/socket'); } catch {}
  try { new EventSource('http://${hex}/events'); } catch {}
  navigator.sendBeacon('http://${decimal}/beacon', 'x');
  new Worker('/worker.js');
  try {
    const rtc = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.2:${udpPort}' }, { urls: 'turn:127.0.0.2:${udpPort}?transport=udp', username: 'u', credential: 'c' }] });
    rtc.createDataChannel('x');
    rtc.createOffer().then((offer) => rtc.setLocalDescription(offer));
  } catch {}
</script></body></html>`;
}

beforeAll(async () => {
  refused = await startCountingServer('127.0.0.2');
  udp = await startCountingUdp('127.0.0.2');
  site = await startCountingServer('127.0.0.1', (request, response) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname;
    if (path === '/worker.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(`fetch('http://127.0.0.2:${refused.port}/from-worker').catch(() => {});`);
    } else if (path === '/redirect') {
      response.writeHead(302, { location: `http://0x7f000002:${refused.port}/` }).end();
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostilePage(refused.port, udp.port));
    }
  });
  strict = guarded({ offline: true, allowPrivateNetworks: false });
  firstOnly = guarded(FIRST_SERVER_ONLY);
});
afterAll(async () => {
  await strict.close();
  await firstOnly.close();
  await site.close();
  await refused.close();
  await udp.close();
});

describe('the document', () => {
  it.each([
    ['http://127.0.0.1:<port>/', (port: number) => `http://127.0.0.1:${port}/`, '127.0.0.1 is a loopback address'],
    ['http://0x7f.1:<port>/', (port: number) => `http://0x7f.1:${port}/`, '127.0.0.1 is a loopback address'],
    ['http://2130706433:<port>/', (port: number) => `http://2130706433:${port}/`, '127.0.0.1 is a loopback address'],
    ['http://localhost:<port>/', (port: number) => `http://localhost:${port}/`, 'localhost resolves to 127.0.0.1, a loopback address'],
    [
      'http://[::ffff:127.0.0.1]:<port>/',
      (port: number) => `http://[::ffff:127.0.0.1]:${port}/`,
      '::ffff:7f00:1 is a loopback, as IPv4 127.0.0.1 inside IPv6 address',
    ],
  ])('%s is refused with private_address, and the site sees no connection', async (_shown, url, message) => {
    const before = site.connections;
    const { result } = await scanUrl(strict, url(site.port), settings('standard'));
    expect(result).toMatchObject({ ok: false, error: { kind: 'private_address' } });
    expect(result.error?.message).toContain(message);
    expect(site.connections).toBe(before);
  });

  it('a redirect of the document to a refused address ends the scan with private_address', async () => {
    const { result } = await scanUrl(firstOnly, `http://127.0.0.1:${site.port}/redirect`, settings('standard'));
    expect(result).toMatchObject({ ok: false, error: { kind: 'private_address' } });
    expect(result.error?.message).toMatch(/^127\.0\.0\.2 is a loopback address/);
    expect(refused.connections).toBe(0);
  });
});

describe('everything else the page asks for', () => {
  it('is blocked and counted, the page still scans, and nothing reaches the refused address', async () => {
    const { result } = await scanUrl(firstOnly, `http://127.0.0.1:${site.port}/`, settings('standard'));
    expect(result).toMatchObject({ ok: true, status: 200, content: { title: 'Reaching in' } });
    expect(result.infrastructure?.ip).toBe('127.0.0.1');
    // Stylesheet, script, image, iframe, fetch, XHR, WebSocket, EventSource, beacon and the worker's fetch, at least.
    expect(result.refusedRequests).toBeGreaterThanOrEqual(10);
    expect(refused.connections).toBe(0);
    expect(refused.requests).toBe(0);
    expect(udp.datagrams).toBe(0);
  });

  it('opted in, the same page reaches it (so the listeners do count)', async () => {
    const open = guarded({ offline: true, allowPrivateNetworks: true });
    const { result } = await scanUrl(open, `http://127.0.0.1:${site.port}/`, settings('standard'));
    await open.close();
    expect(result.ok).toBe(true);
    expect(result.refusedRequests).toBeUndefined();
    expect(refused.requests).toBeGreaterThan(0);
  });
});
