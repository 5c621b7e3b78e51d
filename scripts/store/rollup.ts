import { canonicalJson } from '../shared/canonical-json.ts';
import { median } from '../shared/statistics.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import type { DayRollup, DaySegment, MetricSpread } from '../schema/day-rollup.ts';
import type { Job } from '../schema/job.ts';
import { PERFORMANCE_METRICS } from '../schema/metrics.ts';
import type { Infrastructure, ScanErrorKind, ScanResult } from '../schema/scan.ts';
import type { Technology } from '../schema/signals.ts';

/**
 * Pure: a month of one monitor's full scans and job records rolled up into one record per UTC
 * day (scripts/schema/day-rollup.ts), and the reverse view a reader needs, every day with its
 * whole state carried forward. The same input always gives the same records, byte for byte, so
 * a compaction killed and rerun writes the very same file.
 */

const DAY_KEY_LENGTH = 10;

/** A state with nothing left out: what a run of successful scans saw. */
export interface DayStateFull {
  readonly technologies: readonly Technology[];
  readonly security: {
    readonly grade: NonNullable<ScanResult['security']>['grade'];
    readonly score: number;
    readonly headers: Readonly<Record<string, string>>;
  } | null;
  readonly infrastructure: Infrastructure | null;
}

/** A run of successful scans with the whole state it saw, carried forward from earlier runs. */
export interface SegmentView {
  readonly from: string;
  readonly to: string;
  readonly scans: number;
  readonly state: DayStateFull;
}

/** A rollup with its runs' states filled in from earlier days. */
export interface DayView {
  readonly rollup: DayRollup;
  readonly segments: readonly SegmentView[];
}

/** Scans and jobs of one month, any order; days come out oldest first. */
export function rollUpMonth(monitor: string, scans: readonly ScanResult[], jobs: readonly Job[]): DayRollup[] {
  const days = new Map<string, { scans: ScanResult[]; jobs: Job[] }>();
  const dayOf = (key: string) => {
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { scans: [], jobs: [] }));
    return entry;
  };
  for (const scan of scans) dayOf(scan.scannedAt.slice(0, DAY_KEY_LENGTH)).scans.push(scan);
  for (const job of jobs) dayOf(job.startedAt.slice(0, DAY_KEY_LENGTH)).jobs.push(job);

  let carried: DayStateFull | null = null;
  const rollups: DayRollup[] = [];
  for (const day of [...days.keys()].sort()) {
    const entry = days.get(day) ?? { scans: [], jobs: [] };
    const ordered = [...entry.scans].sort((a, b) => a.scannedAt.localeCompare(b.scannedAt) || a.id.localeCompare(b.id));
    const ok = ordered.filter((scan) => scan.ok);
    const lastOk = ok.at(-1);
    const states: DaySegment[] = [];
    for (const scan of ok) {
      const state = stateOf(scan);
      const last = states.at(-1);
      const difference = stateDifference(carried, state);
      if (last && difference === null) {
        states[states.length - 1] = { ...last, to: scan.scannedAt, scans: last.scans + 1 };
      } else {
        states.push({ from: scan.scannedAt, to: scan.scannedAt, scans: 1, ...(difference ?? {}) });
      }
      carried = state;
    }
    const blocked = ordered.filter((scan) => !scan.ok && scan.error?.kind === 'blocked').length;
    rollups.push({
      schemaVersion: SCHEMA_VERSION,
      monitor,
      day,
      scans: ordered.length,
      ok: ok.length,
      failed: ordered.length - ok.length - blocked,
      blocked,
      errors: countKinds(ordered.flatMap((scan) => (scan.ok || !scan.error ? [] : [scan.error.kind]))),
      firstScanAt: ordered[0]?.scannedAt ?? null,
      lastScanAt: ordered.at(-1)?.scannedAt ?? null,
      firstOkAt: ok[0]?.scannedAt ?? null,
      lastOkAt: lastOk?.scannedAt ?? null,
      metrics: metricSpreads(ok),
      states,
      jobs: {
        attempts: entry.jobs.length,
        completed: entry.jobs.filter((job) => job.status === 'completed').length,
        failed: entry.jobs.filter((job) => job.status === 'failed').length,
        timedOut: entry.jobs.filter((job) => job.status === 'timed_out').length,
        errors: countKinds(entry.jobs.flatMap((job) => (job.error ? [job.error.kind] : []))),
      },
    });
  }
  return rollups;
}

/** Rollups oldest first (a month's first run carries its whole state); each run with its full state. */
export function viewDays(rollups: readonly DayRollup[]): DayView[] {
  let carried: DayStateFull | null = null;
  return rollups.map((rollup) => ({
    rollup,
    segments: rollup.states.map((segment) => {
      const state: DayStateFull = {
        technologies: segment.technologies ?? carried?.technologies ?? [],
        security: segment.security === undefined ? (carried?.security ?? null) : segment.security,
        infrastructure: segment.infrastructure === undefined ? (carried?.infrastructure ?? null) : segment.infrastructure,
      };
      carried = state;
      return { from: segment.from, to: segment.to, scans: segment.scans, state };
    }),
  }));
}

type StateParts = Pick<DaySegment, 'technologies' | 'security' | 'infrastructure'>;

function stateOf(scan: ScanResult): DayStateFull {
  return {
    technologies: scan.technologies,
    security: scan.security ? { grade: scan.security.grade, score: scan.security.score, headers: scan.security.headers } : null,
    infrastructure: scan.infrastructure,
  };
}

/** The parts of `next` that differ from `previous`; all of it when there is no previous. */
function stateDifference(previous: DayStateFull | null, next: DayStateFull): StateParts | null {
  const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
  const difference: StateParts = {
    ...(previous === null || !same(previous.technologies, next.technologies) ? { technologies: [...next.technologies] } : {}),
    ...(previous === null || !same(previous.security, next.security) ? { security: next.security } : {}),
    ...(previous === null || !same(previous.infrastructure, next.infrastructure) ? { infrastructure: next.infrastructure } : {}),
  };
  return Object.keys(difference).length === 0 ? null : difference;
}

function metricSpreads(ok: readonly ScanResult[]): DayRollup['metrics'] {
  const spreads: Partial<Record<(typeof PERFORMANCE_METRICS)[number], MetricSpread>> = {};
  for (const metric of PERFORMANCE_METRICS) {
    const values = ok.flatMap((scan) => {
      const value = scan.performance?.[metric];
      return value === null || value === undefined ? [] : [value];
    });
    if (values.length > 0) spreads[metric] = { median: median(values), min: Math.min(...values), max: Math.max(...values), count: values.length };
  }
  return spreads;
}

function countKinds(kinds: readonly ScanErrorKind[]): Partial<Record<ScanErrorKind, number>> {
  const counts: Partial<Record<ScanErrorKind, number>> = {};
  for (const kind of [...kinds].sort()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
