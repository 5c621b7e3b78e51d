import type { MonitorConfig } from '../monitors/load.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import type { ShardOutput } from '../schema/shard.ts';
import { recentScanCosts } from '../schedule/costs.ts';
import type { DueDecision } from '../schedule/due.ts';
import { assignShards } from '../schedule/shards.ts';
import type { Store } from '../store/store.ts';
import { decide, scanAll, type RunOptions, type ScanEdges } from './cycle.ts';

/** Which share of a fanned-out run: shard `index` (1-based) of `count`. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/**
 * The monitors of one shard. Every shard recomputes the whole plan from the same inputs (the
 * configs and data/ of one commit, the same `now`, only/force and shard count) and takes its
 * part, so the shards agree without being handed lists: each due monitor is in exactly one.
 */
export async function shardShare(
  config: MonitorConfig,
  options: Pick<RunOptions, 'now' | 'only' | 'force'>,
  store: Store,
  shard: ShardSpec,
): Promise<{ readonly decisions: readonly DueDecision[]; readonly share: readonly DueDecision[] }> {
  const decisions = await decide(config, options, store);
  const dueNow = decisions.filter((decision) => decision.due);
  const costs = await recentScanCosts(
    store,
    dueNow.map((decision) => decision.monitor.id),
  );
  const mine = new Set(assignShards(costs, shard.count)[shard.index - 1] ?? []);
  return { decisions, share: dueNow.filter((decision) => mine.has(decision.monitor.id)) };
}

/**
 * One scanning job of a fanned-out run: scans its share with the same pool and retries as an
 * unsharded run, and returns what it saw for the merge job. It reads data/ (to decide) but
 * writes nothing there, commits nothing and sends nothing.
 */
export async function runShard(
  config: MonitorConfig,
  options: RunOptions & { readonly runId: string },
  edges: ScanEdges & { readonly store: Store },
  shard: ShardSpec,
): Promise<ShardOutput> {
  const startedAt = edges.clock();
  const { share } = await shardShare(config, options, edges.store, shard);
  const scans = share.length > 0 ? await scanAll(share, options.runId, options, edges, async (scanned) => scanned) : [];
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: options.runId,
    shard: shard.index,
    shards: shard.count,
    now: options.now.toISOString(),
    startedAt: startedAt.toISOString(),
    completedAt: edges.clock().toISOString(),
    monitors: share.map((decision) => decision.monitor.id),
    interrupted: edges.signal?.aborted ?? false,
    scans: scans.map((scanned) => ({ monitor: scanned.monitor.id, scan: scanned.scan, jobs: [...scanned.jobs], blockTexts: scanned.blockTexts })),
  };
}
