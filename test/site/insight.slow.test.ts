import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changeSchema } from '../../scripts/schema/change.ts';
import { SITE_PATHS } from '../../scripts/shared/site-links.ts';
import { buildSite } from '../../site/build.ts';
import { EXPORT_FILES, neutralise } from '../../site/src/lib/exports.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { launchChromium, watchedPage } from './browse.ts';
import { FIXTURE_MONITORS, FIXTURE_NOW, SCRIPT_TITLE, writeSiteFixture, type SiteFixture } from './fixture.ts';
import { EXCERPT_WORD, FORMULA_SUMMARY, FORMULA_TITLE, RIVAL_NAMES, RIVALS } from './rivals.ts';
import { serveStatic, type StaticSite } from './static-server.ts';

/**
 * The insight features in the real built site, served under a base path and driven in headless
 * Chromium: the compare page (a shared URL, the own site as reference, without JavaScript), the
 * trend figures worked out by hand from the rivals history, Pagefind search, and the CSV files.
 */

const BASE = '/techscan/';
const BUILD_TIMEOUT_MS = 240_000;
const BROWSER_TEST_MS = 90_000;
const SCREENSHOTS = join(REPO_ROOT, '.github', 'readme');

const apiMonitors = z.object({ monitors: z.array(z.looseObject({ id: z.string(), name: z.string(), page: z.string() })) });
const apiChanges = z.object({ changes: z.array(z.looseObject({ id: z.string(), page: z.string() })) });

function csvRows(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, skip_empty_lines: true });
}

