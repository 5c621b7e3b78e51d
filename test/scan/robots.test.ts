import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deadline } from '../../scripts/scan/deadline.ts';
import { LIMITS } from '../../scripts/scan/limits.ts';
import { fetchRobots, robotsText } from '../../scripts/scan/robots.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';

/** Offline and opted in: the fixture servers are on loopback. */
const LOOPBACK_NETWORK = { offline: true, allowPrivateNetworks: true };

const ROBOTS = 'User-agent: *\nDisallow: /checkout/\nSitemap: /sitemap.xml\n';

describe('robotsText', () => {
  it.each<[string, { status: number; contentType: string | null; body: string }, string | null]>([
    ['a robots file', { status: 200, contentType: 'text/plain; charset=utf-8', body: ROBOTS }, ROBOTS],
    ['without a content type', { status: 200, contentType: null, body: ROBOTS }, ROBOTS],
    ['not found', { status: 404, contentType: 'text/plain', body: 'Not found' }, null],
    ['a soft 404: the home page served as robots.txt', { status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>Shop</title>' }, null],
    ['an HTML page without a content type', { status: 200, contentType: null, body: '<html><body>Oops</body></html>' }, null],
    ['empty', { status: 200, contentType: 'text/plain', body: '  \n' }, null],
  ])('%s', (_, response, expected) => {
    expect(robotsText(response)).toBe(expected);
  });
});

describe('fetchRobots', () => {
  let site: FixtureServer;
  let redirecting: FixtureServer;
  beforeAll(async () => {
    site = await startFixtureServer({
      routes: {
        '/robots.txt': (_request, response) => {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end(ROBOTS);
        },
      },
    });
    redirecting = await startFixtureServer({
      routes: {
        '/robots.txt': (_request, response) => {
          response.writeHead(301, { location: site.url('/robots.txt') });
          response.end();
        },
      },
    });
  });
  afterAll(() => Promise.all([site.close(), redirecting.close()]));

  it("fetches the origin's /robots.txt, whatever page is scanned", async () => {
    expect(await fetchRobots(site.url('/shop/tents?page=2'), { deadline: new Deadline(5_000), network: LOOPBACK_NETWORK })).toBe(ROBOTS);
  });

  it('follows a redirect, as crawlers do', async () => {
    expect(await fetchRobots(redirecting.url('/'), { deadline: new Deadline(5_000), network: LOOPBACK_NETWORK })).toBe(ROBOTS);
  });

  it('a site without one gives no signal', async () => {
    const bare = await startFixtureServer();
    try {
      expect(await fetchRobots(bare.url('/'), { deadline: new Deadline(5_000), network: LOOPBACK_NETWORK })).toBeNull();
    } finally {
      await bare.close();
    }
  });

  it('a robots.txt that never ends is given up after its bound, not the scan', async () => {
    const trickle = await startFixtureServer({
      routes: {
        '/robots.txt': (request, response) => {
          response.writeHead(200, { 'content-type': 'text/plain' });
          const timer = setInterval(() => response.write('# '), 100);
          request.socket.on('close', () => clearInterval(timer));
        },
      },
    });
    try {
      const started = performance.now();
      expect(await fetchRobots(trickle.url('/'), { deadline: new Deadline(20_000), network: LOOPBACK_NETWORK })).toBeNull();
      expect(performance.now() - started).toBeLessThan(LIMITS.robotsTimeoutMs + 1_000);
    } finally {
      await trickle.close();
    }
  });
});
