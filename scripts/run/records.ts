import type { Job } from '../schema/job.ts';
import type { RunRecord } from '../schema/run.ts';
import type { ScanResult } from '../schema/scan.ts';
import type { Change } from '../schema/change.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import { contentHash } from '../shared/hash.ts';
import { jobStatus } from './retry.ts';

export function runIdFor(startedAt: Date): string {
  return `run-${startedAt.toISOString()}`;
}

export interface AttemptTiming {
  readonly runId: string;
  readonly scheduledFor: Date;
  readonly startedAt: Date;
  readonly completedAt: Date;
  readonly attempt: number;
}

/** The job record of one scan attempt; `kept` when its scan is the one stored. */
export function jobRecord(result: ScanResult, timing: AttemptTiming, kept: boolean): Job {
  const monitor = result.monitor ?? result.url;
  return {
    schemaVersion: SCHEMA_VERSION,
    id: contentHash({ monitor, runId: timing.runId, attempt: timing.attempt }, 12),
    runId: timing.runId,
    monitor,
    scheduledFor: timing.scheduledFor.toISOString(),
    startedAt: timing.startedAt.toISOString(),
    completedAt: timing.completedAt.toISOString(),
    status: jobStatus(result),
    attempt: timing.attempt,
    error: result.ok ? null : (result.error ?? { kind: 'internal', message: 'scan failed without an error' }),
    durationMs: Math.max(0, timing.completedAt.getTime() - timing.startedAt.getTime()),
    scanId: kept ? result.id : null,
  };
}

export interface RunTotals {
  readonly runId: string;
  readonly trigger: RunRecord['trigger'];
  readonly now: Date;
  readonly startedAt: Date;
  readonly completedAt: Date;
  readonly interrupted: boolean;
  readonly monitors: number;
  readonly due: number;
  readonly skipped: number;
  readonly scans: readonly ScanResult[];
  /** Due monitors whose scan never arrived (a lost shard): failed, with no scan. */
  readonly lost: number;
  readonly jobs: readonly Job[];
  readonly changes: readonly Change[];
  readonly digests: RunRecord['digests'];
}

/** The run record: what was due and what happened, counted from the stored records. */
export function runRecord(totals: RunTotals): RunRecord {
  const bySeverity = (severity: Change['severity']) => totals.changes.filter((change) => change.severity === severity).length;
  return {
    schemaVersion: SCHEMA_VERSION,
    id: totals.runId,
    trigger: totals.trigger,
    now: totals.now.toISOString(),
    startedAt: totals.startedAt.toISOString(),
    completedAt: totals.completedAt.toISOString(),
    status: totals.interrupted ? 'interrupted' : 'completed',
    monitors: totals.monitors,
    due: totals.due,
    skipped: totals.skipped,
    scanned: totals.scans.filter((scan) => scan.ok).length,
    failed: totals.scans.filter((scan) => !scan.ok).length + totals.lost,
    retried: totals.jobs.filter((job) => job.attempt > 1).length,
    durationMs: Math.max(0, totals.completedAt.getTime() - totals.startedAt.getTime()),
    changes: { total: totals.changes.length, high: bySeverity('high'), medium: bySeverity('medium'), low: bySeverity('low') },
    digests: totals.digests,
  };
}

/**
 * The job record of a due monitor whose shard never delivered its scan: failed, keeping no
 * scan, so the monitor is due again at the next run. Its id differs from any attempt's, so a
 * re-run of the lost shard later in the same run still records its real attempts.
 */
export function lostJobRecord(monitor: string, runId: string, scheduledFor: Date, at: Date, message: string): Job {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: contentHash({ monitor, runId, lost: true }, 12),
    runId,
    monitor,
    scheduledFor: scheduledFor.toISOString(),
    startedAt: at.toISOString(),
    completedAt: at.toISOString(),
    status: 'failed',
    attempt: 1,
    error: { kind: 'shard_lost', message },
    durationMs: 0,
    scanId: null,
  };
}
