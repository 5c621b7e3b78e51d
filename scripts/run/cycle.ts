import pLimit from 'p-limit';
import type { MonitorConfig } from '../monitors/load.ts';
import type { Job } from '../schema/job.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { RunRecord } from '../schema/run.ts';
import type { ScanResult } from '../schema/scan.ts';
import type { Change } from '../schema/change.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import type { Scanner, ScanOutcome } from '../scan/contract.ts';
import { lastCoveredTimes } from '../schedule/coverage.ts';
import { due, type DueDecision } from '../schedule/due.ts';
import type { Store } from '../store/store.ts';
import { commitJournal, replayJournals } from './journal.ts';
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
  /** Called only when something is due, so a run with nothing to do never starts a browser. */
  readonly openScanner: () => Promise<Scanner>;
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
  /** Null for a dry run and for a run with nothing due (neither is recorded). */
  readonly run: RunRecord | null;
  readonly decisions: readonly DueDecision[];
  readonly outcomes: readonly MonitorOutcome[];
  readonly jobs: readonly Job[];
  /** Monitors whose unapplied work from a killed run was replayed first. */
  readonly recovered: readonly string[];
}

/**
 * One monitoring cycle: finish any interrupted work, decide what is due, scan it through a
 * bounded pool with retries, and record every attempt. A failing site is data, not a crash.
 */
export async function runCycle(config: MonitorConfig, options: RunOptions, edges: RunEdges): Promise<RunReport> {
  const startedAt = edges.clock();
  const runId = runIdFor(startedAt);
  const recovered = options.dryRun ? [] : await replayJournals(edges.store);
  const lastScans = await lastCoveredTimes(edges.store, config.monitors);
  const decisions = due(config.monitors, lastScans, options.now, { only: options.only, force: options.force });
  const dueNow = decisions.filter((decision) => decision.due);
  const nothingToRecord = { run: null, decisions, outcomes: [], jobs: [], recovered };
  if (options.dryRun || dueNow.length === 0) return nothingToRecord;

  const scanner = await edges.openScanner();
  const outcomes: MonitorOutcome[] = [];
  edges.progress.started(dueNow.length);
  try {
    const limit = pLimit(options.concurrency);
    await Promise.all(
      dueNow.map((decision) =>
        limit(async () => {
          if (edges.signal?.aborted) return;
          const outcome = await scanWithRetries(decision, runId, scanner, options, edges);
          if (outcome) outcomes.push(outcome);
        }),
      ),
    );
  } finally {
    edges.progress.finished();
    await scanner.close();
  }

  outcomes.sort((a, b) => a.monitor.id.localeCompare(b.monitor.id));
  const jobs = outcomes.flatMap((outcome) => outcome.jobs);
  const run = runRecord({
    runId,
    trigger: options.trigger,
    now: options.now,
    startedAt,
    completedAt: edges.clock(),
    interrupted: edges.signal?.aborted ?? false,
    monitors: config.monitors.length,
    due: dueNow.length,
    skipped: decisions.filter((decision) => !decision.due && decision.monitor.enabled).length,
    scans: outcomes.map((outcome) => outcome.scan),
    jobs,
    changes: outcomes.flatMap((outcome) => outcome.changes),
    digests: { sent: 0, failed: 0 },
  });
  await edges.store.appendRun(run);
  return { run, decisions, outcomes, jobs, recovered };
}

/**
 * Scans one monitor, retrying transient failures with backoff; every attempt becomes a job
 * record. Returns undefined when the run was interrupted before a final attempt finished.
 */
async function scanWithRetries(
  decision: DueDecision,
  runId: string,
  scanner: Scanner,
  options: RunOptions,
  edges: RunEdges,
): Promise<MonitorOutcome | undefined> {
  const { monitor } = decision;
  const jobs: Job[] = [];
  for (let attempt = 1; ; attempt += 1) {
    const attemptStarted = edges.clock();
    const outcome: ScanOutcome = await scanner.scan({
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
      const changes: Change[] = [];
      await commitJournal(edges.store, {
        schemaVersion: SCHEMA_VERSION,
        monitor: monitor.id,
        runId,
        scan: outcome.result,
        jobs,
        changes,
        alerts: [],
        notifications: [],
        text: outcome.text,
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
