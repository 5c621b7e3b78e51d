import { z } from 'zod';
import { formatMetric, METRICS, PERFORMANCE_METRICS, type PerformanceMetric } from '../../schema/metrics.ts';
import type { ScanResult } from '../../schema/scan.ts';
import { median, medianAbsoluteDeviation, roundPercent } from '../../shared/statistics.ts';
import { comparableScans } from '../scans.ts';
import { signedPercent } from '../../shared/wording.ts';
import { defineFamily, defineKind, type DetectionContext, type Finding } from './kind.ts';

/**
 * Performance shifts. One measurement is one draw of the network, so a scan measures TTFB
 * several times (scripts/scan/samples.ts) and every metric is judged from its samples against
 * a reference: the samples of the last `baselineScans` scans at the settled level (the first
 * scan alone, at first). Each scan gets one of four verdicts (`verdict` below): slower, faster,
 * same, or undecided — a move that would matter but that the samples do not agree on, or that
 * too few reference samples cannot tell from the site's usual noise. A shift
 * is reported when `confirmScans` decided scans in a row point the same way (undecided scans
 * between them neither confirm nor break the run); the reference then becomes the new level.
 * A move counts only beyond the percent threshold, the metric's absolute floor and
 * `noiseDeviations` median absolute deviations of the reference (the site's usual noise).
 */

const performanceData = z.object({
  metric: z.enum(PERFORMANCE_METRICS),
  value: z.number().describe('median of the samples of the scan that confirmed the shift'),
  baseline: z.number().describe('median of the reference samples'),
  changePercent: z.number(),
  thresholdPercent: z.number(),
  baselineScans: z.number().int().describe('scans in the reference'),
});
type PerformanceData = z.infer<typeof performanceData>;

function details(data: PerformanceData) {
  const format = (value: number) => formatMetric(data.metric, value);
  return [
    { label: 'Metric', value: METRICS[data.metric].label },
    {
      label: 'Value',
      value: `${format(data.value)} (reference ${format(data.baseline)}, median of ${data.baselineScans} ${data.baselineScans === 1 ? 'scan' : 'scans'})`,
    },
    { label: 'Change', value: `${signedPercent(data.changePercent)} (threshold ${data.thresholdPercent}%)` },
  ];
}

const size = (data: PerformanceData) => Math.abs(data.changePercent);

export const performanceDegraded = defineKind({
  type: 'performance_degraded',
  label: 'Performance degraded',
  data: performanceData,
  subject: (data) => data.metric,
  severity: [
    { severity: 'high', when: 'by 100% or more (twice as slow or heavy)', applies: (data) => size(data) >= 100 },
    { severity: 'medium', when: 'by 50% or more', applies: (data) => size(data) >= 50 },
    { severity: 'low', when: 'by more than the threshold (default 20%)' },
  ],
  details,
});

export const performanceImproved = defineKind({
  type: 'performance_improved',
  label: 'Performance improved',
  data: performanceData,
  subject: (data) => data.metric,
  severity: [
    { severity: 'medium', when: 'by 50% or more', applies: (data) => size(data) >= 50 },
    { severity: 'low', when: 'by more than the threshold' },
  ],
  details,
});

export const performance = defineFamily({
  name: 'performance',
  kinds: [performanceDegraded, performanceImproved],
  detect: performanceChanges,
});

export type Verdict = 'degraded' | 'improved' | 'same' | 'undecided';

/**
 * Metrics the renderer times on the machine's CPU, once a scan (TTFB is timed several times, on
 * a thread of its own): each needs one more decided scan to confirm a shift, and is decided
 * only on a machine about as busy as for its reference.
 */
const MACHINE_SENSITIVE: ReadonlySet<PerformanceMetric> = new Set(['fcpMs', 'lcpMs', 'cls']);

export interface ShiftRules {
  readonly baselineScans: number;
  readonly confirmScans: number;
  readonly thresholdPercent: number;
  readonly floor: number;
  /** Multiples of the reference's median absolute deviation a move must exceed; 0 ignores the noise. */
  readonly noiseDeviations: number;
}

