import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVersion } from '../../scripts/detect/probes.ts';
import { createCollector, parseCollected } from '../../scripts/scan/browser/collector.ts';
import { findChromium, launchChromium } from '../../scripts/scan/browser/launch.ts';
import { createScanner, type Scanner } from '../../scripts/scan/index.ts';
import type { Technology } from '../../scripts/schema/signals.ts';
import { APPS_DIR, builtApp, FIXTURE_APPS, packageVersion, type FixtureApp } from '../helpers/fixture-apps.ts';
import { html, page, startFixtureServer, type FixtureServer, type RouteHandler } from '../helpers/fixture-server.ts';
import { serveStatic, type StaticSite } from '../site/static-server.ts';
import { scanUrl, settings } from './support.ts';

/**
 * Versions and frameworks a page runs but does not advertise: fixture apps built from the
 * real packages in node_modules (Vite, next build), scanned in a real Chromium with the real
 * fingerprint database, our own rules and the runtime probes; and pages that only look like
 * them, which must not be taken for them.
 */

const SLOW = { timeout: 90_000 };
const FRAMEWORKS = ['React', 'Vue.js', 'Svelte', 'Next.js', 'Nuxt.js', 'VitePress', 'Angular', 'Preact', 'Vite'];

let scanner: Scanner;
const sites = new Map<string, StaticSite>();

beforeAll(async () => {
  const apps = Object.values(FIXTURE_APPS);
  const built = await Promise.all(apps.map((app) => builtApp(app)));
  await Promise.all(apps.map(async (app, index) => sites.set(app.name, await serveStatic(built[index] ?? ''))));
  scanner = await createScanner({ browser: 'auto', offline: true, allowPrivateNetworks: true });
}, 180_000);
afterAll(async () => {
  await scanner.close();
  await Promise.all([...sites.values()].map((site) => site.close()));
});

function siteOf(app: FixtureApp): StaticSite {
  const site = sites.get(app.name);
  if (!site) throw new Error(`${app.name} is not served`);
  return site;
}

async function standardScan(url: string): Promise<Technology[]> {
  const { result } = await scanUrl(scanner, url, settings('standard', { timeoutSeconds: 30 }));
  expect(result.error).toBeUndefined();
  return result.technologies;
}

const found = (technologies: readonly Technology[], name: string) => technologies.find((technology) => technology.name === name);
const version = (app: FixtureApp, name: string) => packageVersion(join(APPS_DIR, app.name), name);

describe('apps built from real packages', () => {
  it.each<[string, FixtureApp, string]>([
    ['React 18 bundled by Vite', FIXTURE_APPS.react18, 'react-dom'],
    ['React 19 bundled by Vite', FIXTURE_APPS.react19, 'react-dom'],
  ])('%s: React and its version, read by the DevTools hook probe', SLOW, async (_, app, renderer) => {
    const technologies = await standardScan(siteOf(app).root);
    expect(found(technologies, 'React')).toMatchObject({ version: await version(app, renderer), versionSource: 'probe', confidence: 100 });
  });

  it('Vue 3 bundled by Vite: Vue.js and its version, read from the app on its mount element', SLOW, async () => {
    const technologies = await standardScan(siteOf(FIXTURE_APPS.vue3).root);
    expect(found(technologies, 'Vue.js')).toMatchObject({ version: await version(FIXTURE_APPS.vue3, 'vue'), versionSource: 'probe' });
  });

  it('a VitePress-style page: VitePress from our own generator rule, Vue.js from the probe', SLOW, async () => {
    const technologies = await standardScan(siteOf(FIXTURE_APPS.vitepressStyle).root);
    expect(found(technologies, 'VitePress')).toMatchObject({ version: '1.6.4', versionSource: 'own-rule' });
    expect(found(technologies, 'Vue.js')).toMatchObject({ version: await version(FIXTURE_APPS.vitepressStyle, 'vue'), versionSource: 'probe' });
    expect(found(technologies, 'Vite')).toBeDefined();
  });

  it('Svelte 5 bundled by Vite: Svelte and the major version it discloses', SLOW, async () => {
    const technologies = await standardScan(siteOf(FIXTURE_APPS.svelte5).root);
    const major = (await version(FIXTURE_APPS.svelte5, 'svelte')).split('.')[0];
    expect(found(technologies, 'Svelte')).toMatchObject({ version: major, versionSource: 'probe' });
  });

  it("a Next.js static export: Next.js from the database's pattern, the React it bundles from the probe", SLOW, async () => {
    const app = FIXTURE_APPS.nextExport;
    const technologies = await standardScan(siteOf(app).root);
    expect(found(technologies, 'Next.js')).toMatchObject({ version: await version(app, 'next'), versionSource: 'pattern' });
    // The app router runs the React that Next.js ships inside itself, often a canary.
    const nextDir = dirname(createRequire(join(APPS_DIR, app.name, 'package.json')).resolve('next/package.json'));
    // Its package.json has no version; its renderer states the one it registers with.
    const client = await readFile(join(nextDir, 'dist', 'compiled', 'react-dom', 'cjs', 'react-dom-client.production.js'), 'utf8');
    const bundled = /version: "([^"]+)",\s*rendererPackageName: "react-dom"/.exec(client)?.[1] ?? 'not found';
    expect(found(technologies, 'React')).toMatchObject({ version: probeVersion(bundled), versionSource: 'probe' });
  });
});

