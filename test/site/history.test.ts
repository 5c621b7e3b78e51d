import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../scripts/schema/scan.ts';
import { summariseHistory, type HistorySettings } from '../../site/src/lib/history.ts';
import { scan, technology } from '../helpers/records.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-01T00:00:00.000Z');
const SETTINGS: HistorySettings = {
  thresholdPercent: 20,
  floors: { ttfbMs: 100, fcpMs: 200, lcpMs: 300, cls: 0.05, transferBytes: 51_200 },
  baselineScans: 3,
  removalAfterScans: 2,
};
const PERFORMANCE = { ttfbMs: 200, fcpMs: 450, lcpMs: 900, cls: 0.01, domContentLoadedMs: 600, loadMs: 1100, transferBytes: 480_000, requests: 24, byType: {} };
const at = (slot: number) => new Date(START + slot * 6 * HOUR).toISOString();

/** One scan per 6 hours; `stacks[i]` lists "Name@version" entries, or null for a failed scan. */
function history(stacks: readonly (readonly string[] | null)[], extra: (slot: number) => Partial<ScanResult> = () => ({})): ScanResult[] {
  return stacks.map((stack, slot) =>
    scan({
      monitor: 'acme/x',
      scannedAt: at(slot),
      ...(stack === null
        ? {
            ok: false,
            error: { kind: 'timeout', message: 'timed out' },
            technologies: [],
            performance: null,
            security: null,
            infrastructure: null,
            content: null,
          }
        : { technologies: stack.map((entry) => technology(entry.split('@')[0] ?? entry, entry.split('@')[1] ?? null)) }),
      ...extra(slot),
    }),
  );
}

const summarise = (scans: ScanResult[], historyStart = new Date(START), weeks = 2) => summariseHistory({ scans, historyStart, weeks, settings: SETTINGS });

describe('summariseHistory', () => {
  it("shows where the latest scan's version came from, and nothing for older records without it", () => {
    const scans = history([['React@18.3.1', 'jQuery@3.7.1']], () => ({
      technologies: [{ ...technology('React', '18.3.1'), versionSource: 'probe' as const }, technology('jQuery', '3.7.1')],
    }));
    expect(Object.fromEntries(summarise(scans).stack.map((entry) => [entry.name, entry.versionSource]))).toEqual({ jQuery: null, React: 'probe' });
  });

  it('dates the current stack from the start of each technology’s continuous presence', () => {
    const result = summarise(
      history([
        ['jQuery@3.6.0', 'Nginx'],
        ['jQuery@3.6.0', 'Nginx', 'React@18.2.0'],
        ['jQuery@3.7.1', 'Nginx'], // React missing once: not removed
        null, // failed scans never count as absence
        ['jQuery@3.7.1', 'React@18.2.0'], // Nginx missing once
        ['jQuery@3.7.1', 'React@18.2.0'], // Nginx missing twice: removed
        ['jQuery@3.7.1', 'React@19.0.0', 'Nginx'], // Nginx back: a new presence
      ]),
    );
    expect(result.stack.map((entry) => [entry.name, entry.version, entry.firstSeen, entry.versionSince])).toEqual([
      ['jQuery', '3.7.1', at(0), at(2)],
      ['Nginx', null, at(6), null],
      ['React', '19.0.0', at(1), at(6)],
    ]);
    expect(result.stack.every((entry) => !entry.seenBeforeHistory)).toBe(true);
    expect([result.scans, result.okScans, result.firstScanAt]).toEqual([7, 6, at(0)]);
    expect(result.lastGood?.scannedAt).toBe(at(6));
    expect(result.recentScans.map((entry) => entry.scannedAt)).toEqual([6, 5, 4, 3, 2, 1, 0].map(at));
  });

  it('tells when history before the window was cut, and marks what was there from the start', () => {
    const scans = history([['jQuery'], ['jQuery'], ['jQuery', 'React']]);
    const result = summarise(scans, new Date(Date.parse(at(1))));
    expect(result.truncated).toBe(true);
    expect(result.scans).toBe(2);
    expect(result.stack.map((entry) => [entry.name, entry.seenBeforeHistory])).toEqual([
      ['jQuery', true],
      ['React', false],
    ]);
  });

  it('computes each metric’s baseline and alert threshold like change detection', () => {
    const lcp = [1000, 1100, 900, 2000];
    const result = summarise(
      history(
        lcp.map(() => ['jQuery']),
        (slot) => ({ performance: { ...PERFORMANCE, lcpMs: lcp[slot] ?? null } }),
      ),
    );
    const lcpSeries = result.metrics.find((series) => series.metric === 'lcpMs');
    // median of the last 3 (1100, 900, 2000) = 1100; 20% is 220, below the 300 ms floor
    expect([lcpSeries?.baseline, lcpSeries?.alertAbove, lcpSeries?.latest, lcpSeries?.samples]).toEqual([1100, 1400, 2000, 4]);
    const ttfb = result.metrics.find((series) => series.metric === 'ttfbMs');
    expect(ttfb?.alertAbove).toBe(300);
  });

  it('collapses security grades into periods', () => {
    const grades = ['B', 'B', 'A', 'A', 'B'] as const;
    const result = summarise(
      history(
        grades.map(() => ['jQuery']),
        (slot) => ({ security: { headers: {}, score: 50, grade: grades[slot] ?? 'B', findings: [] } }),
      ),
    );
    expect(result.grades.map((period) => [period.grade, period.from, period.to])).toEqual([
      ['B', at(0), at(1)],
      ['A', at(2), at(3)],
      ['B', at(4), at(4)],
    ]);
  });

  it('keeps a weekly stack for the landscape, carried over weeks without a successful scan', () => {
    const scans = [
      ...history([['jQuery']]),
      scan({ monitor: 'acme/x', scannedAt: new Date(START + 15 * 24 * HOUR).toISOString(), technologies: [technology('React')] }),
    ];
    const result = summariseHistory({ scans, historyStart: new Date(START - 7 * 24 * HOUR), weeks: 4, settings: SETTINGS });
    expect(result.weekly).toEqual([null, ['jQuery'], ['jQuery'], ['React']]);
    expect([...result.categories.keys()].sort()).toEqual(['React', 'jQuery']);
  });

  it('is empty for a monitor never scanned', () => {
    const result = summarise([]);
    expect([result.scans, result.lastGood, result.stack, result.grades, result.recentScans]).toEqual([0, null, [], [], []]);
    expect(result.metrics.every((series) => series.buckets.length === 0 && series.baseline === null)).toBe(true);
  });
});
