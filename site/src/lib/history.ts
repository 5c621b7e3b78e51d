import { PERFORMANCE_METRICS, type PerformanceMetric } from '../../../scripts/schema/monitor.ts';
import type { Grade, ScanError, ScanResult } from '../../../scripts/schema/scan.ts';
import type { VersionSource } from '../../../scripts/schema/signals.ts';
import type { DayRollup } from '../../../scripts/schema/day-rollup.ts';
import { technologyObservations, type TechnologyObservation } from './observations.ts';
import { dailySummaries, monthlySummaries, type MonthSummary, type PeriodSummary } from './periods.ts';
import { downsample, median, type Bucket, type Point } from './series.ts';
import { daySightings, scanSighting, type Sighting } from './sightings.ts';

/**
 * One monitor's scan history reduced to what its pages show: downsampled metric series with
 * the alert threshold, grade periods, the current stack with first-seen dates, a weekly view
 * of the stack for the landscape, and the newest scans. The raw scans are dropped after this,
 * which keeps the build's memory flat however long the history is. The compacted past (day
 * rollups, older than the full scans) is read alongside at day resolution (./sightings.ts).
 */

export interface HistorySettings {
  readonly thresholdPercent: number;
  readonly floors: Readonly<Record<PerformanceMetric, number>>;
  readonly baselineScans: number;
  readonly removalAfterScans: number;
}

export interface HistoryInput {
  /** Oldest first; may start before `historyStart` (those only tell that history was cut). */
  readonly scans: readonly ScanResult[];
  /** The compacted past, oldest first, all older than `scans`. */
  readonly days?: readonly DayRollup[];
  readonly historyStart: Date;
  readonly weeks: number;
  readonly settings: HistorySettings;
}

export interface MetricSeries {
  readonly metric: PerformanceMetric;
  readonly buckets: Bucket[];
  readonly samples: number;
  readonly latest: number | null;
  /** Median of the most recent successful scans, as change detection computes it. */
  readonly baseline: number | null;
  /** Above this a degradation is reported: baseline + max(threshold %, absolute floor). */
  readonly alertAbove: number | null;
}

export interface GradePeriod {
  readonly grade: Grade;
  readonly score: number;
  readonly from: string;
  /** The last scan with this grade. */
  readonly to: string;
}

export interface StackEntry {
  readonly name: string;
  readonly version: string | null;
  /** Where the latest scan's version came from; null without one, or in scans made before it was kept. */
  readonly versionSource: VersionSource | null;
  readonly confidence: number;
  readonly categories: readonly string[];
  /** Start of the current continuous presence within the loaded history. */
  readonly firstSeen: string;
  /** True when the technology was already there when the loaded history begins. */
  readonly seenBeforeHistory: boolean;
  readonly versionSince: string | null;
}

export interface ScanSummary {
  readonly id: string;
  readonly scannedAt: string;
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: ScanError | null;
  readonly durationMs: number;
  readonly technologies: number;
  readonly grade: Grade | null;
  readonly lcpMs: number | null;
  readonly transferBytes: number | null;
}

export interface MonitorHistory {
  readonly scans: number;
  readonly okScans: number;
  readonly firstScanAt: string | null;
  /** Scans exist before the loaded window. */
  readonly truncated: boolean;
  readonly lastGood: ScanResult | null;
  readonly metrics: MetricSeries[];
  readonly grades: GradePeriod[];
  readonly stack: StackEntry[];
  /** Per week of the window: technology names of the week's last successful scan, carried forward; null before the first scan. */
  readonly weekly: (readonly string[] | null)[];
  /** Every technology seen in the window, with its categories. */
  readonly categories: ReadonlyMap<string, readonly string[]>;
  readonly recentScans: ScanSummary[];
  /** Per UTC day with a successful scan in the window: metric medians and the day's last grade. */
  readonly daily: PeriodSummary[];
  /** The same per UTC month, with the month's last stack. */
  readonly monthly: MonthSummary[];
  /** Every technology version the window's successful scans saw, with first and last sighting. */
  readonly observations: TechnologyObservation[];
}

export const RECENT_SCANS = 20;
export const WEEK_MS = 7 * 86_400_000;

export function summariseHistory({ scans: all, days: allDays = [], historyStart, weeks, settings }: HistoryInput): MonitorHistory {
  const startIso = historyStart.toISOString();
  const scans = all.filter((scan) => scan.scannedAt >= startIso);
  const days = allDays.filter((day) => day.lastScanAt !== null && day.lastScanAt >= startIso);
  const okScans = scans.filter((scan) => scan.ok);
  const ok: Sighting[] = [...daySightings(days), ...okScans.map(scanSighting)];
  const truncated = scans.length < all.length || days.length < allDays.length;
  const lastGood = okScans.at(-1) ?? null;
  const categories = new Map<string, readonly string[]>();
  for (const sighting of ok) for (const tech of sighting.technologies) categories.set(tech.name, tech.categories);
  return {
    scans: scans.length + days.reduce((sum, day) => sum + day.scans, 0),
    okScans: ok.reduce((sum, sighting) => sum + sighting.weight, 0),
    firstScanAt: days[0]?.firstScanAt ?? scans[0]?.scannedAt ?? null,
    truncated,
    lastGood,
    metrics: PERFORMANCE_METRICS.map((metric) => metricSeries(metric, ok, settings)),
    grades: gradePeriods(ok),
    stack: currentStack(ok, settings.removalAfterScans, truncated),
    weekly: weeklyStacks(ok, historyStart.getTime(), weeks),
    categories,
    recentScans: scans.slice(-RECENT_SCANS).reverse().map(summariseScan),
    daily: dailySummaries(ok),
    monthly: monthlySummaries(ok),
    observations: technologyObservations(ok),
  };
}

