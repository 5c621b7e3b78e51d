import { cp, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyntheticData } from '../../scripts/bench/synthetic.ts';
import { detectChanges, historyDepth } from '../../scripts/changes/index.ts';
import { StorageError } from '../../scripts/errors.ts';
import { contentHash } from '../../scripts/shared/hash.ts';
import { compactStore, KEPT_JOBS, type CompactOptions } from '../../scripts/store/compaction.ts';
import { injectWriteFault } from '../../scripts/store/files.ts';
import { openStore, type Store } from '../../scripts/store/store.ts';
import { monitor } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Compaction keeps every change record, run and failure count, leaves detection's input
 * untouched, and is idempotent and safe to kill: a rerun after a kill at any step gives the
 * same files, byte for byte, as one uninterrupted compaction.
 */

const END = new Date('2026-11-28T12:00:00.000Z');
const DAYS = 200;
const MONITORS = 2;
/** writeSyntheticData's schedule: 6-hourly. */
const SCANS_PER_DAY = 4;
/** Replaying a history scan by scan reads the store twice per scan. */
const REPLAY_TIMEOUT_MS = 180_000;
const OPTIONS: CompactOptions = { now: END, fullScansDays: 90, keepScans: () => historyDepth(monitor()), dryRun: false };

afterEach(() => injectWriteFault(null));

async function syntheticStore(): Promise<{ root: string; dataDir: string; store: Store }> {
  const root = await tempDir();
  const dataDir = join(root, 'data');
  await writeSyntheticData({ monitorsDir: join(root, 'monitors'), dataDir, monitors: MONITORS, days: DAYS, end: END, richChanges: true, failureRate: 0.05 });
  return { root, dataDir, store: openStore(dataDir) };
}

/** Every file under `dir` with a hash of its bytes. */
async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = contentHash(await readFile(path, 'utf8'));
  }
  return files;
}

async function copyOf(dataDir: string): Promise<string> {
  const copy = join(await tempDir(), 'data');
  await cp(dataDir, copy, { recursive: true });
  return copy;
}

async function failureCounts(store: Store, id: string) {
  const days = await store.days(id);
  const scans = await store.scans(id);
  const jobs = await store.jobs(id);
  return {
    scans: days.reduce((sum, day) => sum + day.scans, 0) + scans.length,
    failedScans: days.reduce((sum, day) => sum + day.failed, 0) + scans.filter((scan) => !scan.ok).length,
    attempts: days.reduce((sum, day) => sum + day.jobs.attempts, 0) + jobs.length,
    failedJobs: days.reduce((sum, day) => sum + day.jobs.failed + day.jobs.timedOut, 0) + jobs.filter((job) => job.status !== 'completed').length,
  };
}

