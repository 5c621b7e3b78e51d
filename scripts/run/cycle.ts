import pLimit from 'p-limit';
import { deliverAll, owedTo, type AlertQueue, type Channels, type DeliveryReport, type NotifyReport } from '../alerts/index.ts';
import { detectChanges, historyDepth } from '../changes/index.ts';
import { blockTextsToKeep } from '../changes/kinds/content.ts';
import type { MonitorConfig } from '../monitors/load.ts';
import type { Change } from '../schema/change.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import type { Job } from '../schema/job.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { RunRecord } from '../schema/run.ts';
import type { ScanResult } from '../schema/scan.ts';
import type { Scanner } from '../scan/contract.ts';
import { lastCoveredTimes } from '../schedule/coverage.ts';
import { due, type DueDecision } from '../schedule/due.ts';
import type { Store } from '../store/store.ts';
import { commitJournal, replayJournals, type JournalTargets } from './journal.ts';
import type { RunProgress } from './progress.ts';
import { jobRecord, runIdFor, runRecord } from './records.ts';
import { backoffMs, isTransientFailure } from './retry.ts';

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

export interface MonitorOutcome {
  readonly monitor: Monitor;
  readonly scan: ScanResult;
  readonly jobs: readonly Job[];
  readonly changes: readonly Change[];
}

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

/**
 * One monitoring cycle: finish any interrupted work, decide what is due, scan it through a
 * bounded pool with retries, detect changes and queue alerts with each scan, then send the
 * digests and notifications that are due. A failing site is data, not a crash.
 */
export async function runCycle(config: MonitorConfig, options: RunOptions, edges: RunEdges): Promise<RunReport> {
  const startedAt = edges.clock();
  const runId = runIdFor(startedAt);
  const targets: JournalTargets = { store: edges.store, queue: edges.queue };
  const recovered = options.dryRun ? [] : await replayJournals(targets);
  const decisions = due(config.monitors, await lastCoveredTimes(edges.store, config.monitors), options.now, {
    only: options.only,
    force: options.force,
  });
  const dueNow = decisions.filter((decision) => decision.due);
  if (options.dryRun) {
    return { run: null, decisions, outcomes: [], jobs: [], changes: [], recovered, delivery: null, notified: null };
  }

  const outcomes = dueNow.length > 0 ? await scanAll(dueNow, runId, options, edges, targets) : [];
  const interrupted = edges.signal?.aborted ?? false;
  const delivery = interrupted ? null : await deliverAll(edges.channels, edges.queue, options.now);
  const jobs = outcomes.flatMap((outcome) => outcome.jobs);
  const changes = outcomes.flatMap((outcome) => outcome.changes);
  const digests = { sent: delivery?.digests.sent ?? 0, failed: delivery?.digests.failed ?? 0 };
  const worthRecording = outcomes.length > 0 || interrupted || digests.sent + digests.failed > 0;
  const run = worthRecording
    ? runRecord({
        runId,
        trigger: options.trigger,
        now: options.now,
        startedAt,
        completedAt: edges.clock(),
        interrupted,
        monitors: config.monitors.length,
        due: dueNow.length,
        skipped: decisions.filter((decision) => !decision.due && decision.monitor.enabled).length,
        scans: outcomes.map((outcome) => outcome.scan),
        jobs,
        changes,
        digests,
      })
    : null;
  if (run) await edges.store.appendRun(run);
  return { run, decisions, outcomes, jobs, changes, recovered, delivery: delivery?.digests ?? null, notified: delivery?.notified ?? null };
}

async function scanAll(
  dueNow: readonly DueDecision[],
  runId: string,
  options: RunOptions,
  edges: RunEdges,
  targets: JournalTargets,
): Promise<MonitorOutcome[]> {
  const scanner = await edges.openScanner();
  const outcomes: MonitorOutcome[] = [];
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
            const outcome = await scanWithRetries(decision, runId, scanner, options, edges, targets);
            if (outcome) outcomes.push(outcome);
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
  return outcomes.sort((a, b) => a.monitor.id.localeCompare(b.monitor.id));
}

/**
 * Scans one monitor, retrying transient failures with backoff; every attempt becomes a job
 * record. The final attempt's scan, its changes and the alerts they raise are committed
 * together. Returns undefined when the run was interrupted before a final attempt finished.
 */
async function scanWithRetries(
  decision: DueDecision,
  runId: string,
  scanner: Scanner,
  options: RunOptions,
  edges: RunEdges,
  targets: JournalTargets,
): Promise<MonitorOutcome | undefined> {
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
    if (retryInMs === null) {
      const history = await edges.store.scans(monitor.id, { limit: historyDepth(monitor) });
      const blockTexts = { ...(await edges.store.blockTexts(monitor.id)), ...outcome.blockTexts };
      const changes = detectChanges({ monitor, history, scan: outcome.result, blockTexts });
      await commitJournal(targets, {
        schemaVersion: SCHEMA_VERSION,
        monitor: monitor.id,
        runId,
        scan: outcome.result,
        jobs,
        changes,
        ...owedTo(edges.channels, monitor, changes, options.now),
        blockTexts: outcome.blockTexts === null ? null : blockTextsToKeep(blockTexts, [...history, outcome.result]),
      });
      return { monitor, scan: outcome.result, jobs, changes };
    }
    try {
      await edges.sleep(retryInMs, edges.signal);
    } catch (error) {
      if (edges.signal?.aborted) return undefined;
      throw error;
    }
  }
}
