/**
 * How a run's due monitors are split across parallel scanning jobs. Pure: the same monitors
 * and costs give the same shards, so every shard of a run recomputes its own share from the
 * same checkout and `--now` instead of being handed a list.
 */

/** Scans a job runs at once when `run --concurrency` is not given. */
export const DEFAULT_SCAN_CONCURRENCY = 5;
/** The estimated cost of a monitor never scanned: a standard scan of a real site, retries aside. */
export const DEFAULT_SCAN_COST_MS = 15_000;
const MS_PER_MINUTE = 60_000;

export interface MonitorCost {
  readonly id: string;
  /** Estimated wall time of its scan, attempts included. */
  readonly costMs: number;
}

export interface FanOutLimits {
  readonly targetShardMinutes: number;
  readonly maxShards: number;
  /** Scans one job runs at once: a job's duration is its summed cost over this. */
  readonly concurrency: number;
}

/** Enough jobs that none runs past the target, never more than the user allows, never more than monitors. */
export function shardCount(costs: readonly MonitorCost[], limits: FanOutLimits): number {
  if (costs.length === 0) return 1;
  const totalMs = costs.reduce((sum, monitor) => sum + monitor.costMs, 0);
  const wanted = Math.ceil(totalMs / limits.concurrency / (limits.targetShardMinutes * MS_PER_MINUTE));
  return Math.max(1, Math.min(wanted, limits.maxShards, costs.length));
}

/**
 * The monitors of each shard (index 0 is shard 1), each list sorted by id. Longest cost first,
 * each to the least loaded shard (ties: the one with fewer monitors, then the lower shard);
 * equal costs go in id order. Every
 * monitor lands in exactly one shard, and no shard ends more than one monitor's cost above
 * the lightest.
 */
export function assignShards(costs: readonly MonitorCost[], count: number): string[][] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be a positive integer, not ${count}`);
  const shards = Array.from({ length: count }, () => ({ loadMs: 0, ids: [] as string[] }));
  const order = [...costs].sort((a, b) => b.costMs - a.costMs || compareIds(a.id, b.id));
  for (const monitor of order) {
    let lightest = 0;
    for (let index = 1; index < count; index += 1) {
      if (lighter(shards[index], shards[lightest])) lightest = index;
    }
    const shard = shards[lightest];
    if (!shard) continue;
    shard.loadMs += monitor.costMs;
    shard.ids.push(monitor.id);
  }
  return shards.map((shard) => shard.ids.sort(compareIds));
}

/** Less load, or as much with fewer monitors (so monitors of unknown or zero cost still spread). */
function lighter(a: { loadMs: number; ids: string[] } | undefined, b: { loadMs: number; ids: string[] } | undefined): boolean {
  if (!a || !b) return false;
  return a.loadMs < b.loadMs || (a.loadMs === b.loadMs && a.ids.length < b.ids.length);
}

/** Byte order, not the locale's: every runner, shard and merge sorts the same. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
