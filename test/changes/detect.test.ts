import { describe, expect, it } from 'vitest';
import { detectChanges, historyDepth } from '../../scripts/changes/index.ts';
import { changeSchema } from '../../scripts/schema/change.ts';
import { monitor, technology } from '../helpers/records.ts';
import {
  blocked,
  content,
  required,
  DEFAULT_HEADERS,
  detectAll,
  detectLast,
  failed,
  performance,
  repeat,
  security,
  summaries,
  timeline,
  type Step,
} from './fixtures.ts';

const JQUERY = technology('jQuery', '3.7.1');
const NGINX = technology('Nginx', '1.25.3', ['Web servers']);
const REACT = (version: string) => technology('React', version, ['JavaScript frameworks']);
const STRIPE = technology('Stripe', null, ['Payment processors']);
const PAGE = ['Commerce for everyone, wherever you sell.', 'Start free for 14 days.', 'Plans from 29 euros a month.', 'Trusted by shops in 40 countries.'];

/** A site where everything measurable changes at once. */
const EVERYTHING_CHANGED: Step = {
  blocks: ['Commerce for everyone, wherever you sell.', 'Brand new copy for a new brand.', 'Plans from 39 euros a month.', 'Trusted by shops in 40 countries.'],
  scan: {
    technologies: [NGINX, REACT('19.0.0'), STRIPE],
    performance: performance({ ttfbMs: 1500, lcpMs: 4000, samples: { ttfbMs: [1490, 1500, 1510, 1500] } }),
    security: security({ 'x-content-type-options': 'nosniff' }, { grade: 'D', score: 30 }),
    content: content({ title: 'Rebranded' }),
  },
};
const BEFORE: Step = {
  blocks: PAGE,
  scan: { technologies: [JQUERY, NGINX, REACT('18.2.0')], performance: performance({ samples: { ttfbMs: [110, 120, 130, 120] } }) },
};

