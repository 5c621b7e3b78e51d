import { describe, expect, it } from 'vitest';
import { technologyObservations } from '../../site/src/lib/observations.ts';
import { dailySummaries, monthlySummaries } from '../../site/src/lib/periods.ts';
import { scanSighting } from '../../site/src/lib/sightings.ts';
import { scan, technology } from '../helpers/records.ts';
import { RIVALS, rivalsHistory } from './rivals.ts';

const { scans } = rivalsHistory();

describe('technologyObservations', () => {
  it('gives each technology version its first and last sighting and the scans that saw it', () => {
    const beta = technologyObservations((scans.get(RIVALS.beta) ?? []).map(scanSighting));
    expect(beta.map((row) => [row.technology, row.version, row.firstSeen.slice(0, 10), row.lastSeen.slice(0, 10), row.scans])).toEqual([
      // 30 September days + 31 October days + 4 November days, then 24 days from 5 November.
      ['Angular', '18.2.0', '2026-09-01', '2026-11-04', 65],
      ['Angular', '19.0.0', '2026-11-05', '2026-11-28', 24],
      ['Magento', '2.4.7', '2026-09-01', '2026-11-28', 89],
      ['Zendesk', null, '2026-09-01', '2026-11-11', 72],
    ]);
  });
});

describe('daily and monthly summaries', () => {
  it('take the median of each metric and the last grade of the period', () => {
    const morning = scan({ scannedAt: '2026-11-02T06:00:00.000Z', technologies: [technology('React', '18.3.1')] });
    const noon = scan({ scannedAt: '2026-11-02T12:00:00.000Z', performance: null });
    const evening = scan({
      scannedAt: '2026-11-02T18:00:00.000Z',
      technologies: [technology('React', '19.0.0')],
      security: { headers: {}, score: 30, grade: 'D', findings: [] },
      performance: { lcpMs: 1500, ttfbMs: 100, cls: 0, fcpMs: 300, domContentLoadedMs: 400, loadMs: 1600, transferBytes: 100, requests: 3, byType: {} },
    });
    const [day] = dailySummaries([morning, noon, evening].map(scanSighting));
    expect(day).toMatchObject({ period: '2026-11-02', okScans: 3, grade: 'D', score: 30 });
    // LCP 900 and 1500 (the noon scan measured nothing): the median of two is their mean.
    expect(day?.medians.lcpMs).toBe(1200);
    const [month] = monthlySummaries([morning, noon, evening].map(scanSighting));
    expect(month?.period).toBe('2026-11');
    expect(month?.technologies).toEqual(['React']);
  });
});
