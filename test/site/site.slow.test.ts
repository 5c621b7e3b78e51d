import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changeSchema } from '../../scripts/schema/change.ts';
import { scanResultSchema } from '../../scripts/schema/scan.ts';
import { SITE_PATHS } from '../../scripts/shared/site-links.ts';
import { buildSite } from '../../site/build.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { crawl, launchChromium, watchedPage } from './browse.ts';
import { FIXTURE_MONITORS, FIXTURE_NOW, SCRIPT_EXCERPT, SCRIPT_HEADER, SCRIPT_TITLE, writeSiteFixture, type SiteFixture } from './fixture.ts';
import { RIVALS } from './rivals.ts';
import { serveStatic, type StaticSite } from './static-server.ts';

/**
 * Builds the real site with Astro from fixture data, serves it the way GitHub Pages does
 * (under a base path) and drives it in headless Chromium.
 */

const BASE = '/techscan/';
const REPOSITORY = 'acme/techscan';
const PUBLISHED = 'https://acme.github.io/techscan/';
const BUILD_TIMEOUT_MS = 240_000;
const BROWSER_TEST_MS = 90_000;
const SCREENSHOTS = join(REPO_ROOT, '.github', 'readme');

const apiMonitors = z.object({
  schemaVersion: z.literal(1),
  monitors: z.array(
    z.object({ id: z.string(), status: z.enum(['ok', 'failing', 'never-scanned']), grade: z.string().nullable(), page: z.string(), latestScan: z.unknown() }),
  ),
});
const apiChanges = z.object({ schemaVersion: z.literal(1), changes: z.array(z.looseObject({ id: z.string(), monitor: z.string(), page: z.string() })) });
const apiLandscape = z.object({
  weekStarts: z.array(z.string()),
  technologies: z.array(z.object({ name: z.string(), users: z.array(z.object({ monitor: z.string() })), adoption: z.array(z.number()) })),
});
const badge = z.object({ schemaVersion: z.literal(1), label: z.string(), message: z.string(), color: z.string() });
const buildInfo = z.looseObject({ buildId: z.string() });

async function json<S extends z.ZodType>(url: string, schema: S): Promise<z.infer<S>> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return schema.parse(await response.json());
}

