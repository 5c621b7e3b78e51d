import { describe, expect, it } from 'vitest';
import { CHANGE_TYPES } from '../../scripts/schema/change-types.ts';
import type { Change } from '../../scripts/schema/change.ts';
import { changeArchive, changeLabel, changeDetails, severityCounts } from '../../site/src/lib/changes.ts';
import { load } from 'cheerio';
import { SITE_PATHS } from '../../scripts/shared/site-links.ts';
import { feedItems } from '../../site/src/lib/feed.ts';
import { changesSearchPage } from '../../site/src/lib/search.ts';
import { siteLinks } from '../../site/src/lib/links.ts';
import { change } from '../helpers/records.ts';

const EXAMPLES: Change[] = [
  change('technology_added', { technology: 'React', version: '19.0.0', previousVersion: null, confidence: 100, categories: ['JavaScript frameworks'] }),
  change('technology_removed', { technology: 'jQuery', version: null, previousVersion: '3.6.0', confidence: 100, categories: [], absentScans: 2 }),
  change('technology_version_changed', {
    technology: 'React',
    version: '19.0.0',
    previousVersion: '18.2.0',
    confidence: 90,
    categories: ['JavaScript frameworks'],
  }),
  change('performance_degraded', { metric: 'lcpMs', value: 2900, baseline: 1200, changePercent: 141.7, thresholdPercent: 20, baselineScans: 5 }),
  change('performance_improved', { metric: 'transferBytes', value: 400_000, baseline: 800_000, changePercent: -50, thresholdPercent: 20, baselineScans: 5 }),
  change('security_header_added', { header: 'strict-transport-security', value: 'max-age=600', previousValue: null }),
  change('security_header_removed', { header: 'content-security-policy', value: null, previousValue: "default-src 'self'" }),
  change('security_header_changed', { header: 'x-frame-options', value: 'DENY', previousValue: 'SAMEORIGIN' }),
  change('security_grade_changed', { grade: 'D', previousGrade: 'B', score: 25, previousScore: 70 }),
  change('infrastructure_changed', { field: 'cdn', value: 'Cloudflare', previousValue: null }),
  change('certificate_expiring', { validTo: '2026-12-05T00:00:00.000Z', daysLeft: 7, issuer: null }),
  change('redirect_changed', {
    redirects: [{ url: 'http://a.example/', status: 301 }],
    previousRedirects: [],
    finalUrl: 'https://a.example/',
    previousFinalUrl: null,
  }),
  change('content_changed', { field: 'title', changedPercent: 64, before: 'Old', after: '<script>x</script>' }),
  change('site_down', { failures: 2, since: '2026-11-27T00:00:00.000Z', error: { kind: 'dns', message: 'ENOTFOUND' } }),
  change('site_recovered', { downSince: '2026-11-27T00:00:00.000Z', failures: 3 }),
];

function example(type: Change['type']): Change {
  const found = EXAMPLES.find((entry) => entry.type === type);
  if (!found) throw new Error(`no example of ${type}`);
  return found;
}

describe('change presentation', () => {
  it('covers every change type', () => {
    expect(EXAMPLES.map((entry) => entry.type)).toEqual([...CHANGE_TYPES]);
    expect(CHANGE_TYPES.every((type) => changeLabel(type) !== '')).toBe(true);
  });

  it.each(EXAMPLES.map((entry) => [entry.type, entry] as const))('explains %s in plain text', (_, entry) => {
    const details = changeDetails(entry);
    expect(details.length).toBeGreaterThan(0);
    expect(details.every((detail) => detail.label !== '' && detail.value !== '')).toBe(true);
  });

  it('shows the numbers that matter', () => {
    const text = (type: Change['type']) => changeDetails(example(type)).map((detail) => `${detail.label}: ${detail.value}`);
    expect(text('technology_version_changed')).toContain('Version: 18.2.0 → 19.0.0');
    expect(text('performance_degraded')).toContain('Value: 2.90 s (reference 1.20 s, median of 5 scans)');
    expect(text('performance_improved')).toContain('Change: −50% (threshold 20%)');
    expect(text('content_changed')).toContain('After: <script>x</script>');
  });

  it('counts by severity', () => {
    expect(
      severityCounts([change('site_down', { failures: 2, since: '2026-11-27T00:00:00.000Z', error: { kind: 'dns', message: 'x' } }, { severity: 'high' })]),
    ).toEqual({ total: 1, high: 1, medium: 0, low: 0 });
  });
});

describe('changeArchive', () => {
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 9, day, hour)).toISOString();
  const changes = [
    ...[1, 2, 3, 4, 5].map((day) => change('site_recovered', { downSince: at(day, 0), failures: 2 }, { detectedAt: at(day, 12) })),
    change('site_recovered', { downSince: '2026-11-01T00:00:00.000Z', failures: 2 }, { detectedAt: '2026-11-02T00:00:00.000Z' }),
  ];

  it('pages months newest first, each newest first, cut at the page size', () => {
    expect(changeArchive(changes, 2).map((page) => [page.month, page.page, page.pages, page.changes.map((entry) => entry.detectedAt.slice(8, 10))])).toEqual([
      ['2026-11', 1, 1, ['02']],
      ['2026-10', 1, 3, ['05', '04']],
      ['2026-10', 2, 3, ['03', '02']],
      ['2026-10', 3, 3, ['01']],
    ]);
  });
});

describe('feedItems', () => {
  it('links each change absolutely, at its anchor, with descriptions escaped as HTML', () => {
    const links = siteLinks('/techscan/', 'https://acme.github.io/techscan/', null);
    const content = example('content_changed');
    const [item] = feedItems([content], new Map([['acme/competitor-x', 'Competitor X']]), links);
    expect(item?.link).toBe(`https://acme.github.io/techscan/monitors/acme/competitor-x/#change-${content.id}`);
    expect(item?.title).toBe('[medium] Competitor X: content_changed at acme/competitor-x');
    expect(item?.description).toContain('After: &lt;script&gt;x&lt;/script&gt;');
    expect(item?.description).not.toContain('<script>');
  });

  it('points at a local preview when no published URL is known', () => {
    const [item] = feedItems([example('technology_added')], new Map(), siteLinks('/', null, null));
    expect(item?.link).toMatch(/^http:\/\/localhost:4321\/monitors\/acme\/competitor-x\/#change-[0-9a-f]+$/);
  });
});

describe('changesSearchPage', () => {
  it('is one page at the monitor’s address, a heading per change at its anchor, page text escaped', () => {
    const content = example('content_changed');
    const added = example('technology_added');
    const page = changesSearchPage('acme/competitor-x', 'Competitor <X>', [content, added]);
    expect(page.url).toBe(SITE_PATHS.monitor('acme/competitor-x'));
    const $ = load(page.html);
    expect(
      $('main[data-pagefind-body] h2')
        .map((_, heading) => `#${$(heading).attr('id')}`)
        .get(),
    ).toEqual([content, added].map((entry) => `#${SITE_PATHS.change(entry.monitor, entry.id).split('#')[1]}`));
    expect($('title').text()).toBe('Competitor <X>: changes');
    expect($('script')).toHaveLength(0);
    expect($('main').text()).toContain('After: <script>x</script>');
    expect($('[data-pagefind-filter]').attr('data-pagefind-filter')).toBe('kind:Change');
  });
});
