import type { PerformanceMetric } from '../../../scripts/schema/monitor.ts';
import { GRADES } from '../../../scripts/schema/scan.ts';
import type { MonitorView } from './model.ts';
import type { Medians } from './periods.ts';
import { median } from './series.ts';

/**
 * The compare page: monitors side by side, the organization's own site (`self: true`) as the
 * reference column. Pure, and shared by the build (the pre-rendered default selection) and the
 * browser (a selection from the URL, read back from the columns' data attributes), so both mark
 * the same differences with the same words.
 */

export const MIN_COLUMNS = 2;
export const MAX_COLUMNS = 6;
export const DEFAULT_COLUMNS = 4;
export const COMPARE_DAYS = 30;
/** A metric closer than this to the reference's is not called a difference. */
export const METRIC_TOLERANCE = 0.1;
/** The metrics a column charts, in order. */
export const COMPARE_METRICS: readonly PerformanceMetric[] = ['ttfbMs', 'fcpMs', 'lcpMs', 'cls', 'transferBytes'];
export const INFRA_FIELDS = ['hosting', 'cdn', 'tlsIssuer'] as const;
export type InfraField = (typeof INFRA_FIELDS)[number];

/** What a column says, as the differences are computed from it. */
export interface ColumnFacts {
  readonly id: string;
  readonly self: boolean;
  /** Technology name → version (null when unknown). */
  readonly technologies: ReadonlyMap<string, string | null>;
  readonly grade: string | null;
  readonly metrics: Medians;
  readonly infra: Readonly<Record<InfraField, string | null>>;
}

export interface DailyPoint {
  readonly day: string;
  readonly value: number;
}

export type TechnologyDifference = 'only-here' | 'other-version';

export interface ColumnDifferences {
  readonly technologies: ReadonlyMap<string, TechnologyDifference>;
  /** The reference's technologies this column lacks. */
  readonly missing: readonly string[];
  readonly grade: 'better' | 'worse' | null;
  /** Relative difference from the reference (0.3 = 30% more), where it is beyond the tolerance. */
  readonly metrics: Readonly<Partial<Record<PerformanceMetric, number>>>;
  readonly infra: ReadonlySet<InfraField>;
}

/** The last COMPARE_DAYS days of daily medians per metric, oldest first. */
export function recentDays(monitor: MonitorView, now: string): Record<PerformanceMetric, DailyPoint[]> {
  const since = new Date(Date.parse(now) - COMPARE_DAYS * 86_400_000).toISOString().slice(0, 10);
  const days = monitor.history.daily.filter((day) => day.period > since);
  const series = (metric: PerformanceMetric) =>
    days.flatMap((day) => {
      const value = day.medians[metric];
      return value === null ? [] : [{ day: day.period, value }];
    });
  return { ttfbMs: series('ttfbMs'), fcpMs: series('fcpMs'), lcpMs: series('lcpMs'), cls: series('cls'), transferBytes: series('transferBytes') };
}

/** A column's figures: the latest stack, grade and infrastructure, and the medians of the recent daily medians. */
export function columnFacts(monitor: MonitorView, now: string): ColumnFacts {
  const good = monitor.history.lastGood;
  const days = recentDays(monitor, now);
  const of = (metric: PerformanceMetric) => median(days[metric].map((point) => point.value));
  return {
    id: monitor.id,
    self: monitor.self,
    technologies: new Map(monitor.history.stack.map((entry) => [entry.name, entry.version])),
    grade: good?.security?.grade ?? null,
    metrics: { ttfbMs: of('ttfbMs'), fcpMs: of('fcpMs'), lcpMs: of('lcpMs'), cls: of('cls'), transferBytes: of('transferBytes') },
    infra: {
      hosting: good?.infrastructure?.hosting ?? null,
      cdn: good?.infrastructure?.cdn ?? null,
      tlsIssuer: good?.infrastructure?.tls?.issuer ?? null,
    },
  };
}

/** How `column` differs from `reference`. Lower is better for every metric. */
export function differences(reference: ColumnFacts, column: ColumnFacts): ColumnDifferences {
  const technologies = new Map<string, TechnologyDifference>();
  for (const [name, version] of column.technologies) {
    if (!reference.technologies.has(name)) technologies.set(name, 'only-here');
    else if (version !== null && reference.technologies.get(name) !== null && reference.technologies.get(name) !== version)
      technologies.set(name, 'other-version');
  }
  const metrics: Partial<Record<PerformanceMetric, number>> = {};
  for (const metric of COMPARE_METRICS) {
    const base = reference.metrics[metric];
    const value = column.metrics[metric];
    if (base === null || value === null || base === 0) continue;
    const ratio = (value - base) / base;
    if (Math.abs(ratio) >= METRIC_TOLERANCE) metrics[metric] = ratio;
  }
  return {
    technologies,
    missing: [...reference.technologies.keys()].filter((name) => !column.technologies.has(name)).sort((a, b) => a.localeCompare(b)),
    grade: gradeDifference(reference.grade, column.grade),
    metrics,
    infra: new Set(INFRA_FIELDS.filter((field) => (column.infra[field] ?? '') !== (reference.infra[field] ?? ''))),
  };
}

