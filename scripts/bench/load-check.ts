import { backoffMs } from '../run/retry.ts';
import { LIMITS } from '../scan/limits.ts';
import type { Job } from '../schema/job.ts';
import type { ScanResult } from '../schema/scan.ts';
import { peakOverlap } from './figures.ts';

/**
 * What `npm run bench:load` checks of a run, from its job records, and the time bound it holds
 * the run to. Pure: records and settings in, figures out.
 */

export interface LoadAccount {
  readonly due: number;
  /** Monitors whose kept attempt succeeded and whose scan is stored (partial scans included). */
  readonly scanned: number;
  readonly partial: number;
  /** Monitors whose kept attempt failed, by error kind. */
  readonly failedByKind: Readonly<Record<string, number>>;
  /** Due monitors with neither a stored scan nor a failed kept attempt. Must be none. */
  readonly missing: readonly string[];
  /** Attempts beyond the first. */
  readonly retried: number;
  /** The most attempts running at one moment. */
  readonly maxAtOnce: number;
  /** The longest single attempt. */
  readonly longestAttemptMs: number;
}

/**
 * Accounts for every due monitor from the jobs and latest scans stored for them (a job record
 * carries only a failure's error, so whether a scan was partial is read from the scan).
 */
export function accountForRun(dueIds: readonly string[], jobs: readonly Job[], scans: ReadonlyMap<string, ScanResult>): LoadAccount {
  const kept = new Map<string, Job>();
  for (const job of jobs) if (job.scanId !== null) kept.set(job.monitor, job);
  const failedByKind: Record<string, number> = {};
  let scanned = 0;
  let partial = 0;
  const missing: string[] = [];
  for (const id of dueIds) {
    const job = kept.get(id);
    const scan = scans.get(id);
    if (!job || (job.status === 'completed' && scan?.id !== job.scanId)) missing.push(id);
    else if (job.status === 'completed') {
      scanned += 1;
      if (scan?.error?.kind === 'partial') partial += 1;
    } else {
      const kind = job.error?.kind ?? job.status;
      failedByKind[kind] = (failedByKind[kind] ?? 0) + 1;
    }
  }
  return {
    due: dueIds.length,
    scanned,
    partial,
    failedByKind,
    missing,
    retried: jobs.filter((job) => job.attempt > 1).length,
    maxAtOnce: peakOverlap(jobs.map((job) => ({ start: Date.parse(job.startedAt), end: Date.parse(job.completedAt) }))),
    longestAttemptMs: Math.max(0, ...jobs.map((job) => job.durationMs)),
  };
}

/** What bounds one monitor's time in the run: its scan settings and the run's retry delay. */
export interface MonitorBudget {
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly retryBaseMs: number;
}

/** Beyond a scan's deadline: closing its browser context, which is bounded on its own. */
export const ATTEMPT_SLACK_MS = LIMITS.closeTimeoutMs;
/** Recording one monitor's scan (detection against history, the journal's writes), generous. */
export const RECORD_ALLOWANCE_MS = 2_000;
/** Starting the process (Node, config, the browser) and ending it, generous. */
export const PROCESS_ALLOWANCE_MS = 30_000;

/** The longest one monitor can hold a pool slot: every attempt to its deadline, the backoffs between, the recording. */
export function monitorWorstMs({ timeoutSeconds, retries, retryBaseMs }: MonitorBudget): number {
  let total = RECORD_ALLOWANCE_MS;
  for (let attempt = 1; attempt <= retries + 1; attempt += 1) {
    total += timeoutSeconds * 1000 + ATTEMPT_SLACK_MS;
    if (attempt <= retries) total += backoffMs(attempt, retryBaseMs);
  }
  return total;
}

/**
 * The wall time a run over these monitors may take at `concurrency`: a pool that never idles
 * while work waits ends within Σ worst / c + (1 − 1/c) × the longest worst (Graham's bound for
 * list scheduling), plus the process's own start and end.
 */
export function runBoundMs(budgets: readonly MonitorBudget[], concurrency: number): number {
  const worst = budgets.map(monitorWorstMs);
  const sum = worst.reduce((total, ms) => total + ms, 0);
  const longest = Math.max(0, ...worst);
  return PROCESS_ALLOWANCE_MS + sum / concurrency + (1 - 1 / concurrency) * longest;
}
