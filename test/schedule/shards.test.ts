import { describe, expect, it } from 'vitest';
import { recentScanCosts } from '../../scripts/schedule/costs.ts';
import { assignShards, DEFAULT_SCAN_COST_MS, shardCount, type MonitorCost } from '../../scripts/schedule/shards.ts';
import { openStore } from '../../scripts/store/store.ts';
import { job } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';

/** A seeded stream of costs (so cases are reproducible without hard-coding them). */
function costs(count: number, seed: number): MonitorCost[] {
  let state = seed;
  return Array.from({ length: count }, (_, index) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return { id: `org${index % 7}/site-${index}`, costMs: 1000 + (state % 60_000) };
  });
}

const load = (shard: readonly string[], all: readonly MonitorCost[]) =>
  shard.reduce((sum, id) => sum + (all.find((monitor) => monitor.id === id)?.costMs ?? 0), 0);

describe('assignShards', () => {
  it.each([
    [10, 3, 1],
    [100, 4, 2],
    [1000, 10, 3],
    [7, 7, 4],
    [3, 5, 5],
  ])('%i monitors in %i shards (seed %i): complete, disjoint, balanced within one monitor, deterministic', (count, shards, seed) => {
    const all = costs(count, seed);
    const assigned = assignShards(all, shards);
    expect(assigned).toHaveLength(shards);
    expect(assigned.flat().sort()).toEqual(all.map((monitor) => monitor.id).sort());
    const loads = assigned.map((shard) => load(shard, all));
    const heaviestMonitor = Math.max(...all.map((monitor) => monitor.costMs));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(heaviestMonitor);
    // The same answer whatever order the monitors come in.
    expect(assignShards([...all].reverse(), shards)).toEqual(assigned);
    for (const shard of assigned) expect(shard).toEqual([...shard].sort());
  });

  it('spreads monitors of equal (or unknown) cost evenly by count', () => {
    const same = Array.from({ length: 10 }, (_, index) => ({ id: `acme/m${index}`, costMs: 0 }));
    expect(assignShards(same, 3).map((shard) => shard.length)).toEqual([4, 3, 3]);
  });

  it('refuses a shard count that is not a positive integer', () => {
    expect(() => assignShards([], 0)).toThrow(RangeError);
  });
});

describe('shardCount', () => {
  const minutes = (count: number, each: number) => Array.from({ length: count }, (_, index) => ({ id: `acme/m${index}`, costMs: each * 60_000 }));
  it.each([
    ['nothing due', [], { targetShardMinutes: 20, maxShards: 10, concurrency: 5 }, 1],
    ['fits one job', minutes(50, 1), { targetShardMinutes: 20, maxShards: 10, concurrency: 5 }, 1],
    ['just past the target', minutes(101, 1), { targetShardMinutes: 20, maxShards: 10, concurrency: 5 }, 2],
    ['capped by maxShards', minutes(5000, 1), { targetShardMinutes: 20, maxShards: 10, concurrency: 5 }, 10],
    ['never more shards than monitors', minutes(3, 600), { targetShardMinutes: 20, maxShards: 10, concurrency: 5 }, 3],
    ['maxShards 1 never fans out', minutes(5000, 1), { targetShardMinutes: 20, maxShards: 1, concurrency: 5 }, 1],
  ])('%s', (_, monitors, limits, expected) => {
    expect(shardCount(monitors, limits)).toBe(expected);
  });
});

describe('recentScanCosts', () => {
  it("sums the attempts of a monitor's last scanned run, skips lost-shard records, defaults when never scanned", async () => {
    const store = openStore(await tempDir());
    await store.appendJobs([
      job({ id: 'a1', monitor: 'acme/a', runId: 'run-1', durationMs: 9000, startedAt: '2026-11-28T06:00:00.000Z' }),
      job({ id: 'a2', monitor: 'acme/a', runId: 'run-2', durationMs: 4000, attempt: 1, startedAt: '2026-11-28T12:00:00.000Z' }),
      job({ id: 'a3', monitor: 'acme/a', runId: 'run-2', durationMs: 3000, attempt: 2, startedAt: '2026-11-28T12:00:05.000Z' }),
      job({
        id: 'a4',
        monitor: 'acme/a',
        runId: 'run-3',
        durationMs: 0,
        scanId: null,
        status: 'failed',
        error: { kind: 'shard_lost', message: 'lost' },
        startedAt: '2026-11-28T18:00:00.000Z',
      }),
    ]);
    expect(await recentScanCosts(store, ['acme/a', 'acme/new'])).toEqual([
      { id: 'acme/a', costMs: 7000 },
      { id: 'acme/new', costMs: DEFAULT_SCAN_COST_MS },
    ]);
  });
});
