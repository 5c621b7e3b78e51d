import { cp, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMailer, openAlertQueue, openChannels } from '../../scripts/alerts/index.ts';
import { UsageError } from '../../scripts/errors.ts';
import type { MonitorConfig } from '../../scripts/monitors/load.ts';
import { decide, runCycle, type RunEdges, type RunOptions } from '../../scripts/run/cycle.ts';
import { runMerge } from '../../scripts/run/merge.ts';
import { silentProgress } from '../../scripts/run/progress.ts';
import { runIdFor } from '../../scripts/run/records.ts';
import { runShard, shardShare } from '../../scripts/run/shard.ts';
import type { Scanner, ScanRequest } from '../../scripts/scan/contract.ts';
import type { ShardOutput } from '../../scripts/schema/shard.ts';
import { readShardOutputs, writeShardOutput } from '../../scripts/store/shard-outputs.ts';
import { openStore } from '../../scripts/store/store.ts';
import { tempDir } from '../helpers/temp.ts';
import { hostOf, scriptedConfig, scriptedOutcome, type Step } from './scripted.ts';

/**
 * A fanned-out run (shards + merge) against an unsharded run on the same inputs, with a
 * scripted scanner and a clock that stands still, so that every record — timings included —
 * must come out byte for byte the same. (With a real clock only the wall-clock fields differ:
 * the jobs' and the run's startedAt, completedAt and durationMs.)
 */

const FIRST = new Date('2026-11-28T12:30:00.000Z');
const SECOND = new Date('2026-11-28T18:30:00.000Z');
const SHARDS = 3;
const ALERTS = 'alerts:\n  recipients: [intel@acme.example]\n  digest: immediate\n';
const MONITORS: Readonly<Record<string, string>> = { steady: ALERTS, flaky: '', down: ALERTS, gone: '', calm: '', wobbly: 'scan:\n  retries: 1\n' };
const SCRIPT: Readonly<Record<string, readonly Step[]>> = { flaky: ['timeout', 'ok'], down: ['dns'], gone: [404], wobbly: ['timeout'] };

const config = (): MonitorConfig => scriptedConfig(MONITORS);

/** Plays each host's steps (repeating the last); results depend only on the host, the attempt and `scannedAt`. */
function scriptedScanner(scannedAt: string): Scanner {
  const played = new Map<string, number>();
  return {
    maxDepth: 'standard',
    async scan(request: ScanRequest) {
      const host = hostOf(request);
      const attempt = played.get(host) ?? 0;
      played.set(host, attempt + 1);
      const steps = SCRIPT[host] ?? ['ok'];
      const step = steps[Math.min(attempt, steps.length - 1)] ?? 'ok';
      return scriptedOutcome(request, step, scannedAt, attempt);
    },
    async close() {},
  };
}

const options = (now: Date, overrides: Partial<RunOptions> = {}): RunOptions & { runId: string } => ({
  now,
  only: [],
  force: false,
  concurrency: 1,
  dryRun: false,
  trigger: 'schedule',
  retryBaseMs: 1000,
  runId: runIdFor(now),
  ...overrides,
});

async function edges(dataDir: string, loaded: MonitorConfig, now: Date, signal?: AbortSignal): Promise<RunEdges> {
  const mailer = createMailer({}, await tempDir());
  return {
    store: openStore(dataDir),
    queue: openAlertQueue(dataDir),
    openScanner: async () => scriptedScanner(now.toISOString()),
    channels: openChannels({ env: {}, monitors: loaded.monitors, settings: loaded.settings, siteBaseUrl: null, mailer }),
    clock: () => now,
    sleep: async () => {},
    progress: silentProgress,
    ...(signal ? { signal } : {}),
  };
}

/** Every file under `dir` by its relative path. */
async function tree(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files: Record<string, string> = {};
  for (const entry of entries.filter((item) => item.isFile()).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = await readFile(path, 'utf8');
  }
  return files;
}

/** data/ after one unsharded baseline run: the second run then has history to compare with. */
async function baseline(loaded: MonitorConfig): Promise<string> {
  const dir = await tempDir();
  await runCycle(loaded, options(FIRST), await edges(dir, loaded, FIRST));
  return dir;
}

async function copyOf(dir: string): Promise<string> {
  const copy = await tempDir();
  await cp(dir, copy, { recursive: true });
  return copy;
}

/** Runs the given shards of the second run, each with its own scanner, and writes their outputs. */
async function runShards(dataDir: string, loaded: MonitorConfig, shards: readonly number[], abortedShards: readonly number[] = []): Promise<string> {
  const outDir = await tempDir();
  for (const index of shards) {
    const controller = new AbortController();
    if (abortedShards.includes(index)) controller.abort();
    const { store, openScanner, clock, sleep, progress } = await edges(dataDir, loaded, SECOND);
    const output = await runShard(loaded, options(SECOND), { store, openScanner, clock, sleep, progress, signal: controller.signal }, { index, count: SHARDS });
    await writeShardOutput(outDir, output);
  }
  return outDir;
}

