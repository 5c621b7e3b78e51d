/**
 * The merge job of a fanned-out run at scale, without a browser: `shards` shard outputs of
 * `monitorsPerShard` synthetic scans each are written to a temp folder, then timed while
 * `run --merge` reads them and records them into a fresh data/ (detection, journals, alerts,
 * the run record). Exported for scripts/bench/scale.ts; run alone it prints the figure:
 *
 *   npx tsx scripts/bench/scale-merge.ts [--shards 10] [--monitors-per-shard 100]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createMailer, openAlertQueue, openChannels } from '../alerts/index.ts';
import { requireValidConfig } from '../monitors/files.ts';
import { runMerge } from '../run/merge.ts';
import { silentProgress } from '../run/progress.ts';
import { jobRecord, runIdFor } from '../run/records.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import type { ShardOutput } from '../schema/shard.ts';
import { blockHash } from '../shared/volatile-text.ts';
import { readShardOutputs, writeShardOutput } from '../store/shard-outputs.ts';
import { openStore } from '../store/store.ts';
import { wholeNumberOption } from './figures.ts';
import { startMemorySampler } from './memory.ts';
import { syntheticBlocks, writeSyntheticData } from './synthetic.ts';

/** The synthetic scans are taken at 12:00; the merged run decides half an hour later. */
const NOW = new Date('2026-11-28T12:30:00.000Z');
const SCAN_MS = 3000;
const BYTES_PER_MB = 1024 * 1024;

export interface MergeFigures {
  readonly seconds: number;
  /** Peak memory of this process (PSS on Linux, RSS elsewhere) while merging. */
  readonly peakMb: number;
  readonly scans: number;
}

export async function measureMerge(options: { shards: number; monitorsPerShard: number }): Promise<MergeFigures> {
  const root = await mkdtemp(join(tmpdir(), 'techscan-bench-merge-'));
  try {
    const monitorsDir = join(root, 'monitors');
    const scratch = join(root, 'scratch');
    const monitors = options.shards * options.monitorsPerShard;
    // One realistic scan per monitor (and its monitor file), taken from the synthetic history.
    await writeSyntheticData({ monitorsDir, dataDir: scratch, monitors, days: 1, scansPerDay: 1, failureRate: 0 });
    const config = await requireValidConfig(monitorsDir, root);
    const runId = runIdFor(NOW);
    const history = openStore(scratch);
    const shardsDir = join(root, 'shards');
    for (let shard = 1; shard <= options.shards; shard += 1) {
      const share = config.monitors.slice((shard - 1) * options.monitorsPerShard, shard * options.monitorsPerShard);
      const scans: ShardOutput['scans'] = [];
      for (const monitor of share) {
        const scan = await history.latestScan(monitor.id);
        if (!scan) throw new Error(`synthetic data has no scan of ${monitor.id}`);
        const startedAt = new Date(Date.parse(scan.scannedAt) - SCAN_MS);
        const job = jobRecord(scan, { runId, scheduledFor: NOW, startedAt, completedAt: new Date(scan.scannedAt), attempt: 1 }, true);
        const blockTexts = Object.fromEntries(syntheticBlocks(monitor.id).map((block) => [blockHash(block), block]));
        scans.push({ monitor: monitor.id, scan, jobs: [job], blockTexts });
      }
      await writeShardOutput(shardsDir, {
        schemaVersion: SCHEMA_VERSION,
        runId,
        shard,
        shards: options.shards,
        now: NOW.toISOString(),
        startedAt: NOW.toISOString(),
        completedAt: NOW.toISOString(),
        monitors: share.map((monitor) => monitor.id),
        interrupted: false,
        scans,
      });
    }

    const dataDir = join(root, 'data');
    const mailer = createMailer({}, join(root, 'outbox'));
    const sampler = startMemorySampler();
    const started = performance.now();
    const report = await runMerge(
      config,
      { now: NOW, only: [], force: false, concurrency: 1, dryRun: false, trigger: 'schedule', retryBaseMs: 0, runId },
      {
        store: openStore(dataDir),
        queue: openAlertQueue(dataDir),
        openScanner: async () => {
          throw new Error('the merge scans nothing');
        },
        channels: openChannels({ env: {}, monitors: config.monitors, settings: config.settings, siteBaseUrl: null, mailer }),
        clock: () => new Date(),
        sleep: async () => {},
        progress: silentProgress,
      },
      await readShardOutputs([shardsDir]),
    );
    const seconds = (performance.now() - started) / 1000;
    const peak = sampler.stop();
    mailer.close();
    return { seconds, peakMb: Math.max(peak.total, process.memoryUsage.rss()) / BYTES_PER_MB, scans: report.outcomes.length };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { shards: { type: 'string', default: '10' }, 'monitors-per-shard': { type: 'string', default: '100' } } });
  const shards = wholeNumberOption(values.shards, 'shards');
  const monitorsPerShard = wholeNumberOption(values['monitors-per-shard'], 'monitors-per-shard');
  const figures = await measureMerge({ shards, monitorsPerShard });
  process.stdout.write(
    `merge of ${shards} shards × ${monitorsPerShard} scans: ${figures.scans} scans recorded in ${figures.seconds.toFixed(1)} s ` +
      `(${((figures.seconds * 1000) / Math.max(1, figures.scans)).toFixed(1)} ms per scan), peak ${figures.peakMb.toFixed(0)} MB\n`,
  );
}
