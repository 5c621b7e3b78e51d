import type { Job } from '../../../scripts/schema/job.ts';
import type { ScanErrorKind } from '../../../scripts/schema/scan.ts';

/** How the scan jobs went: attempts, completion, why jobs failed. */

export interface JobStats {
  readonly attempts: number;
  readonly completed: number;
  /** completed / attempts, null when there were none. */
  readonly rate: number | null;
}

export interface DayCount {
  readonly day: string;
  readonly completed: number;
  readonly failed: number;
}

export interface FailureReason {
  readonly kind: ScanErrorKind | 'unknown';
  readonly count: number;
  readonly monitors: readonly string[];
  readonly lastMessage: string;
  readonly lastAt: string;
}

export interface RunStats {
  readonly last7: JobStats;
  readonly last30: JobStats;
  readonly daily: DayCount[];
  readonly failureReasons: FailureReason[];
  readonly recentFailures: Job[];
  readonly recentJobs: Job[];
}

const DAY_MS = 86_400_000;
export const STATS_DAYS = 30;
export const RECENT_JOBS = 40;

export function jobStats(jobs: readonly Job[], since: Date): JobStats {
  const sinceIso = since.toISOString();
  const window = jobs.filter((job) => job.startedAt >= sinceIso);
  const completed = window.filter((job) => job.status === 'completed').length;
  return { attempts: window.length, completed, rate: window.length === 0 ? null : completed / window.length };
}

/** `jobs` from every monitor, any order; only the last STATS_DAYS days count. */
export function runStats(jobs: readonly Job[], now: Date): RunStats {
  const start = startOfDay(now.getTime()) - (STATS_DAYS - 1) * DAY_MS;
  const recent = jobs
    .filter((job) => Date.parse(job.startedAt) >= start && job.startedAt <= now.toISOString())
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
  const failures = recent.filter((job) => job.status !== 'completed');
  const daily: DayCount[] = Array.from({ length: STATS_DAYS }, (_, index) => ({
    day: new Date(start + index * DAY_MS).toISOString().slice(0, 10),
    completed: 0,
    failed: 0,
  }));
  const days = new Map(daily.map((entry) => [entry.day, { ...entry }]));
  for (const job of recent) {
    const entry = days.get(job.startedAt.slice(0, 10));
    if (!entry) continue;
    if (job.status === 'completed') entry.completed += 1;
    else entry.failed += 1;
  }
  return {
    last7: jobStats(recent, new Date(now.getTime() - 7 * DAY_MS)),
    last30: jobStats(recent, new Date(start)),
    daily: [...days.values()],
    failureReasons: failureReasons(failures),
    recentFailures: failures.slice(0, RECENT_JOBS),
    recentJobs: recent.slice(0, RECENT_JOBS),
  };
}

function failureReasons(failures: readonly Job[]): FailureReason[] {
  const byKind = new Map<string, { kind: FailureReason['kind']; count: number; monitors: Set<string>; lastMessage: string; lastAt: string }>();
  for (const job of failures) {
    const kind = job.error?.kind ?? 'unknown';
    const entry = byKind.get(kind);
    if (entry) {
      entry.count += 1;
      entry.monitors.add(job.monitor);
    } else {
      // Failures arrive newest first, so the first one seen carries the latest message.
      byKind.set(kind, { kind, count: 1, monitors: new Set([job.monitor]), lastMessage: job.error?.message ?? job.status, lastAt: job.startedAt });
    }
  }
  return [...byKind.values()]
    .map((entry) => ({ ...entry, monitors: [...entry.monitors].sort() }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

function startOfDay(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}
