import { owedTo, type Channels } from '../alerts/index.ts';
import { detectChanges, historyDepth } from '../changes/index.ts';
import { blockTextsToKeep } from '../changes/kinds/content.ts';
import type { Change } from '../schema/change.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import type { Job } from '../schema/job.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';
import type { Scanner } from '../scan/contract.ts';
import type { DueDecision } from '../schedule/due.ts';
import { commitJournal, type JournalTargets } from './journal.ts';
import type { RunProgress } from './progress.ts';
import { jobRecord } from './records.ts';
import { backoffMs, isTransientFailure } from './retry.ts';

/**
 * The two halves of one monitor's work in a run: scanning it (attempts, retries, job records)
 * and recording the scan (detection against stored history, alerts, the journal). An
 * unsharded run does both at once; a fanned-out run scans in its shards and records in the
 * merge job, with the same code, so both write the same records.
 */

/** What scanning a monitor produced, before it is compared with history. */
export interface ScannedMonitor {
  readonly monitor: Monitor;
  readonly scan: ScanResult;
  /** Every attempt, in order; the last one kept the scan. */
  readonly jobs: readonly Job[];
  /** The wording of the scan's content blocks, by hash; null when it saw no page. */
  readonly blockTexts: Readonly<Record<string, string>> | null;
}

export interface MonitorOutcome {
  readonly monitor: Monitor;
  readonly scan: ScanResult;
  readonly jobs: readonly Job[];
  readonly changes: readonly Change[];
}

export interface AttemptOptions {
  /** Delay before the first retry; it doubles with each further attempt. */
  readonly retryBaseMs: number;
  readonly artifactsDir?: string;
}

/** The part of the world scanning touches. */
export interface AttemptEdges {
  readonly clock: () => Date;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly progress: RunProgress;
  readonly signal?: AbortSignal;
}

/**
 * Scans one monitor, retrying transient failures with backoff; every attempt becomes a job
 * record. Returns undefined when the run was interrupted before a final attempt finished.
 */
export async function scanMonitor(
  decision: DueDecision,
  runId: string,
  scanner: Scanner,
  options: AttemptOptions,
  edges: AttemptEdges,
): Promise<ScannedMonitor | undefined> {
  const { monitor } = decision;
  const jobs: Job[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const attemptStarted = edges.clock();
    const outcome = await scanner.scan({
      url: monitor.url,
      monitor: monitor.id,
      settings: monitor.scan,
      rulesHash: monitor.rulesHash,
      ...(options.artifactsDir ? { artifactsDir: options.artifactsDir } : {}),
      ...(edges.signal ? { signal: edges.signal } : {}),
    });
    // An aborted scan says nothing about the site: it is not recorded.
    if (edges.signal?.aborted) return undefined;
    const final = !isTransientFailure(outcome.result) || attempt > monitor.scan.retries;
    const timing = { runId, scheduledFor: decision.scheduledFor, startedAt: attemptStarted, completedAt: edges.clock(), attempt };
    const job = jobRecord(outcome.result, timing, final);
    jobs.push(job);
    const retryInMs = final ? null : backoffMs(attempt, options.retryBaseMs);
    edges.progress.attempt(job, retryInMs);
    if (retryInMs === null) return { monitor, scan: outcome.result, jobs, blockTexts: outcome.blockTexts };
    try {
      await edges.sleep(retryInMs, edges.signal);
    } catch (error) {
      if (edges.signal?.aborted) return undefined;
      throw error;
    }
  }
}

/**
 * Records a monitor's scan: detects changes against its stored history, takes the alerts the
 * channels owe, and commits scan, jobs, changes and alerts together through a journal.
 */
export async function recordScan(
  scanned: ScannedMonitor,
  run: { readonly runId: string; readonly now: Date; readonly channels: Channels },
  targets: JournalTargets,
): Promise<MonitorOutcome> {
  const { monitor, scan, jobs } = scanned;
  const history = await targets.store.scans(monitor.id, { limit: historyDepth(monitor) });
  const blockTexts = { ...(await targets.store.blockTexts(monitor.id)), ...scanned.blockTexts };
  const changes = detectChanges({ monitor, history, scan, blockTexts });
  await commitJournal(targets, {
    schemaVersion: SCHEMA_VERSION,
    monitor: monitor.id,
    runId: run.runId,
    scan,
    jobs: [...jobs],
    changes,
    ...owedTo(run.channels, monitor, changes, run.now),
    blockTexts: scanned.blockTexts === null ? null : blockTextsToKeep(blockTexts, [...history, scan]),
  });
  return { monitor, scan, jobs, changes };
}