function metricSeries(metric: PerformanceMetric, ok: readonly Sighting[], settings: HistorySettings): MetricSeries {
  const points = ok.flatMap((sighting): Point[] => {
    const value = sighting.metrics[metric];
    return value === undefined ? [] : [{ t: Date.parse(sighting.at), v: value.v, min: value.min, max: value.max, count: value.count }];
  });
  // The baseline is what detection computes: from the newest full scans, never a compacted day.
  const baseline = median(points.slice(-settings.baselineScans).map((point) => point.v));
  const alertAbove = baseline === null ? null : baseline + Math.max((baseline * settings.thresholdPercent) / 100, settings.floors[metric]);
  const samples = points.reduce((sum, point) => sum + (point.count ?? 1), 0);
  return { metric, buckets: downsample(points), samples, latest: points.at(-1)?.v ?? null, baseline, alertAbove };
}

function gradePeriods(ok: readonly Sighting[]): GradePeriod[] {
  const periods: GradePeriod[] = [];
  for (const scan of ok) {
    if (!scan.security) continue;
    const last = periods.at(-1);
    if (last && last.grade === scan.security.grade) {
      periods[periods.length - 1] = { ...last, score: scan.security.score, to: scan.at };
    } else {
      periods.push({ grade: scan.security.grade, score: scan.security.score, from: scan.from, to: scan.at });
    }
  }
  return periods;
}

/**
 * First-seen dates tolerate short absences the way change detection does: a technology
 * missing from fewer than `removalAfterScans` scans in a row was never reported removed.
 */
function currentStack(ok: readonly Sighting[], removalAfterScans: number, truncated: boolean): StackEntry[] {
  const presence = new Map<string, { since: string; version: string | null; versionSince: string; absent: number }>();
  const firstAt = ok[0]?.from;
  for (const scan of ok) {
    const present = new Set<string>();
    for (const tech of scan.technologies) {
      present.add(tech.name);
      const known = presence.get(tech.name);
      if (!known) {
        presence.set(tech.name, { since: scan.from, version: tech.version, versionSince: scan.from, absent: 0 });
      } else {
        known.absent = 0;
        if (tech.version !== known.version) {
          known.version = tech.version;
          known.versionSince = scan.from;
        }
      }
    }
    for (const [name, known] of presence) {
      if (present.has(name)) continue;
      // A compacted day absent at its end counts as absent for all its scans.
      known.absent += scan.weight;
      if (known.absent >= removalAfterScans) presence.delete(name);
    }
  }
  const latest = ok.at(-1);
  if (!latest) return [];
  return latest.technologies
    .map((tech) => {
      const known = presence.get(tech.name);
      const firstSeen = known?.since ?? latest.at;
      return {
        name: tech.name,
        version: tech.version,
        versionSource: tech.versionSource ?? null,
        confidence: tech.confidence,
        categories: tech.categories,
        firstSeen,
        seenBeforeHistory: truncated && firstSeen === firstAt,
        versionSince: tech.version === null ? null : (known?.versionSince ?? latest.at),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function weeklyStacks(ok: readonly Sighting[], start: number, weeks: number): (readonly string[] | null)[] {
  const byWeek: (readonly string[] | null)[] = new Array<readonly string[] | null>(weeks).fill(null);
  for (const scan of ok) {
    // By its first scan: a run of same-state scans that crosses into the next week is still the
    // state its first week ended with, and is carried into the weeks after.
    const week = Math.floor((Date.parse(scan.from) - start) / WEEK_MS);
    if (week >= 0 && week < weeks) byWeek[week] = scan.technologies.map((tech) => tech.name);
  }
  let carried: readonly string[] | null = null;
  return byWeek.map((stack) => (carried = stack ?? carried));
}

function summariseScan(scan: ScanResult): ScanSummary {
  return {
    id: scan.id,
    scannedAt: scan.scannedAt,
    ok: scan.ok,
    status: scan.status,
    error: scan.error ?? null,
    durationMs: scan.durationMs,
    technologies: scan.technologies.length,
    grade: scan.security?.grade ?? null,
    lcpMs: scan.performance?.lcpMs ?? null,
    transferBytes: scan.performance?.transferBytes ?? null,
  };
}