describe('the site built from a fixture data/', () => {
  let root = '';
  let out = '';
  let fixture: SiteFixture;
  let site: StaticSite;
  let browser: Browser;
  const url = (path: string) => `${site.root}${path}`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'techscan-site-'));
    out = join(root, 'out');
    fixture = await writeSiteFixture(root);
    await buildSite({
      dataDir: fixture.dataDir,
      monitorsDir: fixture.monitorsDir,
      outDir: out,
      base: BASE,
      repository: REPOSITORY,
      siteUrl: PUBLISHED,
      now: FIXTURE_NOW,
    });
    site = await serveStatic(out, BASE);
    browser = await launchChromium();
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('loads every page type with no console errors', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser);
    const paths = [
      SITE_PATHS.overview,
      SITE_PATHS.monitor('acme/site-0001'),
      SITE_PATHS.monitor(FIXTURE_MONITORS.hostile),
      SITE_PATHS.monitor(FIXTURE_MONITORS.neverScanned),
      SITE_PATHS.monitor(FIXTURE_MONITORS.disabled),
      SITE_PATHS.monitor(FIXTURE_MONITORS.removed),
      SITE_PATHS.changes,
      `${SITE_PATHS.changes}2026-11/`,
      SITE_PATHS.technologies,
      `${SITE_PATHS.technologies}react/`,
      `${SITE_PATHS.technologies}categories/javascript-frameworks/`,
      SITE_PATHS.runs,
      SITE_PATHS.addMonitor,
      SITE_PATHS.compare,
      `${SITE_PATHS.compare}org/rivals/`,
      SITE_PATHS.trends,
      SITE_PATHS.search,
    ];
    for (const path of paths) {
      const response = await page.goto(url(path));
      expect(response?.status(), path).toBe(200);
      expect(await page.locator('h1').count(), path).toBe(1);
      expect(await page.locator('.freshness').textContent(), path).toContain('Data updated 2026-11-28');
      // Every chart has an accessible name.
      for (const chart of await page.locator('svg[role="img"]').all()) {
        expect((await chart.getAttribute('aria-labelledby')) ?? (await chart.getAttribute('aria-label')), path).toBeTruthy();
      }
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('resolves every internal link, asset and change anchor', { timeout: BROWSER_TEST_MS }, async () => {
    const result = await crawl(site.root);
    expect(result.broken).toEqual([]);
    expect(result.scriptLinks).toEqual([]);
    const monitors = await json(url(SITE_PATHS.api.monitors), apiMonitors);
    for (const monitor of monitors.monitors) {
      expect(result.pages.has(url(monitor.page)), monitor.id).toBe(true);
      expect(result.files.has(url(SITE_PATHS.api.badge(monitor.id, 'grade'))), monitor.id).toBe(true);
      expect(result.files.has(url(SITE_PATHS.monitorFeed(monitor.id))), monitor.id).toBe(true);
    }
    for (const path of [SITE_PATHS.feed, SITE_PATHS.api.changes, SITE_PATHS.api.landscape]) expect(result.files.has(url(path)), path).toBe(true);
    // Every change anchor exists on its monitor's page, as digests link to them.
    const { changes } = await json(url(SITE_PATHS.api.changes), apiChanges);
    const missing = changes.filter((entry) => !result.pages.get(url(SITE_PATHS.monitor(entry.monitor)))?.includes(`id="change-${entry.id}"`));
    expect(missing.map((entry) => entry.page)).toEqual([]);
    expect(site.requests.filter((request) => request.status !== 200 && !request.path.endsWith('/404'))).toEqual([]);
  });

  it('filters the overview by organization, tag, status and text', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(url(SITE_PATHS.overview));
    const rows = page.locator('#monitor-list tr[data-item]');
    const visible = () => page.locator('#monitor-list tr[data-item]:not([hidden])');
    const total = await rows.count();
    const { monitors } = await json(url(SITE_PATHS.api.monitors), apiMonitors);
    expect(total).toBe(monitors.length);
    await expect.poll(() => page.locator('form[data-filter] output').textContent()).toBe(`${total} of ${total} shown`);

    await page.selectOption('select[name="org"]', 'globex');
    const globex = monitors.filter((monitor) => monitor.id.startsWith('globex/')).length;
    expect(await visible().count()).toBe(globex);
    expect(await page.locator('#monitor-list tbody[data-group]:not([hidden]) h2').allTextContents()).toEqual(['globex']);
    expect(page.url()).toContain('?org=globex');

    await page.click('button[type="reset"]');
    await page.selectOption('select[name="status"]', 'failing');
    const failing = monitors
      .filter((monitor) => monitor.status === 'failing')
      .map((monitor) => monitor.id)
      .sort();
    expect(failing).toContain(FIXTURE_MONITORS.hostile);
    const shown = await visible()
      .locator('a.monitor-name')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(shown.sort()).toEqual(failing.map((id) => `${BASE}${SITE_PATHS.monitor(id)}`));

    await page.click('button[type="reset"]');
    await page.selectOption('select[name="tags"]', 'hostile');
    expect(await visible().locator('a.monitor-name').allTextContents()).toEqual(['Evil Corp']);

    await page.click('button[type="reset"]');
    await page.fill('form[data-filter] input[name="q"]', 'NEWCOMER.example');
    expect(await visible().locator('a.monitor-name').allTextContents()).toEqual(['Newcomer']);
    await page.fill('form[data-filter] input[name="q"]', 'no such monitor anywhere');
    expect(await visible().count()).toBe(0);
    expect(await page.locator('#monitor-list [data-filter-empty]').isVisible()).toBe(true);

    await page.goto(url(`${SITE_PATHS.overview}?org=acme&status=failing`));
    expect(await page.inputValue('select[name="org"]')).toBe('acme');
    expect(await visible().locator('a.monitor-name').allTextContents()).toContain('Evil Corp');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters changes by type, severity, organization and monitor', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(url(SITE_PATHS.changes));
    const visible = page.locator('#change-list tr[data-item]:not([hidden])');
    const all = await page.locator('#change-list tr[data-item]').count();
    expect(all).toBeGreaterThan(9);

    await page.selectOption('select[name="severity"]', 'high');
    const severities = await visible.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-severity')));
    expect(severities.length).toBeGreaterThan(0);
    expect(new Set(severities)).toEqual(new Set(['high']));

    await page.click('button[type="reset"]');
    await page.selectOption('select[name="type"]', 'content_changed');
    await page.selectOption('select[name="monitor"]', FIXTURE_MONITORS.hostile);
    expect(await visible.count()).toBe(1);
    expect(await visible.locator('td').last().textContent()).toContain(SCRIPT_TITLE);

    await page.goto(url(`${SITE_PATHS.changes}?org=acme&severity=high`));
    const filtered = await visible.evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-org'), row.getAttribute('data-severity')].join(' ')));
    expect(filtered.length).toBeGreaterThan(0);
    expect(new Set(filtered)).toEqual(new Set(['acme high']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows markup from scanned sites as text and never runs it', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(url(SITE_PATHS.monitor(FIXTURE_MONITORS.hostile)));
    await expect.poll(() => page.getByText(SCRIPT_TITLE, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText(SCRIPT_HEADER, { exact: true }).count()).toBe(1);
    const excerpt = page.locator('.excerpt, dd', { hasText: SCRIPT_EXCERPT });
    await page.locator(`#change-${fixture.hostileChanges.get('content_changed')?.id} summary`).click();
    expect(await excerpt.first().isVisible()).toBe(true);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('main script, main img').count()).toBe(0);
    await page.goto(url(SITE_PATHS.changes));
    expect(await page.getByText(`Title changed to "${SCRIPT_TITLE}"`).count()).toBe(1);
    expect(await page.evaluate(() => Reflect.get(window, '__pwned'))).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('publishes RSS feeds and JSON that parse, with records in the shared schemas', { timeout: BROWSER_TEST_MS }, async () => {
    const { page } = await watchedPage(browser);
    await page.goto(url(SITE_PATHS.overview));
    const parseFeed = async (path: string) => {
      const text = await (await fetch(url(path))).text();
      return page.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        return {
          valid: doc.querySelector('parsererror') === null,
          items: [...doc.querySelectorAll('item')].map((item) => {
            // A reader renders the description as HTML: its text, and any markup that would be live.
            const shown = new DOMParser().parseFromString(item.querySelector('description')?.textContent ?? '', 'text/html');
            return {
              title: item.querySelector('title')?.textContent ?? '',
              link: item.querySelector('link')?.textContent ?? '',
              description: shown.body.textContent ?? '',
              markup: shown.body.querySelectorAll('script, img, a, [onerror]').length,
            };
          }),
        };
      }, text);
    };
    const { changes } = await json(url(SITE_PATHS.api.changes), apiChanges);
    const feed = await parseFeed(SITE_PATHS.feed);
    expect(feed.valid).toBe(true);
    expect(feed.items.length).toBe(Math.min(100, changes.length));
    expect(feed.items.every((item) => item.link.startsWith(`${PUBLISHED}monitors/`) && item.link.includes('/#change-'))).toBe(true);

    const hostileFeed = await parseFeed(SITE_PATHS.monitorFeed(FIXTURE_MONITORS.hostile));
    expect(hostileFeed.valid).toBe(true);
    expect(hostileFeed.items.length).toBe(fixture.hostileChanges.size);
    expect(hostileFeed.items.some((item) => item.title.includes(SCRIPT_TITLE))).toBe(true);
    expect(hostileFeed.items.some((item) => item.description.includes(SCRIPT_EXCERPT))).toBe(true);
    expect(hostileFeed.items.map((item) => item.markup)).toEqual(hostileFeed.items.map(() => 0));
    const contentChange = fixture.hostileChanges.get('content_changed');
    expect(hostileFeed.items.map((item) => item.link)).toContain(`${PUBLISHED}${SITE_PATHS.change(FIXTURE_MONITORS.hostile, contentChange?.id ?? '')}`);
    await page.close();

    const { monitors } = await json(url(SITE_PATHS.api.monitors), apiMonitors);
    expect(monitors.map((monitor) => monitor.id).sort()).toEqual(
      [
        ...FIXTURE_MONITORS.synthetic,
        FIXTURE_MONITORS.hostile,
        FIXTURE_MONITORS.neverScanned,
        FIXTURE_MONITORS.disabled,
        FIXTURE_MONITORS.removed,
        ...Object.values(RIVALS),
      ].sort(),
    );
    for (const monitor of monitors) {
      if (monitor.latestScan !== null) scanResultSchema.parse(monitor.latestScan);
      expect(monitor.latestScan === null, monitor.id).toBe(monitor.id === FIXTURE_MONITORS.neverScanned || monitor.id === FIXTURE_MONITORS.disabled);
    }
    for (const entry of changes) {
      const { page: pagePath, ...record } = entry;
      expect(pagePath).toBe(SITE_PATHS.change(entry.monitor, entry.id));
      changeSchema.parse(record);
    }
    expect([...changes].sort((a, b) => String(b.detectedAt).localeCompare(String(a.detectedAt))).map((entry) => entry.id)).toEqual(
      changes.map((entry) => entry.id),
    );

    const landscape = await json(url(SITE_PATHS.api.landscape), apiLandscape);
    const react = landscape.technologies.find((tech) => tech.name === 'React');
    expect(react?.users.map((use) => use.monitor)).toContain(FIXTURE_MONITORS.hostile);
    expect(react?.adoption.length).toBe(landscape.weekStarts.length);

    expect(await json(url(SITE_PATHS.api.badge(FIXTURE_MONITORS.hostile, 'status')), badge)).toMatchObject({
      label: 'status',
      message: 'failing',
      color: 'red',
    });
    expect(await json(url(SITE_PATHS.api.badge(FIXTURE_MONITORS.hostile, 'grade')), badge)).toMatchObject({ label: 'security', message: 'D' });
    expect(await json(url(SITE_PATHS.api.badge(FIXTURE_MONITORS.neverScanned, 'status')), badge)).toMatchObject({ message: 'never scanned' });
  });

  it('links to GitHub to edit a monitor, scan it now and add one', { timeout: BROWSER_TEST_MS }, async () => {
    const { page } = await watchedPage(browser);
    await page.goto(url(SITE_PATHS.monitor(FIXTURE_MONITORS.hostile)));
    expect(await page.getByRole('link', { name: 'Edit this monitor' }).getAttribute('href')).toBe(
      `https://github.com/${REPOSITORY}/edit/main/monitors/acme/evil-corp.yaml`,
    );
    expect(await page.getByRole('link', { name: 'Scan now' }).getAttribute('href')).toBe(`https://github.com/${REPOSITORY}/actions/workflows/monitor.yml`);
    await page.goto(url(SITE_PATHS.monitor(FIXTURE_MONITORS.removed)));
    expect(await page.getByRole('link', { name: 'Edit this monitor' }).count()).toBe(0);

    await page.goto(url(SITE_PATHS.addMonitor));
    await page.fill('input[name="organization"]', 'globex');
    await page.fill('input[name="name"]', 'Rival: "Big" Shop');
    await page.fill('input[name="url"]', 'https://rival.example/');
    const href = await page.locator('[data-new-monitor-link]').getAttribute('href');
    const link = new URL(href ?? '');
    expect(`${link.origin}${link.pathname}`).toBe(`https://github.com/${REPOSITORY}/new/main/monitors/globex`);
    expect(link.searchParams.get('filename')).toBe('rival-big-shop.yaml');
    expect(link.searchParams.get('value')).toContain('name: "Rival: \\"Big\\" Shop"');
    expect(await page.locator('[data-new-monitor-path]').textContent()).toBe('monitors/globex/rival-big-shop.yaml');
    await page.close();
  });

  it('offers a reload once a newer build is published', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser);
    await page.clock.install();
    await page.goto(url(SITE_PATHS.overview));
    const banner = page.locator('#reload-banner');
    const polls = () => site.requests.filter((request) => request.path === `${BASE}${SITE_PATHS.buildInfo}`).length;

    const before = polls();
    await page.clock.runFor(31_000);
    await expect.poll(polls).toBeGreaterThan(before);
    expect(await banner.isHidden()).toBe(true);

    const file = join(out, SITE_PATHS.buildInfo);
    const original = await readFile(file, 'utf8');
    try {
      await writeFile(file, JSON.stringify({ ...buildInfo.parse(JSON.parse(original)), buildId: 'a-newer-build' }));
      await page.clock.runFor(31_000);
      await banner.waitFor({ state: 'visible' });
      expect(await banner.textContent()).toContain('Newer data has been published');
    } finally {
      await writeFile(file, original);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser, { viewport: { width: 375, height: 812 } });
    for (const path of [
      SITE_PATHS.overview,
      SITE_PATHS.monitor('acme/site-0001'),
      SITE_PATHS.changes,
      SITE_PATHS.technologies,
      `${SITE_PATHS.technologies}categories/javascript-frameworks/`,
      SITE_PATHS.runs,
      SITE_PATHS.addMonitor,
    ]) {
      await page.goto(url(path));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('writes the README screenshots of the overview and a monitor page', { timeout: BROWSER_TEST_MS }, async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const { page } = await watchedPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    await page.goto(url(SITE_PATHS.overview));
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png') });
    await page.goto(url(SITE_PATHS.monitor('acme/site-0001')));
    await page.screenshot({ path: join(SCREENSHOTS, 'monitor.png'), clip: { x: 0, y: 0, width: 1280, height: 2050 }, fullPage: true });
    await page.close();
    for (const name of ['overview.png', 'monitor.png']) expect((await readFile(join(SCREENSHOTS, name))).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('the site built before anything was scanned', () => {
  let root = '';
  let site: StaticSite;
  let browser: Browser;
  const url = (path: string) => `${site.root}${path}`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'techscan-site-empty-'));
    const monitorsDir = join(root, 'monitors');
    await mkdir(join(monitorsDir, 'acme'), { recursive: true });
    await writeFile(join(monitorsDir, 'acme', 'shopwave.yaml'), 'name: Shopwave\nurl: https://shopwave.example/\nschedule: "@daily"\n');
    await writeFile(join(monitorsDir, 'acme', 'cartly.yaml'), 'name: Cartly\nurl: https://cartly.example/\nschedule: "0 */6 * * *"\n');
    await buildSite({ dataDir: join(root, 'data'), monitorsDir, outDir: join(root, 'out'), base: '/', repository: null, now: FIXTURE_NOW });
    site = await serveStatic(join(root, 'out'), '/');
    browser = await launchChromium();
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('renders every page with empty states and no errors', { timeout: BROWSER_TEST_MS }, async () => {
    const result = await crawl(site.root);
    expect(result.broken).toEqual([]);
    const { page, errors } = await watchedPage(browser);
    await page.goto(url(SITE_PATHS.overview));
    expect(await page.locator('.freshness').textContent()).toContain('No data yet');
    expect(await page.locator('#monitor-list tr[data-item] .badge.st-never-scanned').count()).toBe(2);
    expect(await page.locator('#monitor-list tr[data-item]').first().textContent()).toContain('due now');
    await page.goto(url(SITE_PATHS.monitor('acme/shopwave')));
    expect(await page.getByText('No measurements yet.').count()).toBe(5);
    expect(await page.getByText('Not scanned successfully yet.').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Edit this monitor' }).count()).toBe(0);
    await page.goto(url(SITE_PATHS.changes));
    expect(await page.getByText('No changes recorded yet.').count()).toBe(1);
    await page.goto(url(SITE_PATHS.technologies));
    expect(await page.getByText('No technologies detected yet.').count()).toBe(1);
    await page.goto(url(SITE_PATHS.runs));
    expect(await page.getByText('No runs recorded yet.').count()).toBe(1);
    await page.goto(url(SITE_PATHS.addMonitor));
    expect(await page.locator('[data-new-monitor-link]').count()).toBe(0);
    expect(errors).toEqual([]);

    const feed = await (await fetch(url(SITE_PATHS.feed))).text();
    expect(
      await page.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        return doc.querySelector('parsererror') === null && doc.querySelectorAll('item').length === 0;
      }, feed),
    ).toBe(true);
    const { monitors } = await json(url(SITE_PATHS.api.monitors), apiMonitors);
    expect(monitors.map((monitor) => [monitor.id, monitor.status, monitor.latestScan])).toEqual([
      ['acme/cartly', 'never-scanned', null],
      ['acme/shopwave', 'never-scanned', null],
    ]);
    await page.close();
  });
});