/** Share of a scan's samples that must agree on the direction for a decided verdict. */
const AGREEING_SHARE = 0.75;
/**
 * Reference samples needed before a move can be decided: TTFB has them from its first scan
 * (three samples a scan); a metric measured once a scan (paint times, transfer size) from its
 * third, so one slow draw of a busy machine is never its whole reference.
 */
export const MIN_REFERENCE_SAMPLES = 3;

/** How a scan's samples compare with the reference's. */
export function verdict(reference: readonly number[], candidate: readonly number[], rules: ShiftRules, noise: readonly number[] = reference): Verdict {
  if (reference.length === 0 || candidate.length === 0) return 'undecided';
  const level = median(reference);
  const margin = Math.max(rules.floor, (rules.thresholdPercent / 100) * level);
  const moved = median(candidate) - level;
  if (Math.abs(moved) < margin) return 'same';
  if (reference.length < MIN_REFERENCE_SAMPLES) return 'undecided';
  const direction = moved > 0 ? 'degraded' : 'improved';
  const agreeing = candidate.filter((value) => (direction === 'degraded' ? value - level : level - value) >= margin).length;
  return agreeing >= Math.ceil(AGREEING_SHARE * candidate.length) && beyondNoise(median(candidate), moved, noise, rules) ? direction : 'undecided';
}

/**
 * Whether a move is more than the site's usual noise: beyond `noiseDeviations` median absolute
 * deviations of the recent samples, and outside the range (10th to 90th percentile) they
 * covered — a site that swings between two levels has a small deviation but a wide range.
 */
function beyondNoise(value: number, moved: number, noise: readonly number[], rules: ShiftRules): boolean {
  if (rules.noiseDeviations === 0) return true;
  if (Math.abs(moved) <= rules.noiseDeviations * medianAbsoluteDeviation(noise)) return false;
  return moved > 0 ? value > quantile(noise, 0.9) : value < quantile(noise, 0.1);
}

function quantile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/**
 * A paint time is as steady as the machine that measured it: a scan whose page ran a fixed
 * piece of JavaScript this many times slower (or faster) than the reference's pages did was
 * measured on a busier (or quieter) machine, and its verdict is undecided.
 */
const MACHINE_FACTOR = 1.5;

function busierOrQuieter(cpuMs: number | null, reference: number | null): boolean {
  if (cpuMs === null || reference === null || reference <= 0) return false;
  const ratio = cpuMs / reference;
  return ratio > MACHINE_FACTOR || ratio < 1 / MACHINE_FACTOR;
}

/** The median machine time of the reference scans (null when none was measured). */
function machineOf(scans: readonly number[], machine: readonly (number | null)[]): number | null {
  const times = scans.map((index) => machine[index] ?? null).filter((value): value is number => value !== null);
  return times.length === 0 ? null : median(times);
}

/** Scans at a level whose samples estimate the site's usual noise: more than the level needs. */
export const NOISE_SCANS = 20;

export interface Shift {
  readonly direction: 'degraded' | 'improved';
  readonly baseline: number;
  readonly value: number;
  readonly changePercent: number;
  readonly referenceScans: number;
}

/**
 * Walks a metric's per-scan samples (oldest first; the first is the baseline) and returns the
 * shift the last scan confirms, if any. Pure: the same samples always give the same answer.
 */
