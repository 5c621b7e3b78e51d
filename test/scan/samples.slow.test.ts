import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scanner } from '../../scripts/scan/contract.ts';
import { median } from '../../scripts/shared/statistics.ts';
import { blockHash } from '../../scripts/shared/volatile-text.ts';
import { page, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { scanUrl, settings, testScanner } from './support.ts';

/**
 * A scan's extra loads of its page, in a real Chromium and over HTTP: TTFB from several timed
 * samples, and the text that differed between loads seconds apart marked volatile — from the
 * served document and its samples, and for text scripts wrote, from a second render.
 */

const SLOW = { timeout: 60_000 };
const PROMOS = ['Spring sale on every plan', 'Our new mobile app is here', 'Join the webinar on Thursday'];
const BANNER = 'We use cookies to improve your experience.';
const DOCUMENT_DELAY_MS = 250;

let server: FixtureServer;
let scanner: Scanner;
const served = new Map<string, number>();
/** Loads of a page (the security grade's CORS preflight is an OPTIONS request, not a load). */
const count = (path: string) => {
  const next = (served.get(path) ?? 0) + 1;
  served.set(path, next);
  return next;
};

beforeAll(async () => {
  server = await startFixtureServer({
    routes: {
      // Each request shows the next promo: three loads show three.
      '/rotating': (request, response) => {
        if (request.method === 'OPTIONS') return void response.writeHead(204).end();
        const promo = PROMOS[count('/rotating') % PROMOS.length] ?? '';
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page(`<h1>Northwind</h1><p>Dashboards for teams.</p><aside><p>${promo}</p></aside>`));
      },
      '/slow': async (request, response) => {
        if (request.method === 'OPTIONS') return void response.writeHead(204).end();
        count('/slow');
        await new Promise((resolve) => setTimeout(resolve, DOCUMENT_DELAY_MS));
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page('<h1>Slow</h1><p>A page that takes its time.</p>'));
      },
      // A script that writes the next promo on each load of the page in this browser context,
      // and a banner on every fourth load only (as one shown to some visitors at random).
      '/client': (request, response) => {
        if (request.method === 'OPTIONS') return void response.writeHead(204).end();
        count('/client');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(
          page(
            `<h1>Kestrel</h1><p>Payments made plain.</p><div id="promo"></div><script>var n = Number(localStorage.getItem('n') || 0); localStorage.setItem('n', n + 1); document.getElementById('promo').textContent = ${JSON.stringify(PROMOS)}[n % 3]; if (n % 4 === 3) document.body.insertAdjacentHTML('afterbegin', '<p>${BANNER}</p>');</script>`,
          ),
        );
      },
      '/static': (request, response) => {
        if (request.method === 'OPTIONS') return void response.writeHead(204).end();
        count('/static');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page('<h1>Static</h1><p>Nothing here changes.</p>'));
      },
    },
  });
  scanner = testScanner();
});

afterAll(async () => {
  await scanner.close();
  await server.close();
});

const hashes = (texts: readonly string[]) => texts.map(blockHash).sort();

describe('the samples a scan takes', () => {
  it.each(['light', 'standard'] as const)('marks text that differs between loads as volatile (%s)', SLOW, async (depth) => {
    const { result } = await scanUrl(scanner, server.url('/rotating'), settings(depth));
    expect(result.ok).toBe(true);
    expect(result.content?.volatile).toEqual(hashes(PROMOS));
    expect(result.content?.blocks).toContain(blockHash('Dashboards for teams.'));
  });

  it('times TTFB from several samples, and records the median', SLOW, async () => {
    const { result } = await scanUrl(scanner, server.url('/slow'), settings('standard'));
    const samples = result.performance?.samples?.ttfbMs ?? [];
    expect(samples.length).toBeGreaterThanOrEqual(1);
    expect(samples.every((value) => value >= DOCUMENT_DELAY_MS)).toBe(true);
    expect(result.performance?.ttfbMs).toBe(Math.round(median(samples)));
  });

  it('renders a page whose scripts wrote text a second time, and marks what differed', SLOW, async () => {
    const before = served.get('/client') ?? 0;
    const { result } = await scanUrl(scanner, server.url('/client'), settings('standard'));
    // The page, its second render and three samples.
    expect((served.get('/client') ?? 0) - before).toBe(5);
    // The banner only a fourth load would show is not seen.
    expect(result.content?.volatile).toEqual(hashes(PROMOS.slice(0, 2)));
  });

  it('renders a page once when its scripts wrote no text', SLOW, async () => {
    const before = served.get('/static') ?? 0;
    const { result } = await scanUrl(scanner, server.url('/static'), settings('standard'));
    expect((served.get('/static') ?? 0) - before).toBe(4);
    expect(result.content?.volatile).toEqual([]);
  });
});
