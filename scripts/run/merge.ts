import { UsageError } from '../errors.ts';
import { historyDepth } from '../changes/index.ts';
import type { MonitorConfig } from '../monitors/load.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { ShardOutput, ShardScan } from '../schema/shard.ts';
import { compareIds } from '../schedule/shards.ts';
import { decide, finishRun, type RunEdges, type RunOptions, type RunReport } from './cycle.ts';
import { replayJournals, type JournalTargets } from './journal.ts';
import { recordScan, type MonitorOutcome } from './monitor-scan.ts';
import { lostJobRecord } from './records.ts';

/**
 * The final job of a fanned-out run: takes the shards' outputs and does what an unsharded run
 * does after scanning — detection against stored history, alerts, journals, delivery, the run
 * record — once, in monitor-id order, with the same code. A due monitor no output scanned
 * (its shard failed, was cancelled or never uploaded) gets a failed `shard_lost` job record
 * and is due again next run. Merging the same outputs again changes nothing: a scan already
 * stored is skipped, and every other append is idempotent by id.
 */
export async function runMerge(
  config: MonitorConfig,
  options: RunOptions & { readonly runId: string },
  edges: RunEdges,
  outputs: readonly ShardOutput[],
): Promise<RunReport> {
  const startedAt = edges.clock();
  requireOneRun(outputs, options);
  const targets: JournalTargets = { store: edges.store, queue: edges.queue };
  // Decided before any replay, from the data the shards decided with.
  const decisions = await decide(config, options, edges.store);
  const recovered = await replayJournals(targets);
  const scans = scansByMonitor(outputs);
  const monitors = new Map(config.monitors.map((monitor) => [monitor.id, monitor]));

  const outcomes: MonitorOutcome[] = [];
  for (const [id, shardScan] of [...scans].sort(([a], [b]) => compareIds(a, b))) {
    if (edges.signal?.aborted) break;
    const monitor = monitors.get(id);
    if (!monitor)
      throw new UsageError(`shard ${shardScan.shard}/${shardScan.shards} scanned "${id}", which is not among the monitors (configs changed since the plan?)`);
    if (await alreadyStored(edges, monitor, shardScan.scan.id)) continue;
    const scanned = { monitor, scan: shardScan.scan, jobs: shardScan.jobs, blockTexts: shardScan.blockTexts };
    outcomes.push(await recordScan(scanned, { runId: options.runId, now: options.now, channels: edges.channels }, targets));
  }

  const missing = missingShards(outputs);
  const message = `its shard's output never arrived${missing.length > 0 ? ` (missing: ${missing.join(', ')})` : ''}; due again at the next run`;
  const lostJobs = edges.signal?.aborted
    ? []
    : decisions
        .filter((decision) => decision.due && !scans.has(decision.monitor.id))
        .map((decision) => lostJobRecord(decision.monitor.id, options.runId, decision.scheduledFor, options.now, message));
  await edges.store.appendJobs(lostJobs);

  // The run began when its first shard did.
  const firstStart = new Date(Math.min(startedAt.getTime(), ...outputs.map((output) => Date.parse(output.startedAt))));
  return finishRun(config, options, edges, { runId: options.runId, startedAt: firstStart, decisions, outcomes, lostJobs, recovered });
}

/** Outputs of another run (another `--now`, another run id) are refused, not mixed in. */
function requireOneRun(outputs: readonly ShardOutput[], options: Pick<RunOptions, 'now'> & { readonly runId: string }): void {
  for (const output of outputs) {
    if (output.runId !== options.runId || output.now !== options.now.toISOString()) {
      throw new UsageError(
        `shard ${output.shard}/${output.shards} belongs to run ${output.runId} (now ${output.now}), not to ${options.runId} (now ${options.now.toISOString()}): merge each run's shards with its own --now`,
      );
    }
  }
}

interface ShardScanIn extends ShardScan {
  readonly shard: number;
  readonly shards: number;
}

/** Each monitor's scan; the same output given twice counts once, two different scans of one monitor are refused. */
function scansByMonitor(outputs: readonly ShardOutput[]): Map<string, ShardScanIn> {
  const scans = new Map<string, ShardScanIn>();
  for (const output of outputs) {
    for (const shardScan of output.scans) {
      const known = scans.get(shardScan.monitor);
      if (known && known.scan.id !== shardScan.scan.id) {
        throw new UsageError(
          `"${shardScan.monitor}" was scanned by shard ${known.shard}/${known.shards} and shard ${output.shard}/${output.shards}: the shards did not share one plan`,
        );
      }
      scans.set(shardScan.monitor, { ...shardScan, shard: output.shard, shards: output.shards });
    }
  }
  return scans;
}

async function alreadyStored(edges: RunEdges, monitor: Monitor, scanId: string): Promise<boolean> {
  const history = await edges.store.scans(monitor.id, { limit: historyDepth(monitor) });
  return history.some((scan) => scan.id === scanId);
}

/** The shards of the plan that sent nothing, as `i/n`. */
function missingShards(outputs: readonly ShardOutput[]): string[] {
  const count = Math.max(0, ...outputs.map((output) => output.shards));
  const present = new Set(outputs.map((output) => output.shard));
  return Array.from({ length: count }, (_, index) => index + 1)
    .filter((shard) => !present.has(shard))
    .map((shard) => `${shard}/${count}`);
}