describe('pages that only look like them', () => {
  let server: FixtureServer;
  let reactAssets: string;

  /** The React 18 app's files, with `headScript` run before its bundle. */
  const reactAppWith =
    (headScript: string): RouteHandler =>
    async (_request, response) => {
      const index = await readFile(join(reactAssets, 'index.html'), 'utf8');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(index.replace('<head>', `<head><script>${headScript}</script>`));
    };
  const asset: RouteHandler = async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname;
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    response.end(await readFile(join(reactAssets, path)));
  };

  beforeAll(async () => {
    reactAssets = await builtApp(FIXTURE_APPS.react18);
    server = await startFixtureServer({
      routes: {
        '/mentions': html(
          page(
            `<div id="app" data-framework="react" class="vue-app-shell svelte-card">
               <h1>From React 18.3.1 to Vue 3.5 and Svelte 5</h1>
               <p>Our docs run on VitePress v1.6.4; the shop moved to Next.js 15, then Nuxt. Angular 17? Preact?</p>
               <pre>window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {}; app.__vue_app__ = { version: "3.5.0" }</pre>
             </div>
             <script>
               // Globals and expandos with the probes' names, in shapes no framework gives them.
               document.getElementById('app').__vue_app__ = { version: '3.5.0' };
               document.querySelector('h1').__vue__ = { $root: { _isVue: true, constructor: { version: '2.7.16' } } };
               window.reactVersion = '18.3.1';
             </script>`,
            { title: 'Our stack, explained' },
          ),
        ),
        '/svelte-lookalike': html(page('<h1>Sailing</h1><script>window.__svelte = { v: ["5"] };</script>', { title: 'Not Svelte' })),
        '/lexical': html(page("<h1>Legacy shop</h1><script>const jQuery = { fn: { jquery: '3.7.1' } };</script>", { title: 'Lexical' })),
        '/disabled-hook/': reactAppWith('window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = { isDisabled: true };'),
        '/assets/*': asset,
      },
    });
  });
  afterAll(() => server.close());

  it('a page that merely mentions the frameworks in text, attributes and look-alike globals detects none of them', SLOW, async () => {
    const technologies = await standardScan(server.url('/mentions'));
    expect(technologies.map((technology) => technology.name).filter((name) => FRAMEWORKS.includes(name))).toEqual([]);
  });

  it("a __svelte that is not Svelte's registry gives no probe version (the database's own pattern still names it)", SLOW, async () => {
    const svelte = found(await standardScan(server.url('/svelte-lookalike')), 'Svelte');
    expect(svelte?.version ?? null).toBeNull();
  });

  it('a page that replaces the DevTools hook still runs, and React is simply not read', SLOW, async () => {
    const { result } = await scanUrl(scanner, server.url('/disabled-hook/'), settings('standard', { timeoutSeconds: 30 }));
    expect(result.ok).toBe(true);
    expect(result.content?.headings).toEqual([{ level: 1, text: 'Gear for every trail' }]);
    expect(found(result.technologies, 'React')?.versionSource).toBeUndefined();
  });

  it("a top-level const the fingerprints' js chains start with is read", SLOW, async () => {
    expect(found(await standardScan(server.url('/lexical')), 'jQuery')).toMatchObject({ version: '3.7.1', versionSource: 'pattern' });
  });

  it('a DevTools hook that was there before ours keeps working, and the renderer is still recorded', SLOW, async () => {
    const chromium = findChromium(process.env);
    if (!chromium) throw new Error('no Chromium');
    const browser = await launchChromium(chromium);
    try {
      const context = await browser.newContext();
      // What an installed React DevTools does first: a hook of its own.
      await context.addInitScript(() => {
        const renderers: unknown[] = [];
        Reflect.set(window, '__fakeRenderers', renderers);
        Reflect.set(window, '__REACT_DEVTOOLS_GLOBAL_HOOK__', {
          supportsFiber: true,
          inject(internals: unknown) {
            renderers.push(internals);
            return 7;
          },
        });
      });
      const collector = createCollector();
      await context.addInitScript({ content: collector.initScript });
      const tab = await context.newPage();
      await tab.goto(siteOf(FIXTURE_APPS.react18).root);
      await tab.getByRole('heading', { name: 'Gear for every trail' }).waitFor();
      const collected = parseCollected(await tab.evaluate(collector.expression({ js: [], dom: [] })));
      expect(typeof collected === 'string' ? collected : collected.probes).toEqual({
        'react-renderer': [`react-dom@${await version(FIXTURE_APPS.react18, 'react-dom')}`],
      });
      expect(await tab.evaluate(() => (Reflect.get(window, '__fakeRenderers') as unknown[]).length)).toBe(1);
    } finally {
      await browser.close();
    }
  });
});

describe('site signals', () => {
  it('robots.txt is read at light depth too', SLOW, async () => {
    const shop = await startFixtureServer({
      routes: {
        '/': html(page('<h1>Handmade soap</h1>', { title: 'Soap shop' })),
        '/robots.txt': (_request, response) => {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end('# Powered by Shoporama\nUser-agent: *\nDisallow: /basket\n');
        },
      },
    });
    try {
      const { result } = await scanUrl(scanner, shop.url('/'), settings('light'));
      expect(found(result.technologies, 'Shoporama')).toBeDefined();
    } finally {
      await shop.close();
    }
  });
});
