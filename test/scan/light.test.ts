import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanResultSchema } from '../../scripts/schema/scan.ts';
import { closedPort, html, HOSTILE, page, startFixtureServer, startSelfSignedServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';
import { scanUrl, settings, testScanner } from './support.ts';

/** Light depth: plain HTTP(S), no browser. Every failure is a typed result, in time. */

let server: FixtureServer;
const scanner = testScanner(undefined, { browser: false });

beforeAll(async () => {
  server = await startFixtureServer({
    site: 'wordpress-style',
    routes: {
      '/redirect-loop': HOSTILE.endlessRedirect,
      '/never-ending': HOSTILE.neverEndingBody,
      '/huge': HOSTILE.hugeBody,
      '/huge-chunked': HOSTILE.hugeChunkedBody,
      '/challenge': HOSTILE.cloudflareChallenge,
      '/reset': HOSTILE.reset,
      '/status.json': HOSTILE.json,
      '/error-503': html(page('<h1>Maintenance</h1>'), {}, 503),
      '/moved': html('', { location: '/' }, 301),
      '/gzip': (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
        response.end(gzipSync(page('<h1>Compressed</h1><p>Tiny words here</p>', { title: 'Gzip' })));
      },
    },
  });
});
afterAll(async () => {
  await scanner.close();
  await server.close();
});

describe('light scan of a fixture site', () => {
  it('records status, content, security, infrastructure and timing without a browser', async () => {
    const { result, text } = await scanUrl(
      scanner,
      server.url('/'),
      settings('light', { ignore: { selectors: ['.promo-banner'], patterns: ['\\d{4} Northwind'] } }),
    );
    expect(scanResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({ ok: true, status: 200, depth: 'light', finalUrl: server.url('/') });
    expect(result.error).toBeUndefined();
    expect(result.content).toMatchObject({
      title: 'Northwind Analytics — Dashboards your whole team understands',
      canonical: server.url('/'),
      headings: expect.arrayContaining([{ level: 1, text: 'Dashboards your whole team understands' }]),
    });
    expect(text).toContain('Connect your CRM');
    expect(text).not.toContain('seats left');
    expect(text).not.toContain('2026 Northwind');
    expect(result.infrastructure).toMatchObject({ server: 'nginx/1.25.3', ip: '127.0.0.1', httpVersion: 'http/1.1', tls: null, redirects: [] });
    expect(result.security?.headers).toMatchObject({ 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'strict-origin-when-cross-origin' });
    expect(result.performance).toMatchObject({ fcpMs: null, lcpMs: null, requests: 1 });
    expect(result.performance?.ttfbMs).toBeGreaterThanOrEqual(0);
    expect(result.performance?.transferBytes).toBeGreaterThan(3000);
  });

  it('records redirects and follows them', async () => {
    const { result } = await scanUrl(scanner, server.url('/moved'), settings('light'));
    expect(result).toMatchObject({ ok: true, finalUrl: server.url('/'), status: 200 });
    expect(result.infrastructure?.redirects).toEqual([{ url: server.url('/moved'), status: 301 }]);
  });

  it('decodes compressed documents', async () => {
    const { result } = await scanUrl(scanner, server.url('/gzip'), settings('light'));
    expect(result.content).toMatchObject({ title: 'Gzip', wordCount: 4 });
  });

  it('the same page scanned twice has the same content hash', async () => {
    const first = await scanUrl(scanner, server.url('/'), settings('light'));
    const second = await scanUrl(scanner, server.url('/'), settings('light'));
    expect(first.result.content?.textHash).toBe(second.result.content?.textHash);
    expect(first.result.id).not.toBe(second.result.id);
  });

  it('a scanner without a browser scans deeper requests at light depth, and says so', async () => {
    expect(scanner.maxDepth).toBe('light');
    const { result } = await scanUrl(scanner, server.url('/'), settings('deep'));
    expect(result).toMatchObject({ ok: true, depth: 'light' });
    expect(result.pages).toBeUndefined();
  });

  it('records nothing the monitor does not track', async () => {
    const { result, text } = await scanUrl(scanner, server.url('/'), settings('light', { track: { performance: false, security: false, content: false } }));
    expect(result).toMatchObject({ ok: true, performance: null, security: null, content: null });
    expect(text).toBeNull();
  });
});

describe('light scan failures', () => {
  it.each([
    ['endless redirects', '/redirect-loop', 'too_many_redirects', null],
    ['a 50 MB body', '/huge', 'body_too_large', null],
    ['a 50 MB chunked body', '/huge-chunked', 'body_too_large', null],
    ['a bot challenge', '/challenge', 'blocked', 403],
    ['a 404', '/missing', 'http_error', 404],
    ['a 503', '/error-503', 'http_error', 503],
    ['JSON', '/status.json', 'not_html', 200],
    ['a dropped connection', '/reset', 'connection_reset', null],
  ] as const)('%s → %s, status %s', async (_name, path, kind, status) => {
    const started = Date.now();
    const { result } = await scanUrl(scanner, server.url(path), settings('light'));
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe(kind);
    // The page's own status is recorded when the page arrived and was judged not to be the site;
    // a redirect loop or an oversize body never delivered a page, so there is none.
    expect(result.status).toBe(status);
    expect(result.technologies).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a never-ending body times out at the scan timeout', async () => {
    const started = Date.now();
    const { result } = await scanUrl(scanner, server.url('/never-ending'), settings('light', { timeoutSeconds: 5 }));
    const elapsed = Date.now() - started;
    expect(result.error?.kind).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(4_900);
    expect(elapsed).toBeLessThan(7_000);
  });

  it('a refused connection', async () => {
    const { result } = await scanUrl(scanner, `http://127.0.0.1:${await closedPort()}/`, settings('light'));
    expect(result.error?.kind).toBe('connection_refused');
  });

  it('a name that does not resolve', async () => {
    const { result } = await scanUrl(scanner, 'http://no-such-competitor.invalid/', settings('light'));
    expect(result.error).toMatchObject({ kind: 'dns' });
    expect(result.error?.message).toContain('no-such-competitor.invalid');
  });

  it('an untrusted certificate', async () => {
    const tls = await startSelfSignedServer(await tempDir());
    try {
      const { result } = await scanUrl(scanner, tls.url, settings('light'));
      expect(result.error?.kind).toBe('tls');
    } finally {
      await tls.close();
    }
  });

  it('an aborted scan ends at once with kind aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const { result } = await scanUrl(scanner, server.url('/never-ending'), settings('light', { timeoutSeconds: 30 }), { signal: controller.signal });
    expect(result.error?.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
