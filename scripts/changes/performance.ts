import { PERFORMANCE_METRICS, type PerformanceMetric } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { comparableScans } from './scans.ts';
import { formatMetric, METRIC_LABELS, roundPercent, signedPercent } from './wording.ts';

/**
 * Performance shifts. Single measurements are noisy (a runner's network, a cold cache), so a
 * metric is judged against the median of the `baselineScans` comparable scans before it, and
 * only a shift that holds for `confirmScans` scans in a row is reported, when it goes beyond
 * the percent threshold, the metric's absolute floor and the metric's own usual noise on this
 * site (`noiseDeviations` median absolute deviations over its last NOISE_SCANS values) — and
 * once: while the baseline catches up with a new level the same shift is not reported again.
 */

/** Values the usual noise of a metric is estimated from: enough for a stable estimate. */
export const NOISE_SCANS = 20;

export type Direction = 'degraded' | 'improved';

export interface ShiftRules {
  readonly baselineScans: number;
  readonly confirmScans: number;
  readonly thresholdPercent: number;
  readonly floor: number;
  /** Multiples of the median absolute deviation a move must exceed; 0 ignores the noise. */
  readonly noiseDeviations: number;
}

export interface Shift {
  readonly direction: Direction;
  readonly baseline: number;
  readonly changePercent: number;
}

export function performanceChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!monitor.scan.track.performance || !scan.performance) return [];
  const series = [...comparableScans(earlier, scan, { fingerprints: false }), scan];
  const findings: Finding[] = [];
  for (const metric of PERFORMANCE_METRICS) {
    const values = series.map((entry) => metricValue(entry, metric)).filter((value): value is number => value !== null);
    const current = metricValue(scan, metric);
    if (current === null) continue;
    const rules: ShiftRules = {
      baselineScans: monitor.changes.performance.baselineScans,
      confirmScans: monitor.changes.performance.confirmScans,
      thresholdPercent: monitor.alerts.performanceThresholdPercent,
      floor: monitor.changes.performance.floors[metric],
      noiseDeviations: monitor.changes.performance.noiseDeviations,
    };
    const shift = newShift(values, rules);
    if (!shift) continue;
    const fromScan = series.findLast((entry) => entry !== scan && metricValue(entry, metric) !== null);
    const word = directionWord(metric, shift.direction);
    findings.push({
      subject: metric,
      body: {
        type: shift.direction === 'degraded' ? 'performance_degraded' : 'performance_improved',
        fromScan: fromScan?.id ?? null,
        summary: `${METRIC_LABELS[metric]} ${word}: ${formatMetric(metric, shift.baseline)} → ${formatMetric(metric, current)} (${signedPercent(shift.changePercent)})`,
        data: {
          metric,
          value: current,
          baseline: shift.baseline,
          changePercent: shift.changePercent,
          thresholdPercent: rules.thresholdPercent,
          baselineScans: rules.baselineScans,
        },
      },
    });
  }
  return findings;
}

/** The shift the last value completes, unless the same shift was already found in the last `baselineScans` values. */
export function newShift(values: readonly number[], rules: ShiftRules): Shift | null {
  const last = values.length - 1;
  const shift = shiftAt(values, last, rules);
  if (!shift) return null;
  for (let end = last - 1; end >= Math.max(0, last - rules.baselineScans); end -= 1) {
    if (shiftAt(values, end, rules)?.direction === shift.direction) return null;
  }
  return shift;
}

/** Whether the `confirmScans` values ending at `end` all moved the same way from the median of the values before them. */
function shiftAt(values: readonly number[], end: number, rules: ShiftRules): Shift | null {
  const runStart = end - rules.confirmScans + 1;
  const baselineStart = runStart - rules.baselineScans;
  if (baselineStart < 0) return null;
  const baseline = median(values.slice(baselineStart, runStart));
  const minimumMove = Math.max(rules.floor, rules.noiseDeviations * medianAbsoluteDeviation(values.slice(Math.max(0, runStart - NOISE_SCANS), runStart)));
  const directions = values.slice(runStart, end + 1).map((value) => directionOf(value, baseline, minimumMove, rules));
  const direction = directions[0];
  if (!direction || directions.some((other) => other !== direction)) return null;
  const current = values[end] ?? baseline;
  return { direction, baseline, changePercent: roundPercent(percentChange(current, baseline, rules.floor)) };
}

function directionOf(value: number, baseline: number, minimumMove: number, rules: ShiftRules): Direction | null {
  if (Math.abs(value - baseline) < minimumMove) return null;
  const percent = percentChange(value, baseline, rules.floor);
  if (percent > rules.thresholdPercent) return 'degraded';
  if (percent < -rules.thresholdPercent) return 'improved';
  return null;
}

/** Against a zero baseline (a CLS of 0) the floor stands in, so the percent stays finite. */
function percentChange(value: number, baseline: number, floor: number): number {
  const reference = baseline > 0 ? baseline : floor > 0 ? floor : 1;
  return ((value - baseline) / reference) * 100;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** A robust measure of scan-to-scan noise: one outlier does not inflate it. */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const center = median(values);
  return median(values.map((value) => Math.abs(value - center)));
}

function metricValue(scan: ScanResult, metric: PerformanceMetric): number | null {
  return scan.performance?.[metric] ?? null;
}

function directionWord(metric: PerformanceMetric, direction: Direction): string {
  const degraded = direction === 'degraded';
  if (metric === 'cls') return degraded ? 'worse' : 'better';
  if (metric === 'transferBytes') return degraded ? 'heavier' : 'lighter';
  return degraded ? 'slower' : 'faster';
}
