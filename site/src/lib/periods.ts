import type { PerformanceMetric } from '../../../scripts/schema/monitor.ts';
import type { Grade } from '../../../scripts/schema/scan.ts';
import { median } from './series.ts';
import type { Sighting } from './sightings.ts';

/**
 * One monitor's successful scans (and compacted days, ./sightings.ts) reduced to calendar periods (UTC): per day and per month, the
 * median of each performance metric and the security grade the period ended with. Days feed the
 * CSV exports and the compare page's 30-day charts, months the trends.
 */

export type Medians = Readonly<Record<PerformanceMetric, number | null>>;

export interface PeriodSummary {
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month. */
  readonly period: string;
  readonly okScans: number;
  readonly medians: Medians;
  /** Grade and score of the period's last scan that was graded; null when none was. */
  readonly grade: Grade | null;
  readonly score: number | null;
}

export interface MonthSummary extends PeriodSummary {
  /** Technology names of the month's last successful scan. */
  readonly technologies: readonly string[];
}

export const DAY_KEY_LENGTH = 10;
export const MONTH_KEY_LENGTH = 7;

/** `ok` must be in time order. */
export function dailySummaries(ok: readonly Sighting[]): PeriodSummary[] {
  return groupByPrefix(ok, DAY_KEY_LENGTH).map(([period, scans]) => summarise(period, scans));
}

export function monthlySummaries(ok: readonly Sighting[]): MonthSummary[] {
  return groupByPrefix(ok, MONTH_KEY_LENGTH).map(([period, scans]) => ({
    ...summarise(period, scans),
    technologies: (scans.at(-1)?.technologies ?? []).map((tech) => tech.name),
  }));
}

function groupByPrefix(scans: readonly Sighting[], length: number): [string, Sighting[]][] {
  const groups: [string, Sighting[]][] = [];
  for (const scan of scans) {
    const key = scan.at.slice(0, length);
    const last = groups.at(-1);
    if (last && last[0] === key) last[1].push(scan);
    else groups.push([key, [scan]]);
  }
  return groups;
}

function summarise(period: string, scans: readonly Sighting[]): PeriodSummary {
  const graded = scans.filter((scan) => scan.security !== null).at(-1)?.security ?? null;
  const okScans = scans.reduce((sum, scan) => sum + scan.weight, 0);
  return { period, okScans, medians: mediansOf(scans), grade: graded?.grade ?? null, score: graded?.score ?? null };
}

/** A compacted day counts with its median: a day's median is the day's value, a month's the median of its days and scans. */
function mediansOf(scans: readonly Sighting[]): Medians {
  const of = (metric: PerformanceMetric) => median(scans.flatMap((scan) => valueOf(scan, metric)));
  return { ttfbMs: of('ttfbMs'), fcpMs: of('fcpMs'), lcpMs: of('lcpMs'), cls: of('cls'), transferBytes: of('transferBytes') };
}

function valueOf(scan: Sighting, metric: PerformanceMetric): number[] {
  const value = scan.metrics[metric];
  return value === undefined ? [] : [value.v];
}
