import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../scripts/errors.ts';
import { monitorFileSchema, settingsFileSchema } from '../../scripts/schema/monitor.ts';
import { gradeBadge, statusBadge } from '../../site/src/lib/badges.ts';
import { siteInputs, DEFAULT_HISTORY_DAYS } from '../../site/src/lib/inputs.ts';
import { githubLinks, siteLinks } from '../../site/src/lib/links.ts';
import { normaliseBase, publishing } from '../../site/src/lib/publishing.ts';
import { monitorFile, monitorTemplate } from '../../site/src/lib/template.ts';

const settings = (value: unknown) => settingsFileSchema.parse(value);

describe('publishing', () => {
  it.each([
    ['nothing known: the root, no URL', {}, {}, { base: '/', siteUrl: null }],
    ['the Pages URL of the repository', {}, { GITHUB_REPOSITORY: 'acme/techscan' }, { base: '/techscan/', siteUrl: 'https://acme.github.io/techscan/' }],
    [
      'SITE_BASE wins for the path',
      {},
      { GITHUB_REPOSITORY: 'acme/techscan', SITE_BASE: 'intel' },
      { base: '/intel/', siteUrl: 'https://acme.github.io/intel/' },
    ],
    [
      'a custom domain from settings',
      { site: { url: 'https://intel.acme.example' } },
      { GITHUB_REPOSITORY: 'acme/techscan' },
      { base: '/', siteUrl: 'https://intel.acme.example/' },
    ],
    ['TECHSCAN_SITE_URL with a path', {}, { TECHSCAN_SITE_URL: 'https://example.org/watch/' }, { base: '/watch/', siteUrl: 'https://example.org/watch/' }],
  ])('%s', (_, settingsValue, env, expected) => {
    expect(publishing(settings(settingsValue), env)).toEqual(expected);
  });

  it.each([
    ['', '/'],
    ['/', '/'],
    ['techscan', '/techscan/'],
    ['/techscan', '/techscan/'],
    ['//a/b//', '/a/b/'],
  ])('normalises base %j to %j', (input, expected) => {
    expect(normaliseBase(input)).toBe(expected);
  });
});

describe('siteInputs', () => {
  const clock = () => new Date('2026-01-01T00:00:00.000Z');

  it('defaults to the repository folders, the clock and a year of history', () => {
    expect(siteInputs({}, '/repo', '/elsewhere', clock)).toEqual({
      repoRoot: '/repo',
      dataDir: '/repo/data',
      monitorsDir: '/repo/monitors',
      now: clock(),
      historyDays: DEFAULT_HISTORY_DAYS,
    });
  });

  it('reads the environment, resolving relative folders from the working directory', () => {
    const inputs = siteInputs(
      { TECHSCAN_DATA: 'd', TECHSCAN_MONITORS: '/abs/m', TECHSCAN_NOW: '2026-11-28T12:00:00Z', TECHSCAN_SITE_HISTORY_DAYS: '90' },
      '/repo',
      '/work',
      clock,
    );
    expect(inputs).toMatchObject({ dataDir: '/work/d', monitorsDir: '/abs/m', historyDays: 90 });
    expect(inputs.now.toISOString()).toBe('2026-11-28T12:00:00.000Z');
  });

  it.each([
    [{ TECHSCAN_NOW: 'yesterday' }, /TECHSCAN_NOW is not an ISO time/],
    [{ TECHSCAN_NOW: '2026-13-45T00:00:00Z' }, /TECHSCAN_NOW/],
    [{ TECHSCAN_SITE_HISTORY_DAYS: '0' }, /TECHSCAN_SITE_HISTORY_DAYS must be a whole number/],
    [{ TECHSCAN_SITE_HISTORY_DAYS: '1.5' }, /TECHSCAN_SITE_HISTORY_DAYS/],
  ])('rejects %j', (env, message) => {
    expect(() => siteInputs(env, '/repo', '/work', clock)).toThrow(UsageError);
    expect(() => siteInputs(env, '/repo', '/work', clock)).toThrow(message);
  });
});

describe('links', () => {
  const links = siteLinks('/techscan/', 'https://acme.github.io/techscan/', 'acme/techscan');

  it('builds site paths from SITE_PATHS under the base', () => {
    expect(links.monitor('acme/shopwave')).toBe('/techscan/monitors/acme/shopwave/');
    expect(links.change('acme/shopwave', 'abc')).toBe('/techscan/monitors/acme/shopwave/#change-abc');
    expect(links.technology('next-js')).toBe('/techscan/technologies/next-js/');
    expect(links.category('cdn')).toBe('/techscan/technologies/categories/cdn/');
    expect(links.changesMonth('2026-10')).toBe('/techscan/changes/2026-10/');
    expect(links.changesMonth('2026-10', 2)).toBe('/techscan/changes/2026-10/2/');
    expect(links.absolute('feed.xml')).toBe('https://acme.github.io/techscan/feed.xml');
  });

  it('links to GitHub for editing, scanning now and adding a monitor', () => {
    const github = githubLinks('acme/techscan');
    expect(github.edit('monitors/acme/shop wave.yaml')).toBe('https://github.com/acme/techscan/edit/main/monitors/acme/shop%20wave.yaml');
    expect(github.scanNow).toBe('https://github.com/acme/techscan/actions/workflows/monitor.yml');
    const created = new URL(github.newFile('monitors/globex/rival.yaml', 'name: "Rival & Co"\n'));
    expect(created.pathname).toBe('/acme/techscan/new/main/monitors/globex');
    expect(created.searchParams.get('filename')).toBe('rival.yaml');
    expect(created.searchParams.get('value')).toBe('name: "Rival & Co"\n');
    expect(siteLinks('/', null, null).github).toBeNull();
  });
});

describe('monitorTemplate', () => {
  it.each(['Competitor X', 'Rival: "Big" Shop # 1', "O'Brien & Sons\\", 'yes'])('writes a valid monitor for the name %j', (name) => {
    const monitor = { organization: 'acme', slug: 'rival', name, url: 'https://rival.example/', schedule: '0 */6 * * *' };
    const parsed = monitorFileSchema.parse(parse(monitorTemplate(monitor)));
    expect(parsed).toMatchObject({ name, url: monitor.url, schedule: monitor.schedule });
    expect(monitorFile(monitor)).toBe('monitors/acme/rival.yaml');
  });
});

describe('badges', () => {
  it.each([
    ['A+', 'brightgreen'],
    ['B-', 'green'],
    ['C', 'yellow'],
    ['D+', 'orange'],
    ['F', 'red'],
  ] as const)('grade %s is %s', (grade, color) => {
    expect(gradeBadge(grade)).toEqual({ schemaVersion: 1, label: 'security', message: grade, color });
  });

  it('says when there is no grade or no scan', () => {
    expect(gradeBadge(null).message).toBe('not graded');
    expect(statusBadge('never-scanned', true)).toMatchObject({ message: 'never scanned', color: 'lightgrey' });
    expect(statusBadge('never-scanned', false)).toMatchObject({ message: 'disabled' });
    expect(statusBadge('failing', true)).toMatchObject({ message: 'failing', color: 'red' });
    expect(statusBadge('ok', false)).toMatchObject({ message: 'ok', color: 'brightgreen' });
  });
});
