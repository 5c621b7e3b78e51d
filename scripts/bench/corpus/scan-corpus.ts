import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Change } from '../../schema/change.ts';
import type { ScanResult } from '../../schema/scan.ts';
import { openStore } from '../../store/store.ts';
import { startCorpusServer, type CorpusSite } from './server.ts';

/**
 * A corpus scanned as a user's repository would scan it: one monitor file per site, then
 * `techscan run` once per run, each run one schedule slot (6 hours) after the one before, with
 * every site serving the version its timeline gives for that run. The command runner is passed
 * in: the tests run the CLI in their own process, the benchmark as a child process.
 */

export type RunCommand = (argv: readonly string[], cwd: string) => Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>;

export const CORPUS_ORGANIZATION = 'corpus';
const SCHEDULE = '0 */6 * * *';
const FIRST_SLOT_MS = Date.parse('2026-11-28T00:30:00Z');
const SLOT_MS = 6 * 60 * 60 * 1000;

export interface ScannedCorpus {
  readonly dataDir: string;
  readonly monitorsDir: string;
  /** Per site slug: its scans in order (one per run) and the changes recorded. */
  readonly sites: ReadonlyMap<string, { readonly scans: readonly ScanResult[]; readonly changes: readonly Change[] }>;
}

/** The `--now` of run `run` (0-based). */
export function slotOf(run: number): string {
  return new Date(FIRST_SLOT_MS + run * SLOT_MS).toISOString();
}

export async function scanCorpus(options: {
  sites: readonly CorpusSite[];
  runs: number;
  dir: string;
  runCommand: RunCommand;
  concurrency?: number;
}): Promise<ScannedCorpus> {
  const server = await startCorpusServer(options.sites);
  const monitorsDir = join(options.dir, 'monitors');
  const dataDir = join(options.dir, 'data');
  try {
    await mkdir(join(monitorsDir, CORPUS_ORGANIZATION), { recursive: true });
    // The corpus is served on 127.0.0.1: the one opt-in for private networks.
    await writeFile(join(monitorsDir, '_settings.yaml'), 'allowPrivateNetworks: true\n');
    for (const site of options.sites) {
      await writeFile(join(monitorsDir, CORPUS_ORGANIZATION, `${site.slug}.yaml`), `name: ${site.slug}\nurl: ${server.url(site)}\nschedule: "${SCHEDULE}"\n`);
    }
    for (let run = 0; run < options.runs; run += 1) {
      server.setRun(run);
      const argv = [
        'run',
        '--monitors',
        monitorsDir,
        '--data',
        dataDir,
        '--now',
        slotOf(run),
        '--json',
        '--concurrency',
        String(options.concurrency ?? 5),
        '--retry-delay',
        '10',
      ];
      const result = await options.runCommand(argv, options.dir);
      if (result.code !== 0) throw new Error(`run ${run} exited with ${result.code}: ${result.stderr.slice(-2000)}`);
    }
  } finally {
    await server.close();
  }
  const store = openStore(dataDir);
  const sites = new Map<string, { scans: ScanResult[]; changes: Change[] }>();
  for (const site of options.sites) {
    const id = `${CORPUS_ORGANIZATION}/${site.slug}`;
    sites.set(site.slug, { scans: await store.scans(id), changes: await store.changes(id) });
  }
  return { dataDir, monitorsDir, sites };
}

/** The run in which a change was recorded: the position of the scan it was found in. */
export function runOf(change: Change, scans: readonly ScanResult[]): number {
  return scans.findIndex((scan) => scan.id === change.toScan);
}