describe('detectChanges', () => {
  it('takes the first scan as the baseline', () => {
    expect(detectAll([EVERYTHING_CHANGED, EVERYTHING_CHANGED])).toEqual([]);
  });

  it('finds every kind of change between the baseline and the second scan when the monitor reacts at once', () => {
    const eager = monitor({ changes: { removalAfterScans: 1, confirmScans: 1, performance: { baselineScans: 1, confirmScans: 1 } } });
    const { scans, texts } = timeline([BEFORE, EVERYTHING_CHANGED]);
    const changes = detectAll({ scans, texts }, eager);
    expect(summaries(changes)).toEqual([
      'technology_added: Stripe added',
      'technology_removed: jQuery 3.7.1 removed',
      'technology_version_changed: React 18.2.0 → 19.0.0',
      'performance_degraded: TTFB slower: 120 ms → 1.50 s (+1150%)',
      'security_header_removed: Strict-Transport-Security header removed',
      'security_grade_changed: Security grade B → D',
      'content_changed: Page text changed: 2 blocks added, 2 removed (about 50% of the page)',
      'content_changed: Title changed: “Competitor X — Commerce for everyone” → “Rebranded”',
    ]);
    for (const change of changes) {
      expect(changeSchema.parse(change)).toEqual(change);
      expect(change).toMatchObject({ monitor: 'acme/competitor-x', detectedAt: scans[1]?.scannedAt, toScan: scans[1]?.id, fromScan: scans[0]?.id });
      expect(change.id).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(new Set(changes.map((change) => change.id)).size).toBe(changes.length);
  });

  it('never reports technology, performance, security or content changes from a failed scan', () => {
    expect(detectAll([BEFORE, { scan: failed() }, BEFORE])).toEqual([]);
    expect(detectAll([BEFORE, { scan: failed('http_error') }], monitor({ changes: { removalAfterScans: 1 } }))).toEqual([]);
  });

  it('never takes a bot challenge for the site, and compares the next scan with the one before it', () => {
    const eager = monitor({ changes: { removalAfterScans: 1, confirmScans: 1, performance: { baselineScans: 1, confirmScans: 1 } } });
    const challenge: Step = { blocks: ['Checking your browser before accessing'], scan: blocked() };
    expect(detectAll([BEFORE, ...repeat(4, challenge), BEFORE], eager)).toEqual([]);
    const changes = detectAll([BEFORE, challenge, { blocks: PAGE, scan: { technologies: [JQUERY, NGINX, REACT('18.2.0'), STRIPE] } }], eager);
    expect(summaries(changes)).toEqual(['technology_added: Stripe added']);
  });

  it('stays quiet on a site that serves fresh nonces, tokens, timestamps and rotating promos on every request', () => {
    const promos = ['Free shipping this week', 'New: gift cards', 'Join our newsletter for 10% off'];
    const steps: Step[] = Array.from({ length: 10 }, (_, index) => ({
      blocks: [...PAGE, promos[index % 3] ?? '', `Last updated 2026-11-0${index} 1${index}:00`, `csrf ${index}a7f3c9e1`],
      volatile: promos.filter((_, promo) => promo !== index % 3),
      scan: {
        performance: performance({ ttfbMs: 120 + (index % 3) * 10, lcpMs: 900 + (index % 4) * 40 }),
        security: security({ ...DEFAULT_HEADERS, 'content-security-policy': `script-src 'self' 'nonce-${index}Zx9'` }),
        technologies: index % 4 === 2 ? [NGINX] : [JQUERY, NGINX],
      },
    }));
    expect(detectAll(steps)).toEqual([]);
  });

  describe('is deterministic', () => {
    const upgraded: Step = { blocks: PAGE, scan: { technologies: [NGINX, REACT('19.0.0')] } };
    // jQuery is gone and React upgraded from scan 40 on: both reported in scan 41, the scan under test.
    const { scans, texts } = timeline([...repeat(40, BEFORE), ...repeat(3, upgraded)]);
    const current = required(scans[41]);
    const history = scans.slice(0, 41);
    const input = { monitor: monitor(), history, scan: current, blockTexts: texts };
    const expected = detectChanges(input);

    it('finds the change it is expected to find', () => {
      expect(summaries(expected)).toEqual(['technology_removed: jQuery 3.7.1 removed', 'technology_version_changed: React 18.2.0 → 19.0.0']);
    });

    it.each([
      ['history in any order', { history: [...history].reverse() }],
      ['only the last historyDepth scans', { history: history.slice(-historyDepth(monitor())) }],
      ['the new scan already in the history', { history: [...history, current] }],
      ['newer scans in the history', { history: scans }],
    ])('the same changes and ids given %s', (_case, overrides) => {
      expect(detectChanges({ ...input, ...overrides })).toEqual(expected);
    });

    it('ids differ per scan, and hash the monitor, type, subject and scan', () => {
      const next = detectLast({ scans: scans.slice(0, 43), texts }, monitor({ changes: { removalAfterScans: 3 } }));
      expect(next.map((change) => change.type)).toEqual(['technology_removed']);
      expect(next[0]?.id).not.toBe(expected[0]?.id);
      const otherMonitor = detectChanges({ ...input, monitor: monitor({ id: 'globex/competitor-x' }) });
      expect(otherMonitor[0]?.id).not.toBe(expected[0]?.id);
    });
  });

  it('applies the monitor severity overrides', () => {
    const quiet = monitor({ changes: { severity: { technology_added: 'low', site_down: 'medium' } } });
    const added: Step = { scan: { technologies: [JQUERY, NGINX, REACT('19.0.0')] } };
    const changes = detectAll([{}, {}, added, added, { scan: failed() }, { scan: failed() }], quiet);
    expect(changes.map((change) => [change.type, change.severity])).toEqual([
      ['technology_added', 'low'],
      ['site_down', 'medium'],
    ]);
  });
});

describe('historyDepth', () => {
  it.each([
    ['the defaults: the recent window and a confirmation run, twice over', {}, 2 * (20 + 2 + 1)],
    ['a long recent window', { recentScans: 40 }, 2 * (40 + 2 + 1)],
    ['slow removal', { removalAfterScans: 20 }, 2 * (20 + 20 + 1)],
    ['a long performance reference', { performance: { baselineScans: 30 } }, 2 * (2 * 30 + 2 + 1)],
    ['a minimum', { recentScans: 0, confirmScans: 1, removalAfterScans: 1, performance: { baselineScans: 1, confirmScans: 1 } }, 28],
  ])('covers %s', (_case, changes, depth) => {
    expect(historyDepth(monitor({ changes }))).toBe(depth);
  });
});
