import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalsInput } from '../../scripts/schema/signals.ts';
import { scanResultSchema } from '../../scripts/schema/scan.ts';
import type { Detection } from '../../scripts/scan/scanner.ts';
import { closedPort, html, HOSTILE, page, startFixtureServer, startSelfSignedServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';
import { scanUrl, settings, testScanner } from './support.ts';

/** Standard and deep scans in a real Chromium against fixture sites, hostile ones included. */

const SLOW = { timeout: 40_000 };
let shop: FixtureServer;
let blog: FixtureServer;
let hostile: FixtureServer;
const scanner = testScanner();

beforeAll(async () => {
  shop = await startFixtureServer({ site: 'react-spa' });
  blog = await startFixtureServer({ site: 'wordpress-style' });
  hostile = await startFixtureServer({
    routes: {
      '/redirect-loop': HOSTILE.endlessRedirect,
      '/never-ending': HOSTILE.neverEndingBody,
      '/huge': HOSTILE.hugeBody,
      '/huge-chunked': HOSTILE.hugeChunkedBody,
      '/busy': HOSTILE.busyLoop,
      '/dialogs': HOSTILE.endlessDialogs,
      '/some-dialogs': HOSTILE.someDialogs,
      '/download': HOSTILE.download,
      '/popups': HOSTILE.popups,
      '/popup-target': html(page('<h1>Popup</h1>')),
      '/challenge': HOSTILE.cloudflareChallenge,
      '/reset': HOSTILE.reset,
      '/status.json': HOSTILE.json,
      '/many-requests': html(
        page(`<h1>Gallery</h1>${Array.from({ length: 450 }, (_, index) => `<img src="/img/${index}.png" alt="">`).join('')}`, { title: 'Gallery' }),
      ),
      '/img/*': (_request, response) => {
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(Buffer.alloc(64));
      },
    },
  });
});
afterAll(async () => {
  await scanner.close();
  await Promise.all([shop.close(), blog.close(), hostile.close()]);
});

describe('standard scan', () => {
  it('renders a single-page app: content from its XHR, Core Web Vitals, resources by type', SLOW, async () => {
    const { result, text } = await scanUrl(scanner, shop.url('/'), settings('standard', { timeoutSeconds: 30 }));
    expect(scanResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({ ok: true, status: 200, depth: 'standard' });
    expect(text).toContain('Ridge 2P tent');
    expect(result.content?.headings).toContainEqual({ level: 1, text: 'Gear for every trail' });
    const performance = result.performance;
    expect(performance?.fcpMs).toBeGreaterThan(0);
    expect(performance?.lcpMs).toBeGreaterThanOrEqual(performance?.fcpMs ?? 0);
    expect(performance?.cls).toBeGreaterThanOrEqual(0);
    expect(performance?.loadMs).toBeGreaterThan(0);
    expect(performance?.byType.script?.requests).toBe(4);
    expect(performance?.byType.fetch?.requests).toBe(1);
    expect(performance?.transferBytes).toBeGreaterThan(100_000);
    expect(result.infrastructure).toMatchObject({ ip: '127.0.0.1', httpVersion: 'http/1.1' });
    expect(result.security?.findings.find((finding) => finding.test === 'content-security-policy')?.result).toBe(
      'csp-implemented-with-unsafe-inline-in-style-src-only',
    );
  });

  it('light depth sees the empty shell of the same app', async () => {
    const { text } = await scanUrl(scanner, shop.url('/'), settings('light'));
    expect(text).not.toContain('Ridge 2P tent');
  });

  it('collects exactly the planned js chains and dom selectors, and XHR hosts', SLOW, async () => {
    const seen: SignalsInput[] = [];
    const recording: Detection = {
      version: 'recording',
      rules: 'recording',
      plan: {
        js: ['React.version', 'dayjs', 'jQuery.fn.jquery', 'React.nope'],
        dom: [
          { selector: "[aria-labelledby='pi-american_express']", exists: true, text: false, attributes: ['role'], properties: [] },
          { selector: '.product h3', exists: false, text: true, attributes: [], properties: [] },
          { selector: 'div[', exists: true, text: false, attributes: [], properties: [] },
        ],
      },
      detect: (signals) => (seen.push(signals), []),
    };
    const recordingScanner = testScanner(recording);
    try {
      await scanUrl(recordingScanner, shop.url('/'), settings('standard', { timeoutSeconds: 30 }));
    } finally {
      await recordingScanner.close();
    }
    const signals = seen[0];
    expect(signals?.js).toEqual({ 'React.version': '18.3.1', dayjs: true });
    expect(signals?.dom?.["[aria-labelledby='pi-american_express']"]).toEqual([{ exists: true, attributes: { role: 'img' } }]);
    expect(signals?.dom?.['.product h3']?.map((node) => node.text)).toEqual(['Ridge 2P tent', 'Switchback 40 L pack', 'Stormline shell jacket']);
    expect(signals?.xhr).toEqual(['127.0.0.1']);
    expect(signals?.scripts?.some((body) => body.includes('createRoot'))).toBe(true);
  });

  it('collects correctly from a page that overrides built-ins', SLOW, async () => {
    const poisoned = page(
      `<div class="widget" data-version="2.0">Widget</div><script>
        window.Acme = { version: '9.9.9' };
        JSON.stringify = () => '"poisoned"';
        Object.prototype.toJSON = function () { return 'poisoned'; };
        Array.prototype.toJSON = function () { return 'poisoned'; };
        Array.prototype[Symbol.iterator] = function* () {};
        Document.prototype.querySelectorAll = () => [];
        Element.prototype.getAttribute = () => 'poisoned';
        Object.prototype.hasOwnProperty = () => false;
        Reflect.get = () => 'poisoned';
      </script>`,
      { title: 'Poisoned' },
    );
    const server = await startFixtureServer({ routes: { '/': html(poisoned) } });
    const seen: SignalsInput[] = [];
    const recordingScanner = testScanner({
      version: 'recording',
      rules: 'recording',
      plan: { js: ['Acme.version'], dom: [{ selector: '.widget', exists: true, text: true, attributes: ['data-version'], properties: [] }] },
      detect: (signals) => (seen.push(signals), []),
    });
    try {
      const { result } = await scanUrl(recordingScanner, server.url('/'), settings('standard', { timeoutSeconds: 30 }));
      expect(result.error).toBeUndefined();
      expect(seen[0]?.js).toEqual({ 'Acme.version': '9.9.9' });
      expect(seen[0]?.dom).toEqual({ '.widget': [{ exists: true, text: 'Widget', attributes: { 'data-version': '2.0' } }] });
    } finally {
      await recordingScanner.close();
      await server.close();
    }
  });
});

describe('hostile sites end within their timeout with a typed error', () => {
  const TIMEOUT_SECONDS = 5;
  /** Beyond the scan's own bound: closing the context. */
  const CLOSE_SLACK_MS = 3_000;

  // Cases that end by a limit get a roomy timeout, so a loaded machine cannot turn them into a `timeout`.
  it.each([
    ['an endless redirect', '/redirect-loop', 'too_many_redirects', 20],
    ['a never-ending body', '/never-ending', 'timeout', TIMEOUT_SECONDS],
    ['a 50 MB body', '/huge', 'body_too_large', 20],
    // The renderer may reach its memory budget before the body reaches the size cap: either bound ends it.
    ['a 50 MB chunked body', '/huge-chunked', 'body_too_large|renderer_crashed', 20],
    ['a JS busy loop', '/busy', 'timeout', TIMEOUT_SECONDS],
    ['endless alert dialogs', '/dialogs', 'timeout', TIMEOUT_SECONDS],
    ['a download', '/download', 'not_html', 20],
    ['a bot challenge', '/challenge', 'blocked', 20],
    ['JSON instead of a page', '/status.json', 'not_html', 20],
    ['a dropped connection', '/reset', 'connection_reset', 20],
    ['a 404', '/missing', 'http_error', 20],
  ] as const)('%s (%s) → %s', SLOW, async (_name, path, kind, timeoutSeconds) => {
    const started = Date.now();
    const { result } = await scanUrl(scanner, hostile.url(path), settings('standard', { timeoutSeconds }));
    expect(Date.now() - started).toBeLessThan(timeoutSeconds * 1000 + CLOSE_SLACK_MS);
    expect(result.ok).toBe(false);
    expect(kind.split('|')).toContain(result.error?.kind);
    expect(scanResultSchema.parse(result)).toEqual(result);
  });

  it('dismisses a few dialogs and scans the page', SLOW, async () => {
    const { result, text } = await scanUrl(scanner, hostile.url('/some-dialogs'), settings('standard', { timeoutSeconds: TIMEOUT_SECONDS }));
    expect(result.ok).toBe(true);
    expect(text).toContain('Your order has shipped.');
  });

  it('closes popups and scans the page', SLOW, async () => {
    const { result, text } = await scanUrl(scanner, hostile.url('/popups'), settings('standard', { timeoutSeconds: TIMEOUT_SECONDS }));
    expect(result.ok).toBe(true);
    expect(text).toBe('Deals Today only.');
  });

  it('blocks requests past the cap and reports the scan as partial', SLOW, async () => {
    const { result } = await scanUrl(scanner, hostile.url('/many-requests'), settings('standard', { timeoutSeconds: 15 }));
    expect(result.ok).toBe(true);
    expect(result.error?.kind).toBe('partial');
    expect(result.content?.title).toBe('Gallery');
  });

  it.each([
    ['a name that does not resolve', 'dns'],
    ['a refused connection', 'connection_refused'],
  ] as const)('%s → %s', SLOW, async (_name, kind) => {
    const target = kind === 'dns' ? 'http://no-such-competitor.invalid/' : `http://127.0.0.1:${await closedPort()}/`;
    const { result } = await scanUrl(scanner, target, settings('standard', { timeoutSeconds: TIMEOUT_SECONDS }));
    expect(result.error?.kind).toBe(kind);
  });

  it('an untrusted certificate → tls', SLOW, async () => {
    const tls = await startSelfSignedServer(await tempDir());
    try {
      const { result } = await scanUrl(scanner, tls.url, settings('standard', { timeoutSeconds: TIMEOUT_SECONDS }));
      expect(result.error?.kind).toBe('tls');
    } finally {
      await tls.close();
    }
  });

  it('an abort ends a browser scan promptly', SLOW, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1_000);
    const started = Date.now();
    const { result } = await scanUrl(scanner, hostile.url('/busy'), settings('standard', { timeoutSeconds: 30 }), { signal: controller.signal });
    expect(result.error?.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('the browser still works after all of that', SLOW, async () => {
    const { result } = await scanUrl(scanner, blog.url('/'), settings('standard', { timeoutSeconds: 20 }));
    expect(result.ok).toBe(true);
  });
});

describe('deep scan', () => {
  it('visits same-site pages and saves a screenshot beside the result', SLOW, async () => {
    const artifactsDir = await tempDir();
    const { result, artifacts } = await scanUrl(scanner, blog.url('/'), settings('deep', { timeoutSeconds: 30, maxPages: 3 }), { artifactsDir });
    expect(result).toMatchObject({ ok: true, depth: 'deep' });
    expect(result.pages).toEqual([blog.url('/pricing/'), blog.url('/blog/')]);
    expect(artifacts).toHaveLength(1);
    const screenshot = artifacts[0] ?? '';
    expect(screenshot.startsWith(artifactsDir)).toBe(true);
    expect(existsSync(screenshot) && statSync(screenshot).size).toBeGreaterThan(1_000);
  });
});
