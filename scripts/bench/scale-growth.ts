/**
 * Repository growth at scale, for scripts/bench/scale.ts: `monitors` synthetic monitors
 * (scripts/bench/synthetic.ts) scanned 6-hourly for `days`, written through the store with the
 * records and files a real run writes for each scan (history line, job record, latest.json,
 * content.json, changes, one run record per run) and committed once per run in a temp git
 * repository. With `compact`, the real `techscan compact` runs (a child process) at the time
 * compact.yml is scheduled — the 3rd of each month at 04:41 UTC — and its result is committed.
 *
 * Measured at the end: the packed size of the whole history after a plain `git gc` (and after
 * `git gc --aggressive`), the pack a depth-1 clone (`git clone --depth 1 file://…`) downloads
 * and the data/ it checks out; the depth-1 clone is also measured half way, so its growth in the
 * second half of the period (when compaction is in its steady state) can be projected.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { blockHash } from '../shared/volatile-text.ts';
import { openStore } from '../store/store.ts';
import { startCli } from './cli-process.ts';
import type { CloneSize, GrowthSample } from './scale-projection.ts';
import { folderBytes } from './folder-size.ts';
import { type SyntheticMonitor, syntheticBlocks, syntheticMonitor, syntheticRun, syntheticTimeline, writeSyntheticConfig } from './synthetic.ts';

/** compact.yml's schedule: `41 4 3 * *`. */
const COMPACT_DAY = 3;
const COMPACT_HOUR = 4;
const COMPACT_MINUTE = 41;
const KIB = 1024;

export interface GrowthOptions {
  readonly monitors: number;
  readonly days: number;
  readonly compact: boolean;
  /** The last run's time; the simulated period runs back from here. */
  readonly end: Date;
  /** Told the share of runs committed so far, now and then. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface GrowthFigures extends GrowthSample {
  readonly compactions: number;
  /** `packedBytes` is the data history after `git gc --aggressive` (the whole history minus the first commit, configs only); this after a plain `git gc`. */
  readonly plainPackedBytes: number;
  /** Where the aggressively packed bytes go, by kind of object (the data history only). */
  readonly breakdown: ReadonlyMap<string, number>;
  readonly seconds: number;
}

export async function measureGrowth(options: GrowthOptions): Promise<GrowthFigures> {
  const started = performance.now();
  const root = await mkdtemp(join(tmpdir(), 'techscan-bench-scale-growth-'));
  try {
    const repo = join(root, 'repo');
    const monitorsDir = join(repo, 'monitors');
    await mkdir(monitorsDir, { recursive: true });
    const timeline = syntheticTimeline({ days: options.days, end: options.end });
    const monitors: SyntheticMonitor[] = [];
    for (let index = 0; index < options.monitors; index += 1) {
      const monitor = syntheticMonitor(index, {}, timeline);
      await writeSyntheticConfig(monitorsDir, monitor);
      monitors.push(monitor);
    }
    // Without a foreground auto-gc the loose objects of a year of commits would fill the disk;
    // foreground, so no background repack races the measurement.
    const git = simpleGit({ baseDir: repo, config: ['user.name=bench', 'user.email=bench@example.com', 'gc.autoDetach=false'] });
    await git.init();
    await git.add('.');
    await git.commit('monitors');
    const basePack = await packedBytes(git, []);

    const store = openStore(join(repo, 'data'));
    let nextCompaction = compactionAfter(timeline.start);
    let compactions = 0;
    let halfwayClone: CloneSize = { packBytes: 0, dataBytes: 0 };
    const halfway = Math.floor(timeline.slots / 2);
    for (let slot = 0; slot < timeline.slots; slot += 1) {
      const runAt = timeline.start + slot * timeline.intervalMs;
      if (options.compact && nextCompaction <= runAt) {
        await compact(repo, new Date(nextCompaction));
        await commitData(git, `data: compact (${new Date(nextCompaction).toISOString().slice(0, 7)})`);
        compactions += 1;
      }
      if (nextCompaction <= runAt) nextCompaction = compactionAfter(nextCompaction);
      await recordRun(store, monitors, slot);
      await store.appendRun(syntheticRun(timeline, slot, monitors.length, monitors.filter((monitor) => monitor.failedSlots.includes(slot)).length));
      await commitData(git, `data: run ${new Date(runAt).toISOString()}`);
      if (slot + 1 === halfway) halfwayClone = await depthOneClone(repo, join(root, 'halfway'));
      options.onProgress?.(slot + 1, timeline.slots);
    }

    const packed = (await packedBytes(git, [])) - basePack;
    const aggressive = (await packedBytes(git, ['--aggressive'])) - basePack;
    const breakdown = await packBreakdown(git);
    return {
      monitors: options.monitors,
      runs: timeline.slots,
      scans: monitors.reduce((sum, monitor) => sum + monitor.scans.length, 0),
      compactions,
      packedBytes: aggressive,
      plainPackedBytes: packed,
      breakdown,
      clone: await depthOneClone(repo, join(root, 'clone')),
      halfwayRuns: halfway,
      halfwayClone,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** What a run writes for each monitor's scan in the slot (scripts/run/journal.ts applies the same). */
async function recordRun(store: ReturnType<typeof openStore>, monitors: readonly SyntheticMonitor[], slot: number): Promise<void> {
  for (const monitor of monitors) {
    const scan = monitor.scans[slot];
    if (!scan) continue;
    await store.appendScans([scan]);
    await store.appendJobs(monitor.jobs.filter((job) => job.scanId === scan.id));
    await store.appendChanges(monitor.changes.filter((change) => change.toScan === scan.id));
    if (scan.ok) await store.writeBlockTexts(monitor.id, Object.fromEntries(syntheticBlocks(monitor.id).map((block) => [blockHash(block), block])));
    await store.writeLatestScan(scan);
  }
}

/** The first time compact.yml runs after `time`. */
export function compactionAfter(time: number): number {
  const date = new Date(time);
  const thisMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), COMPACT_DAY, COMPACT_HOUR, COMPACT_MINUTE);
  return thisMonth > time ? thisMonth : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, COMPACT_DAY, COMPACT_HOUR, COMPACT_MINUTE);
}