describe('the insight pages of the site built from a fixture data/', () => {
  let root = '';
  let fixture: SiteFixture;
  let site: StaticSite;
  let browser: Browser;
  const url = (path: string) => `${site.root}${path}`;
  const columnIds = (page: Page) => page.locator('[data-compare-column]').evaluateAll((columns) => columns.map((column) => column.getAttribute('data-id')));
  const changeHref = (monitor: string, summary: string) => {
    const found = fixture.rivals.changes.find((entry) => entry.monitor === monitor && entry.summary === summary);
    if (!found) throw new Error(`no rivals change ${summary} at ${monitor}`);
    return `${BASE}${SITE_PATHS.change(monitor, found.id)}`;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'techscan-insight-'));
    fixture = await writeSiteFixture(root);
    await buildSite({
      dataDir: fixture.dataDir,
      monitorsDir: fixture.monitorsDir,
      outDir: join(root, 'out'),
      base: BASE,
      repository: 'acme/techscan',
      now: FIXTURE_NOW,
    });
    site = await serveStatic(join(root, 'out'), BASE);
    browser = await launchChromium();
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('shows the columns of a shared compare URL, the own site first as the reference, differences marked', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(url(`${SITE_PATHS.compare}?m=${RIVALS.gamma},${RIVALS.self},${RIVALS.epsilon}`));
    await expect.poll(() => columnIds(page)).toEqual([RIVALS.self, RIVALS.gamma, RIVALS.epsilon]);
    const column = (id: string) => page.locator(`[data-compare-column][data-id="${id}"]`);
    expect(await column(RIVALS.self).getAttribute('class')).toContain('is-reference');
    expect(await column(RIVALS.self).locator('.self-badge').textContent()).toBe('Own site');
    expect(await column(RIVALS.self).locator('[data-reference-badge]').isVisible()).toBe(true);
    expect(await column(RIVALS.gamma).locator('[data-reference-badge]').isVisible()).toBe(false);
    expect(await column(RIVALS.gamma).locator('h2').textContent()).toBe(RIVAL_NAMES[RIVALS.gamma]);
    // Gamma runs Angular 19.1.0 against the reference's 17.3.0; Svelte is not on the reference at all.
    expect(await column(RIVALS.gamma).locator('[data-tech="Angular"]').getAttribute('class')).toContain('diff-other-version');
    expect(await column(RIVALS.epsilon).locator('[data-tech="Svelte"]').getAttribute('class')).toContain('diff-only-here');
    expect(await column(RIVALS.epsilon).locator('[data-missing]').textContent()).toBe('Not here, on the reference: Angular, Magento, Matomo, Varnish');
    expect(await column(RIVALS.epsilon).locator('[data-grade-cell]').getAttribute('class')).toContain('diff-worse');
    expect(await column(RIVALS.gamma).locator('[data-grade-cell]').getAttribute('class')).toContain('diff-better');
    // Epsilon's LCP: 3000 ms against the reference's 2600 ms median of the last 30 days.
    expect(await column(RIVALS.epsilon).locator('[data-metric="lcpMs"] [data-note]').textContent()).toBe('15% slower than the reference');
    // One scale per metric across the columns: the highest daily LCP median shown is epsilon's 3000 ms.
    expect(new Set(await page.locator('svg[data-chart="lcpMs"]').evaluateAll((charts) => charts.map((chart) => chart.getAttribute('viewBox'))))).toEqual(
      new Set(['0 -3000 29 3000']),
    );
    expect(await column(RIVALS.self).locator('.compare-part').nth(1).textContent()).toContain('x-frame-options');

    await page.fill('input[name="add"]', RIVAL_NAMES[RIVALS.alpha]);
    await page.click('form[data-compare-picker] button[type="submit"]');
    await expect.poll(() => columnIds(page)).toEqual([RIVALS.self, RIVALS.gamma, RIVALS.epsilon, RIVALS.alpha]);
    expect(new URL(page.url()).searchParams.get('m')).toBe([RIVALS.self, RIVALS.gamma, RIVALS.epsilon, RIVALS.alpha].join(','));
    await page.getByRole('button', { name: `Remove ${RIVAL_NAMES[RIVALS.self]}` }).click();
    await expect.poll(() => columnIds(page)).toEqual([RIVALS.gamma, RIVALS.epsilon, RIVALS.alpha]);
    // Without the own site the first column is the reference.
    expect(await column(RIVALS.gamma).locator('[data-reference-badge]').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works without JavaScript: the default selection, the own site marked, links instead of the picker', { timeout: BROWSER_TEST_MS }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of [SITE_PATHS.compare, `${SITE_PATHS.compare}?m=${RIVALS.gamma},${RIVALS.epsilon}`]) {
      await page.goto(url(path));
      expect(await columnIds(page), path).toEqual([RIVALS.self, RIVALS.alpha, RIVALS.beta, RIVALS.delta]);
      expect(await page.locator(`[data-compare-column][data-id="${RIVALS.self}"]`).getAttribute('class')).toContain('is-reference');
      expect(await page.locator('form[data-compare-picker]').isVisible()).toBe(false);
      expect(await page.locator(`[data-id="${RIVALS.delta}"] [data-tech="Angular"] [data-note]`).textContent()).toBe('another version than the reference');
    }
    expect(await page.getByRole('navigation', { name: 'Compare within an organization' }).getByRole('link', { name: 'rivals' }).getAttribute('href')).toBe(
      `${BASE}${SITE_PATHS.compare}org/rivals/`,
    );
    await page.goto(url(`${SITE_PATHS.compare}org/acme/`));
    expect((await columnIds(page)).every((id) => id?.startsWith('acme/'))).toBe(true);
    await context.close();
  });

  it('shows trend figures worked out by hand, each linking to its change records', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(url(SITE_PATHS.trends));
    const mover = (id: string) => page.locator(`table[data-trend="movers"] tr[data-monitor="${id}"]`);
    // Beta: Angular 18 → 19 (medium, 2) and Zendesk removed (medium, 2) in the last 30 days.
    expect(await mover(RIVALS.beta).locator('[data-cell="score"]').textContent()).toBe('4');
    expect(await mover(RIVALS.beta).locator('[data-cell="removed"] a').getAttribute('href')).toBe(changeHref(RIVALS.beta, 'Zendesk removed'));
    expect(await mover(RIVALS.beta).locator('[data-cell="upgraded"] a').getAttribute('href')).toBe(changeHref(RIVALS.beta, 'Angular 18.2.0 → 19.0.0'));
    expect(await mover(RIVALS.delta).locator('[data-cell="grade"] a').textContent()).toBe('A → C');
    expect(await mover(RIVALS.self).locator('[data-cell="performance"] a').textContent()).toBe('LCP +30%');
    const shift = page.locator('table[data-trend="shifts"] tr[data-technology="Zendesk"]');
    expect(await shift.locator('[data-cell="net"]').textContent()).toBe('-1');

    await page.goto(url(`${SITE_PATHS.technologies}angular/`));
    const month = (key: string) => page.locator(`table[data-trend="technology-months"] tr[data-month="${key}"]`);
    expect(await month('2026-11').locator('[data-cell="users"]').textContent()).toBe('5');
    expect(await month('2026-09').locator('[data-cell="added"] a').getAttribute('href')).toBe(changeHref(RIVALS.gamma, 'Angular 19.1.0 added'));
    await month('2026-11').locator('[data-cell="upgraded"] summary').click();
    expect(
      await month('2026-11')
        .locator('[data-cell="upgraded"] li a')
        .evaluateAll((items) => items.map((item) => item.getAttribute('href'))),
    ).toEqual([changeHref(RIVALS.beta, 'Angular 18.2.0 → 19.0.0'), changeHref(RIVALS.alpha, 'Angular 18.2.0 → 19.0.0')]);

    await page.goto(url(SITE_PATHS.monitor(RIVALS.self)));
    expect(await page.locator('[data-trend="lag"] li[data-technology="Angular"] [data-lag]').textContent()).toBe(
      '2 major versions behind 19.1.0; 3 of 4 competitors run 19',
    );
    const ownMonth = page.locator('table[data-trend="months"] tr[data-month="2026-11"]');
    expect(await ownMonth.locator('[data-cell="lcp"]').textContent()).toBe('2.60 s');
    expect(await ownMonth.locator('[data-cell="performance-changes"] a').getAttribute('href')).toBe(changeHref(RIVALS.self, 'LCP +30% (2.00 s → 2.60 s)'));
    await page.goto(url(SITE_PATHS.monitor(RIVALS.alpha)));
    const churn = page.locator('table[data-trend="churn"] tr[data-quarter="2026-Q4"]');
    expect((await churn.locator('[data-cell="added"]').textContent())?.trim()).toBe('1: Svelte');
    expect((await churn.locator('[data-cell="upgraded"]').textContent())?.trim()).toBe('1: Angular 18.2.0 → 19.0.0');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds a monitor by a technology name and a change by a word of its excerpt with Pagefind', { timeout: BROWSER_TEST_MS }, async () => {
    const { page, errors } = await watchedPage(browser);
    const search = async (query: string) => {
      await page.goto(url(`${SITE_PATHS.search}?q=${encodeURIComponent(query)}`));
      await page.locator('.pagefind-ui__result-link').first().waitFor();
      return page
        .locator('.pagefind-ui__result-link')
        .evaluateAll((links) => links.map((link) => ({ text: link.textContent ?? '', href: link.getAttribute('href') ?? '' })));
    };
    expect((await search('Klaviyo')).map((result) => result.href)).toContain(`${BASE}${SITE_PATHS.monitor(RIVALS.epsilon)}`);
    // A monitor's changes are one result, the matching change listed under it and linking to it.
    const excerpt = await search(EXCERPT_WORD);
    const content = fixture.rivals.changes.find((entry) => entry.type === 'content_changed');
    const changeLink = `${BASE}${SITE_PATHS.change(RIVALS.epsilon, content?.id ?? '')}`;
    expect(excerpt.map((result) => result.href)).toContain(changeLink);
    expect(excerpt.find((result) => result.href === changeLink)?.text).toContain(FORMULA_SUMMARY);

    // Markup from scanned pages comes back as text, never as elements.
    const hostile = await search('pwned');
    expect(hostile.some((result) => result.text.includes(SCRIPT_TITLE))).toBe(true);
    expect(await page.locator('#search script, #search img').count()).toBe(0);
    expect(await page.evaluate(() => Reflect.get(window, '__pwned'))).toBeUndefined();

    // The header's search box submits to the search page.
    await page.goto(url(SITE_PATHS.overview));
    await page.fill('.site-search input[name="q"]', 'Klaviyo');
    await page.press('.site-search input[name="q"]', 'Enter');
    await page.locator('.pagefind-ui__result-link').first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`${BASE}${SITE_PATHS.search}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('publishes CSV files that parse back to the records they came from, formulas neutralised, linked from the tables', {
    timeout: BROWSER_TEST_MS,
  }, async () => {
    const text = async (path: string) => {
      const response = await fetch(url(path));
      expect(response.status, path).toBe(200);
      return response.text();
    };
    const { monitors } = apiMonitors.parse(JSON.parse(await text(SITE_PATHS.api.monitors)));
    const monitorRows = csvRows(await text(SITE_PATHS.exports('monitors')));
    expect(monitorRows.map((row) => [row.id, row.name, row.page])).toEqual(monitors.map((monitor) => [monitor.id, neutralise(monitor.name), monitor.page]));
    expect(monitorRows.find((row) => row.id === RIVALS.beta)?.name).toBe('Beta, "Bargains" Ltd');
    expect(monitorRows.find((row) => row.id === RIVALS.beta)?.title).toBe('Beta Bargains\nBest prices, "always"');
    expect(monitorRows.find((row) => row.id === RIVALS.epsilon)?.title).toBe(`'${FORMULA_TITLE}`);
    expect(monitorRows.find((row) => row.id === RIVALS.self)?.self).toBe('true');

    const { changes } = apiChanges.parse(JSON.parse(await text(SITE_PATHS.api.changes)));
    const changeRows = csvRows(await text(SITE_PATHS.exports('changes')));
    expect(changeRows.map((row) => row.id)).toEqual(changes.map((entry) => entry.id));
    for (const [index, entry] of changes.entries()) {
      const { page: pagePath, ...record } = entry;
      const original = changeSchema.parse(record);
      const row = changeRows[index];
      expect(row?.summary).toBe(neutralise(original.summary));
      expect(JSON.parse(row?.data ?? 'null')).toEqual(original.data);
      expect(row?.page).toBe(pagePath);
    }
    expect(changeRows.some((row) => row.summary === `'${FORMULA_SUMMARY}`)).toBe(true);
    expect(changeRows.every((row) => !/^[=+\-@\t\r]/.test(row.summary ?? ''))).toBe(true);

    for (const file of Object.values(EXPORT_FILES)) {
      const bytes = Buffer.from(await (await fetch(url(SITE_PATHS.exports(file.name)))).arrayBuffer());
      // UTF-8 with a byte order mark, then the header row.
      expect(bytes.subarray(0, 3).toString('hex'), file.name).toBe('efbbbf');
      const csv = bytes.toString('utf8');
      expect(csv.startsWith(`\uFEFF${file.columns.join(',')}\r\n`), file.name).toBe(true);
      for (const row of csvRows(csv)) for (const value of Object.values(row)) expect(/^[=+@\t\r]/.test(value), `${file.name}: ${value}`).toBe(false);
    }
    const observations = csvRows(await text(SITE_PATHS.exports('technologies')));
    expect(observations.filter((row) => row.monitor === RIVALS.beta && row.technology === 'Zendesk')).toEqual([
      {
        monitor: RIVALS.beta,
        technology: 'Zendesk',
        version: '',
        categories: 'Live chat',
        first_seen: '2026-09-01T12:00:00.000Z',
        last_seen: '2026-11-11T12:00:00.000Z',
        scans: '72',
        current: 'false',
      },
    ]);
    const days = csvRows(await text(SITE_PATHS.exports('performance-daily')));
    expect(
      days.filter((row) => row.monitor === RIVALS.self && (row.day ?? '') >= '2026-11-09' && (row.day ?? '') <= '2026-11-10').map((row) => row.lcp_ms),
    ).toEqual(['2000', '2600']);
    const grades = csvRows(await text(SITE_PATHS.exports('grades-daily')));
    expect(grades.find((row) => row.monitor === RIVALS.delta && row.day === '2026-11-25')).toEqual({
      monitor: RIVALS.delta,
      day: '2026-11-25',
      grade: 'C',
      score: '50',
    });

    const { page } = await watchedPage(browser);
    const linked = async (path: string, file: string) => {
      await page.goto(url(path));
      expect(await page.locator(`main a[href="${BASE}${SITE_PATHS.exports(file)}"]`).count(), `${path} → ${file}`).toBeGreaterThan(0);
    };
    await linked(SITE_PATHS.overview, 'monitors');
    await linked(SITE_PATHS.changes, 'changes');
    await linked(SITE_PATHS.technologies, 'technologies');
    for (const file of ['technologies', 'performance-daily', 'grades-daily']) await linked(SITE_PATHS.monitor(FIXTURE_MONITORS.hostile), file);
    await page.close();
  });

  it('fits a phone screen and writes the README screenshot of the compare page', { timeout: BROWSER_TEST_MS }, async () => {
    const phone = await watchedPage(browser, { viewport: { width: 375, height: 812 } });
    for (const path of [SITE_PATHS.compare, SITE_PATHS.trends, SITE_PATHS.search]) {
      await phone.page.goto(url(path));
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0);
    }
    expect(phone.errors).toEqual([]);
    await phone.page.close();

    await mkdir(SCREENSHOTS, { recursive: true });
    const { page } = await watchedPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    await page.goto(url(`${SITE_PATHS.compare}?m=${RIVALS.self},${RIVALS.alpha},${RIVALS.gamma},${RIVALS.epsilon}`));
    await expect.poll(() => columnIds(page)).toEqual([RIVALS.self, RIVALS.alpha, RIVALS.gamma, RIVALS.epsilon]);
    await page.screenshot({ path: join(SCREENSHOTS, 'compare.png'), fullPage: true });
    await page.close();
    expect((await readFile(join(SCREENSHOTS, 'compare.png'))).subarray(1, 4).toString()).toBe('PNG');
  });
});
