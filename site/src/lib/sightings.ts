import type { DayRollup } from '../../../scripts/schema/day-rollup.ts';
import { PERFORMANCE_METRICS, type PerformanceMetric } from '../../../scripts/schema/metrics.ts';
import type { Grade, ScanResult } from '../../../scripts/schema/scan.ts';
import type { Technology } from '../../../scripts/schema/signals.ts';
import { viewDays } from '../../../scripts/store/rollup.ts';

/**
 * What the history views read of a successful scan, in one shape for both forms of history: a
 * full scan is one sighting; a compacted day (scripts/schema/day-rollup.ts) is one sighting that
 * becomes one sighting per run of its successful scans that saw the same state, the day's
 * metrics (median and spread) on its last. So the charts, grade timeline, stack and periods show the compacted
 * past at day resolution and the recent window scan by scan.
 */

export interface MetricValue {
  readonly v: number;
  readonly min: number;
  readonly max: number;
  /** Measurements it stands for. */
  readonly count: number;
}

export interface Sighting {
  /** The (last) successful scan it reports. */
  readonly at: string;
  /** The first successful scan it stands for (`at` for a full scan). */
  readonly from: string;
  /** How many successful scans it stands for. */
  readonly weight: number;
  readonly technologies: readonly Technology[];
  readonly security: { readonly grade: Grade; readonly score: number } | null;
  readonly metrics: Readonly<Partial<Record<PerformanceMetric, MetricValue>>>;
}

export function scanSighting(scan: ScanResult): Sighting {
  const metrics: Partial<Record<PerformanceMetric, MetricValue>> = {};
  for (const metric of PERFORMANCE_METRICS) {
    const value = scan.performance?.[metric];
    if (value !== null && value !== undefined) metrics[metric] = { v: value, min: value, max: value, count: 1 };
  }
  return {
    at: scan.scannedAt,
    from: scan.scannedAt,
    weight: 1,
    technologies: scan.technologies,
    security: scan.security ? { grade: scan.security.grade, score: scan.security.score } : null,
    metrics,
  };
}

/**
 * Rollups oldest first: one sighting per run of same-state scans in a day; the day's last run
 * carries the day's metrics (so a chart has one point per day, its median and spread).
 */
export function daySightings(days: readonly DayRollup[]): Sighting[] {
  return viewDays(days).flatMap(({ rollup, segments }) => {
    const metrics: Partial<Record<PerformanceMetric, MetricValue>> = {};
    for (const metric of PERFORMANCE_METRICS) {
      const spread = rollup.metrics[metric];
      if (spread) metrics[metric] = { v: spread.median, min: spread.min, max: spread.max, count: spread.count };
    }
    return segments.map(
      (segment, index): Sighting => ({
        at: segment.to,
        from: segment.from,
        weight: segment.scans,
        technologies: segment.state.technologies,
        security: segment.state.security ? { grade: segment.state.security.grade, score: segment.state.security.score } : null,
        metrics: index === segments.length - 1 ? metrics : {},
      }),
    );
  });
}