async function compact(repo: string, now: Date): Promise<void> {
  const result = await startCli(['compact', '--now', now.toISOString()], { cwd: repo }).done;
  if (result.code !== 0) throw new Error(`techscan compact exited with ${result.signal ?? result.code}:\n${result.stderr}`);
}

async function commitData(git: SimpleGit, message: string): Promise<void> {
  await git.raw(['add', '--all', 'data']);
  await git.raw(['commit', '--quiet', '--allow-empty', '--message', message]);
}

/** The repository's packed size after `git gc` with `flags`, from `git count-objects -v`. */
async function packedBytes(git: SimpleGit, flags: readonly string[]): Promise<number> {
  await git.raw(['gc', '--quiet', ...flags]);
  return sizePack(await git.raw(['count-objects', '-v']));
}

function sizePack(countObjects: string): number {
  const kib = /^size-pack: (\d+)$/m.exec(countObjects)?.[1];
  if (kib === undefined) throw new Error(`git count-objects printed no size-pack:\n${countObjects}`);
  return Number(kib) * KIB;
}

/** Clones `repo` with depth 1 through the file:// transport (a pack is built as for a remote), measures it, removes it. */
async function depthOneClone(repo: string, into: string): Promise<CloneSize> {
  await simpleGit().raw(['clone', '--quiet', '--depth', '1', `file://${repo}`, into]);
  try {
    return { packBytes: sizePack(await simpleGit(into).raw(['count-objects', '-v'])), dataBytes: await folderBytes(join(into, 'data')) };
  } finally {
    await rm(into, { recursive: true, force: true });
  }
}

/** Bytes each kind of object takes in the pack, data/ only; objects under monitors/ are the configs of the first commit. */
async function packBreakdown(git: SimpleGit): Promise<Map<string, number>> {
  const paths = new Map<string, string>();
  for (const line of (await git.raw(['rev-list', '--objects', '--all'])).split('\n')) {
    const [id, path] = line.split(' ');
    if (id && path) paths.set(id, path);
  }
  const sizes = new Map<string, number>();
  for (const line of (await git.raw(['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype) %(objectsize:disk)'])).split('\n')) {
    const [id, type, bytes] = line.split(' ');
    if (!id || !type || !bytes) continue;
    const kind = objectKind(type, paths.get(id) ?? '');
    if (kind !== null) sizes.set(kind, (sizes.get(kind) ?? 0) + Number(bytes));
  }
  return new Map([...sizes].sort(([, a], [, b]) => b - a));
}

/** What an object in the repository is, by its type and path; null for the monitor configs. */
export function objectKind(type: string, path: string): string | null {
  if (type === 'commit') return 'commits';
  if (type === 'tree') return 'folders (tree objects)';
  if (path.startsWith('monitors/')) return null;
  const kinds: readonly [RegExp, string][] = [
    [/\/latest\.json$/, 'latest.json'],
    [/\/scans\/[^/]+$/, 'scan history'],
    [/\/jobs\/[^/]+$/, 'job records'],
    [/\/changes\/[^/]+$/, 'change records'],
    [/\/days\/[^/]+$/, 'day rollups'],
    [/^data\/runs\//, 'run records'],
    [/\/content\.json$/, 'content.json'],
  ];
  return kinds.find(([pattern]) => pattern.test(path))?.[1] ?? 'other';
}
