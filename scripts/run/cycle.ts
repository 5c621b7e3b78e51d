import pLimit from 'p-limit';
import { deliverAll, type AlertQueue, type Channels, type DeliveryReport, type NotifyReport } from '../alerts/index.ts';
import type { MonitorConfig } from '../monitors/load.ts';
import type { Change } from '../schema/change.ts';
import type { Job } from '../schema/job.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { RunRecord } from '../schema/run.ts';
import type { Scanner } from '../scan/contract.ts';
import { lastCoveredTimes } from '../schedule/coverage.ts';
import { due, type DueDecision } from '../schedule/due.ts';
import { compareIds } from '../schedule/shards.ts';
import type { Store } from '../store/store.ts';
import { replayJournals, type JournalTargets } from './journal.ts';
import { recordScan, scanMonitor, type MonitorOutcome, type ScannedMonitor } from './monitor-scan.ts';
import type { RunProgress } from './progress.ts';
import { runIdFor, runRecord } from './records.ts';

export interface RunOptions {
  readonly now: Date;
  readonly only: readonly string[];
  readonly force: boolean;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly trigger: RunRecord['trigger'];
  /** Delay before the first retry; it doubles with each further attempt. */
  readonly retryBaseMs: number;
  readonly artifactsDir?: string;
  /** The run's id; by default from its start time. A fanned-out run's shards and merge share one. */
  readonly runId?: string;
}

/** The world the run touches, passed in so tests and the demo control it. */
export interface RunEdges {
  readonly store: Store;
  readonly queue: AlertQueue;
  /** Called only when something is due, so a run with nothing to do never starts a browser. */
  readonly openScanner: () => Promise<Scanner>;
  /** Email (SMTP or the outbox), webhooks and GitHub issues, each on or off as configured. */
  readonly channels: Channels;
  /** Wall-clock time for job timings (decisions use `options.now`). */
  readonly clock: () => Date;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly progress: RunProgress;
  /** Aborted on SIGINT/SIGTERM: no new scans start, in-flight ones end, records are kept whole. */
  readonly signal?: AbortSignal;
}

/** What scanning needs of the world: a shard touches only this (it records nothing in data/). */
export type ScanEdges = Pick<RunEdges, 'openScanner' | 'clock' | 'sleep' | 'progress' | 'signal'>;

export interface RunReport {
  /** Null for a dry run and for a run that neither scanned nor delivered anything (not recorded). */
  readonly run: RunRecord | null;
  readonly decisions: readonly DueDecision[];
  readonly outcomes: readonly MonitorOutcome[];
  readonly jobs: readonly Job[];
  readonly changes: readonly Change[];
  /** Monitors whose unapplied work from a killed run was replayed first. */
  readonly recovered: readonly string[];
  /** Null for a dry run and an interrupted one. */
  readonly delivery: DeliveryReport | null;
  readonly notified: NotifyReport | null;
}

export type { MonitorOutcome };

/**
 * One monitoring cycle: finish any interrupted work, decide what is due, scan it through a
 * bounded pool with retries, detect changes and queue alerts with each scan, then send the
 * digests and notifications that are due. A failing site is data, not a crash.
 */
export async function runCycle(config: MonitorConfig, options: RunOptions, edges: RunEdges): Promise<RunReport> {
  const startedAt = edges.clock();
  const runId = options.runId ?? runIdFor(startedAt);
  const targets: JournalTargets = { store: edges.store, queue: edges.queue };
  const recovered = options.dryRun ? [] : await replayJournals(targets);
  const decisions = await decide(config, options, edges.store);
  const dueNow = decisions.filter((decision) => decision.due);
  if (options.dryRun) {
    return { run: null, decisions, outcomes: [], jobs: [], changes: [], recovered, delivery: null, notified: null };
  }

  const record = (scanned: ScannedMonitor) => recordScan(scanned, { runId, now: options.now, channels: edges.channels }, targets);
  const outcomes = dueNow.length > 0 ? await scanAll(dueNow, runId, options, edges, record) : [];
  return finishRun(config, options, edges, { runId, startedAt, decisions, outcomes, lostJobs: [], recovered });
}