export function shiftAtEnd(series: readonly (readonly number[])[], rules: ShiftRules, machine: readonly (number | null)[] = []): Shift | null {
  if (series.length === 0) return null;
  const samplesAt = (indices: readonly number[]) => indices.flatMap((index) => series[index] ?? []);
  /** Scans at the settled level (positions in the series), newest last. */
  let level: number[] = [0];
  /** Scans since the last `same`: a move that does not hold was the site's noise. */
  let limbo: number[] = [];
  let pending = 0;
  let pendingDirection: Shift['direction'] | null = null;
  for (let index = 1; index < series.length; index += 1) {
    const samples = series[index] ?? [];
    const referenceScans = level.slice(-rules.baselineScans);
    const reference = samplesAt(referenceScans);
    // Too few samples to tell a move from noise yet: the scan is part of learning the level.
    if (reference.length < MIN_REFERENCE_SAMPLES) {
      level = [...level, ...limbo, index];
      limbo = [];
      continue;
    }
    const answer = busierOrQuieter(machine[index] ?? null, machineOf(referenceScans, machine))
      ? 'undecided'
      : verdict(reference, samples, rules, samplesAt(level.slice(-NOISE_SCANS)));
    if (answer === 'same') {
      level = [...level, ...limbo, index].slice(-NOISE_SCANS);
      limbo = [];
      pending = 0;
      pendingDirection = null;
      continue;
    }
    // Faster than the first scan alone: that scan met cold caches (the site's, its CDN's, ours),
    // not a slower site. The level starts again from this scan.
    if (answer === 'improved' && level.length === 1 && level[0] === 0) {
      level = [index];
      limbo = [];
      pending = 0;
      pendingDirection = null;
      continue;
    }
    limbo = [...limbo, index];
    if (answer === 'undecided') continue;
    pending = answer === pendingDirection ? pending + 1 : 1;
    pendingDirection = answer;
    if (pending < rules.confirmScans) continue;
    if (index === series.length - 1) {
      const baseline = median(reference);
      const value = median(samples);
      const changePercent = roundPercent(percentChange(value, baseline, rules.floor));
      return { direction: answer, baseline, value, changePercent, referenceScans: referenceScans.length };
    }
    // The new level: the scans that moved (undecided ones between them included).
    level = limbo;
    limbo = [];
    pending = 0;
    pendingDirection = null;
  }
  return null;
}

function performanceChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!monitor.scan.track.performance || !scan.performance) return [];
  const series = [...comparableScans(earlier, scan, { fingerprints: false }), scan];
  const settings = monitor.changes.performance;
  const findings: Finding[] = [];
  for (const metric of PERFORMANCE_METRICS) {
    const measured = series.filter((entry) => samplesOf(entry, metric).length > 0);
    if (measured.at(-1) !== scan) continue;
    const rules: ShiftRules = {
      baselineScans: settings.baselineScans,
      confirmScans: settings.confirmScans + (MACHINE_SENSITIVE.has(metric) ? 1 : 0),
      thresholdPercent: monitor.alerts.performanceThresholdPercent,
      floor: settings.floors[metric],
      noiseDeviations: settings.noiseDeviations,
    };
    const machine = MACHINE_SENSITIVE.has(metric) ? measured.map((entry) => entry.performance?.cpuMs ?? null) : [];
    const shift = shiftAtEnd(
      measured.map((entry) => samplesOf(entry, metric)),
      rules,
      machine,
    );
    if (!shift) continue;
    const kind = shift.direction === 'degraded' ? performanceDegraded : performanceImproved;
    const info = METRICS[metric];
    findings.push(
      kind.finding({
        fromScan: measured.at(-2)?.id ?? null,
        summary: `${info.short} ${shift.direction === 'degraded' ? info.worse : info.better}: ${formatMetric(metric, shift.baseline)} → ${formatMetric(metric, shift.value)} (${signedPercent(shift.changePercent)})`,
        data: {
          metric,
          value: shift.value,
          baseline: shift.baseline,
          changePercent: shift.changePercent,
          thresholdPercent: rules.thresholdPercent,
          baselineScans: shift.referenceScans,
        },
      }),
    );
  }
  return findings;
}

/** A scan's measurements of a metric: its samples, or its one value (version 1 scans). */
export function samplesOf(scan: ScanResult, metric: PerformanceMetric): readonly number[] {
  const performanceRecord = scan.performance;
  if (!performanceRecord) return [];
  const sampled = metric === 'ttfbMs' || metric === 'fcpMs' || metric === 'lcpMs' ? performanceRecord.samples?.[metric] : undefined;
  // Recorded samples, even none (a scan too busy to time the site), say what was measured.
  if (sampled) return sampled;
  const value = performanceRecord[metric];
  return value === null ? [] : [value];
}

/** Against a zero baseline (a CLS of 0) the floor stands in, so the percent stays finite. */
function percentChange(value: number, baseline: number, floor: number): number {
  const reference = baseline > 0 ? baseline : floor > 0 ? floor : 1;
  return ((value - baseline) / reference) * 100;
}