describe('a fanned-out run', () => {
  it('gives every due monitor to exactly one shard, the same in every shard', async () => {
    const loaded = config();
    const data = await baseline(loaded);
    const shares = [];
    for (let index = 1; index <= SHARDS; index += 1) {
      const { share } = await shardShare(loaded, options(SECOND), openStore(data), { index, count: SHARDS });
      shares.push(share.map((decision) => decision.monitor.id));
    }
    const due = (await decide(loaded, options(SECOND), openStore(data))).filter((decision) => decision.due).map((decision) => decision.monitor.id);
    expect(shares.flat().sort()).toEqual([...due].sort());
    expect(due).toHaveLength(Object.keys(MONITORS).length);
    expect(shares.every((share) => share.length > 0)).toBe(true);
  });

  it('writes nothing into data/ from a shard', async () => {
    const loaded = config();
    const data = await baseline(loaded);
    const before = await tree(data);
    await runShards(data, loaded, [1, 2, 3]);
    expect(await tree(data)).toEqual(before);
  });

  it('records the same scans, jobs, changes, alerts and run as one unsharded run, and merging again changes nothing', async () => {
    const loaded = config();
    const base = await baseline(loaded);
    const unsharded = await copyOf(base);
    const sharded = await copyOf(base);

    const single = await runCycle(loaded, options(SECOND), await edges(unsharded, loaded, SECOND));
    const outputs = await readShardOutputs([await runShards(sharded, loaded, [1, 2, 3])]);
    expect(outputs.map((output) => output.shard)).toEqual([1, 2, 3]);
    const merged = await runMerge(loaded, options(SECOND), await edges(sharded, loaded, SECOND), outputs);

    // The run did something worth comparing: retries, a failure, a change, an alert delivered.
    expect(single.jobs.some((job) => job.attempt > 1)).toBe(true);
    expect(single.changes.map((change) => change.type)).toContain('site_down');
    expect(single.run?.digests.sent).toBeGreaterThan(0);
    expect(merged.changes.map((change) => change.id)).toEqual(single.changes.map((change) => change.id));
    expect(merged.jobs.map((job) => job.id).sort()).toEqual(single.jobs.map((job) => job.id).sort());
    expect(merged.outcomes.map((outcome) => outcome.scan.id)).toEqual(single.outcomes.map((outcome) => outcome.scan.id));
    expect(merged.run).toEqual(single.run);
    const after = await tree(sharded);
    expect(after).toEqual(await tree(unsharded));

    const again = await runMerge(loaded, options(SECOND), await edges(sharded, loaded, SECOND), outputs);
    expect(again.outcomes).toEqual([]);
    expect(await tree(sharded)).toEqual(after);
  });

  it.each([
    ['never uploaded its output', [1, 2], []],
    ['was stopped before it scanned', [1, 2, 3], [3]],
  ])('records the monitors of a shard that %s as failed, and they are due again', async (_, ran, aborted) => {
    const loaded = config();
    const data = await baseline(loaded);
    const { share: lostShare } = await shardShare(loaded, options(SECOND), openStore(data), { index: 3, count: SHARDS });
    const lost = lostShare.map((decision) => decision.monitor.id);
    const outputs = await readShardOutputs([await runShards(data, loaded, ran, aborted)]);
    const report = await runMerge(loaded, options(SECOND), await edges(data, loaded, SECOND), outputs);

    const lostJobs = report.jobs.filter((job) => job.error?.kind === 'shard_lost');
    expect(lostJobs.map((job) => job.monitor).sort()).toEqual([...lost].sort());
    expect(lostJobs.every((job) => job.scanId === null && job.status === 'failed')).toBe(true);
    const store = openStore(data);
    for (const id of lost) expect((await store.jobs(id)).at(-1)?.error?.kind).toBe('shard_lost');
    expect(report.run?.status).toBe('completed');
    expect(report.run?.failed).toBeGreaterThanOrEqual(lost.length);

    const next = await decide(loaded, options(new Date('2026-11-28T19:30:00.000Z')), store);
    expect(
      next
        .filter((decision) => decision.due)
        .map((decision) => decision.monitor.id)
        .sort(),
    ).toEqual([...lost].sort());
  });

  it.each([
    ['another run (another --now)', (output: ShardOutput) => ({ ...output, now: FIRST.toISOString(), runId: runIdFor(FIRST) }), /belongs to run/],
    [
      'a second, different scan of one monitor',
      (output: ShardOutput) => ({ ...output, shard: 2, scans: output.scans.map((entry) => ({ ...entry, scan: { ...entry.scan, id: 'other' } })) }),
      /did not share one plan/,
    ],
  ])('refuses outputs from %s', async (_, change, message) => {
    const loaded = config();
    const data = await baseline(loaded);
    const [first] = await readShardOutputs([await runShards(data, loaded, [1])]);
    if (!first) throw new Error('shard 1 wrote no output');
    const merging = runMerge(loaded, options(SECOND), await edges(data, loaded, SECOND), [first, change(first)]);
    await expect(merging).rejects.toThrow(UsageError);
    await expect(merging).rejects.toThrow(message);
  });
});