/** Which monitors are due at `options.now`, from their last covered schedule times in the store. */
export async function decide(config: MonitorConfig, options: Pick<RunOptions, 'now' | 'only' | 'force'>, store: Store): Promise<DueDecision[]> {
  return due(config.monitors, await lastCoveredTimes(store, config.monitors), options.now, { only: options.only, force: options.force });
}

export interface RunWork {
  readonly runId: string;
  readonly startedAt: Date;
  readonly decisions: readonly DueDecision[];
  /** The recorded scans, in monitor-id order. */
  readonly outcomes: readonly MonitorOutcome[];
  /** Job records of due monitors whose scan never arrived (a lost shard), already stored. */
  readonly lostJobs: readonly Job[];
  readonly recovered: readonly string[];
}

/**
 * The end of every run, unsharded or merged: send what is due (unless interrupted) and append
 * the run record, counted from the stored records.
 */
export async function finishRun(config: MonitorConfig, options: RunOptions, edges: RunEdges, work: RunWork): Promise<RunReport> {
  const { runId, startedAt, decisions, outcomes, lostJobs, recovered } = work;
  const interrupted = edges.signal?.aborted ?? false;
  const delivery = interrupted ? null : await deliverAll(edges.channels, edges.queue, options.now);
  const jobs = [...outcomes.flatMap((outcome) => outcome.jobs), ...lostJobs];
  const changes = outcomes.flatMap((outcome) => outcome.changes);
  const digests = { sent: delivery?.digests.sent ?? 0, failed: delivery?.digests.failed ?? 0 };
  const worthRecording = outcomes.length + lostJobs.length > 0 || interrupted || digests.sent + digests.failed > 0;
  const run = worthRecording
    ? runRecord({
        runId,
        trigger: options.trigger,
        now: options.now,
        startedAt,
        completedAt: edges.clock(),
        interrupted,
        monitors: config.monitors.length,
        due: decisions.filter((decision) => decision.due).length,
        skipped: decisions.filter((decision) => !decision.due && decision.monitor.enabled).length,
        scans: outcomes.map((outcome) => outcome.scan),
        lost: lostJobs.length,
        jobs,
        changes,
        digests,
      })
    : null;
  if (run) await edges.store.appendRun(run);
  return { run, decisions, outcomes, jobs, changes, recovered, delivery: delivery?.digests ?? null, notified: delivery?.notified ?? null };
}

/**
 * Scans the due monitors through a bounded pool, handing each finished scan to `settle` (an
 * unsharded run records it at once; a shard keeps it for the merge). Results in id order.
 */
export async function scanAll<T extends { readonly monitor: Monitor }>(
  dueNow: readonly DueDecision[],
  runId: string,
  options: Pick<RunOptions, 'concurrency' | 'retryBaseMs' | 'artifactsDir'>,
  edges: ScanEdges,
  settle: (scanned: ScannedMonitor) => Promise<T>,
): Promise<T[]> {
  const scanner = await edges.openScanner();
  const settledScans: T[] = [];
  edges.progress.started(dueNow.length);
  try {
    const limit = pLimit(options.concurrency);
    // A failure (a disk that refuses the records) starts no further scan, but the scans already
    // running finish their writes before it is thrown, so none is cut off half-way.
    let failed = false;
    const settled = await Promise.allSettled(
      dueNow.map((decision) =>
        limit(async () => {
          if (edges.signal?.aborted || failed) return;
          try {
            const scanned = await scanMonitor(decision, runId, scanner, options, edges);
            if (scanned) settledScans.push(await settle(scanned));
          } catch (error) {
            failed = true;
            throw error;
          }
        }),
      ),
    );
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    edges.progress.finished();
    await scanner.close();
  }
  return settledScans.sort((a, b) => compareIds(a.monitor.id, b.monitor.id));
}