describe('compactStore', () => {
  it('rolls old months up and keeps every change record, run and failure count', async () => {
    const { store } = await syntheticStore();
    const ids = await store.monitorIds();
    const before = await Promise.all(
      ids.map(async (id) => ({ changes: await store.changes(id), counts: await failureCounts(store, id), days: await store.days(id) })),
    );
    const runs = await store.runs();

    const compacted = await compactStore(store, OPTIONS);

    expect(compacted.map((entry) => entry.monitor)).toEqual(ids);
    for (const [index, id] of ids.entries()) {
      expect(before[index]?.days).toEqual([]);
      expect(await store.changes(id)).toEqual(before[index]?.changes);
      expect(await failureCounts(store, id)).toEqual(before[index]?.counts);
      const { scans, days } = await store.history(id);
      // Full scans start at the window's first month; the rollups cover every day before it.
      expect(scans[0]?.scannedAt.slice(0, 7)).toBe('2026-08');
      expect(days.at(-1)?.day).toBe('2026-07-31');
      expect(days[0]?.day).toBe(new Date(END.getTime() - (DAYS * SCANS_PER_DAY - 1) * (86_400_000 / SCANS_PER_DAY)).toISOString().slice(0, 10));
      expect(days.every((day) => day.scans === day.ok + day.failed + day.blocked)).toBe(true);
    }
    expect(await store.runs()).toEqual(runs);
    expect(before.some((entry) => entry.counts.failedJobs > 0)).toBe(true);
  });

  it('is idempotent: a second compaction changes no byte', async () => {
    const { dataDir, store } = await syntheticStore();
    await compactStore(store, OPTIONS);
    const once = await tree(dataDir);
    expect(await compactStore(store, OPTIONS)).toEqual([]);
    expect(await tree(dataDir)).toEqual(once);
  });

  it('prints what it would do with dryRun and writes nothing', async () => {
    const { dataDir, store } = await syntheticStore();
    const untouched = await tree(dataDir);
    const planned = await compactStore(store, { ...OPTIONS, dryRun: true });
    expect(await tree(dataDir)).toEqual(untouched);
    const reference = openStore(await copyOf(dataDir));
    expect(await compactStore(reference, OPTIONS)).toEqual(planned);
  });

  it.each([
    ['the disk fills up while the first rollup file is written', (path: string) => path.includes('/days/')],
    ['the disk fills up on a later month', (path: string) => path.includes('days/2026-07.jsonl')],
  ])('finishes after a kill: %s', async (_, matches) => {
    const { dataDir, store } = await syntheticStore();
    const reference = await copyOf(dataDir);
    await compactStore(openStore(reference), OPTIONS);

    injectWriteFault({ code: 'ENOSPC', afterBytes: 200, matches });
    await expect(compactStore(store, OPTIONS)).rejects.toThrow(StorageError);
    injectWriteFault(null);
    await compactStore(store, OPTIONS);
    expect(await tree(dataDir)).toEqual(await tree(reference));
  });

  it.each([
    ['after writing the rollups, before removing the full scans', ['scans', 'jobs']],
    ['after removing the full scans, before removing the jobs', ['jobs']],
  ])('finishes after a kill %s, and reads the month from the full file meanwhile', async (_, left) => {
    const { dataDir } = await syntheticStore();
    const original = await copyOf(dataDir);
    const store = openStore(dataDir);
    await compactStore(store, OPTIONS);
    const done = await tree(dataDir);
    const [id = ''] = await store.monitorIds();
    const month = join('monitors', ...id.split('/'));
    // What a kill between the steps leaves: the rollup file and the full files not yet removed.
    for (const folder of left) await cp(join(original, month, folder, '2026-07.jsonl'), join(dataDir, month, folder, '2026-07.jsonl'));

    if (left.includes('scans')) {
      expect((await store.days(id)).some((day) => day.day.startsWith('2026-07'))).toBe(false);
      expect((await store.scans(id)).some((scan) => scan.scannedAt.startsWith('2026-07'))).toBe(true);
    }
    await compactStore(store, OPTIONS);
    expect(await tree(dataDir)).toEqual(done);
  });

  it('never rolls up the scans detection reads or the jobs the schedule reads, however old', async () => {
    const { store } = await syntheticStore();
    const [id = ''] = await store.monitorIds();
    const newest = await store.scans(id, { limit: historyDepth(monitor()) });
    const jobs = await store.jobs(id, { limit: KEPT_JOBS });
    // A window of one day: everything but the protected months goes.
    await compactStore(store, { ...OPTIONS, now: new Date('2027-06-01T00:00:00.000Z'), fullScansDays: 1 });
    expect(await store.scans(id, { limit: newest.length })).toEqual(newest);
    expect(await store.jobs(id, { limit: KEPT_JOBS })).toEqual(jobs);
    expect((await store.days(id)).length).toBeGreaterThan(DAYS - 60);
  });
});

describe('detection on compacted history', () => {
  it(
    'decides the same on every new scan as on full history',
    async () => {
      const { store: source } = await syntheticStore();
      const [id = ''] = await source.monitorIds();
      const config = monitor({ id });
      const depth = historyDepth(config);
      const full = openStore(join(await tempDir(), 'data'));
      const compacted = openStore(join(await tempDir(), 'data'));
      const scans = await source.scans(id);
      let month = '';
      let found = 0;
      let compactions = 0;
      for (const scan of scans) {
        if (scan.scannedAt.slice(0, 7) !== month) {
          month = scan.scannedAt.slice(0, 7);
          // The most aggressive retention: a one-day window, compacted at every month's start.
          const result = await compactStore(compacted, { now: new Date(scan.scannedAt), fullScansDays: 1, keepScans: () => depth, dryRun: false });
          compactions += result.length;
        }
        const decide = async (store: Store) => detectChanges({ monitor: config, history: await store.scans(id, { limit: depth }), scan, blockTexts: {} });
        const expected = await decide(full);
        expect(await decide(compacted)).toEqual(expected);
        found += expected.length;
        await full.appendScans([scan]);
        await compacted.appendScans([scan]);
      }
      expect(compactions).toBeGreaterThan(3);
      expect(found).toBeGreaterThan(0);
      expect((await compacted.days(id)).length).toBeGreaterThan(100);
    },
    REPLAY_TIMEOUT_MS,
  );
});