function gradeDifference(reference: string | null, grade: string | null): 'better' | 'worse' | null {
  const rank = (value: string | null) => GRADES.findIndex((candidate) => candidate === value);
  const [a, b] = [rank(reference), rank(grade)];
  if (a < 0 || b < 0 || a === b) return null;
  return b < a ? 'better' : 'worse';
}

export const TECHNOLOGY_NOTES: Readonly<Record<TechnologyDifference, string>> = {
  'only-here': 'not on the reference site',
  'other-version': 'another version than the reference',
};

/** `30% slower than the reference` / `12% lighter than the reference`. */
export function metricNote(metric: PerformanceMetric, ratio: number): string {
  const percent = `${Math.round(Math.abs(ratio) * 100)}%`;
  const [more, less] = metric === 'transferBytes' ? ['heavier', 'lighter'] : metric === 'cls' ? ['more shift', 'less shift'] : ['slower', 'faster'];
  return `${percent} ${ratio > 0 ? more : less} than the reference`;
}

export function gradeNote(difference: 'better' | 'worse'): string {
  return `${difference} than the reference`;
}

export function missingNote(missing: readonly string[]): string {
  return missing.length === 0 ? '' : `Not here, on the reference: ${missing.join(', ')}`;
}

/** The largest daily median of a metric across the columns: the top of every column's chart. */
export function sharedScale(series: readonly (readonly DailyPoint[])[]): number {
  const highest = Math.max(0, ...series.flatMap((points) => points.map((point) => point.value)));
  return highest > 0 ? highest : 1;
}

/** Polyline points for a column chart in data units (x: day index, y: minus the value), so the scale is the SVG's view box alone. */
export function chartPoints(points: readonly DailyPoint[], metric: PerformanceMetric): string {
  const precision = metric === 'cls' ? 1000 : 1;
  return points.map((point, index) => `${index},${-Math.round(point.value * precision) / precision}`).join(' ');
}

/** The view box for a chart of `days` points under `scale`. */
export function chartViewBox(scale: number): string {
  return `0 ${-scale} ${COMPARE_DAYS - 1} ${scale}`;
}

/**
 * The columns to show, in order: ids from the query string (`m=a,b` or repeated `m`), known ones
 * only, at most MAX_COLUMNS, own sites first; null when fewer than MIN_COLUMNS remain.
 */
export function parseSelection(values: readonly string[], known: ReadonlyMap<string, { readonly self: boolean }>): string[] | null {
  const ids = [
    ...new Set(
      values
        .flatMap((value) => value.split(','))
        .map((id) => id.trim())
        .filter((id) => known.has(id)),
    ),
  ].slice(0, MAX_COLUMNS);
  if (ids.length < MIN_COLUMNS) return null;
  return [...ids.filter((id) => known.get(id)?.self), ...ids.filter((id) => !known.get(id)?.self)];
}

/**
 * The pre-rendered selection: the first own site and up to DEFAULT_COLUMNS − 1 other monitors of
 * its organization (scanned ones first); without an own site, the first scanned monitors. Pass
 * `organization` for that organization's page.
 */
export function defaultSelection(monitors: readonly MonitorView[], organization?: string): string[] {
  const pool = organization === undefined ? monitors : monitors.filter((monitor) => monitor.organization === organization);
  const reference = pool.find((monitor) => monitor.self);
  const scannedFirst = (candidates: readonly MonitorView[]) => [
    ...candidates.filter((m) => m.history.lastGood !== null),
    ...candidates.filter((m) => m.history.lastGood === null),
  ];
  if (!reference)
    return scannedFirst(pool)
      .slice(0, DEFAULT_COLUMNS)
      .map((monitor) => monitor.id);
  const others = scannedFirst(pool.filter((monitor) => monitor.organization === reference.organization && monitor.id !== reference.id));
  const fill = others.length >= MIN_COLUMNS - 1 ? others : scannedFirst(pool.filter((monitor) => monitor.id !== reference.id));
  return [reference.id, ...fill.slice(0, DEFAULT_COLUMNS - 1).map((monitor) => monitor.id)];
}

/** The reference column: the first own site in the selection, else the first column. */
export function referenceOf(columns: readonly ColumnFacts[]): ColumnFacts | undefined {
  return columns.find((column) => column.self) ?? columns[0];
}

/** sharedScale for every metric. */
export function sharedScales(columns: readonly Readonly<Record<PerformanceMetric, readonly DailyPoint[]>>[]): Record<PerformanceMetric, number> {
  const of = (metric: PerformanceMetric) => sharedScale(columns.map((days) => days[metric]));
  return { ttfbMs: of('ttfbMs'), fcpMs: of('fcpMs'), lcpMs: of('lcpMs'), cls: of('cls'), transferBytes: of('transferBytes') };
}
