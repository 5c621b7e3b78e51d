/**
 * `npm run bench:growth`: what a scan costs the repository, checked against the design's budget
 * (under 2 KB per scan after git compression).
 *
 * Monitors the benchmark fixture sites from a fresh git repository, runs `techscan run` (the
 * CLI in a child process, offline) once per 6-hourly slot, commits data/ after each run as the
 * workflow does, repacks, and prints the packed repository's growth per scan after the first
 * run. The growth counts everything a run writes for a scan: its history line, job record,
 * latest.json, content text and the run record.
 *
 *   npm run bench:growth -- [--runs 10]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simpleGit } from 'simple-git';
import { startCli } from './cli-process.ts';
import { BENCH_SITES, startBenchSites } from './fixture-sites.ts';
import { wholeNumberOption } from './figures.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = wholeNumberOption(values.runs, 'runs');
const SLOT_MS = 6 * 3_600_000;
const FIRST_SLOT = Date.parse('2026-11-28T00:30:00Z');
const BUDGET_BYTES = 2048;

const sites = await startBenchSites();
const root = await mkdtemp(join(tmpdir(), 'techscan-bench-growth-'));
try {
  await mkdir(join(root, 'monitors', 'bench'), { recursive: true });
  // The benchmark's sites are on 127.0.0.1: its monitors opt in.
  await writeFile(join(root, 'monitors', '_settings.yaml'), 'allowPrivateNetworks: true\n');
  for (const [index, server] of sites.servers.entries()) {
    const name = BENCH_SITES[index] ?? `site-${index}`;
    await writeFile(join(root, 'monitors', 'bench', `${name}.yaml`), `name: ${name}\nurl: ${server.url('/')}\nschedule: "0 */6 * * *"\n`);
  }
  const git = simpleGit({ baseDir: root, config: ['user.name=bench', 'user.email=bench@example.com'] });
  await git.init();
  await git.add('.');
  await git.commit('monitors');

  const packedBytes = async () => {
    await git.raw(['gc', '--quiet', '--aggressive']);
    const sizePack = /size-pack: (\d+)/.exec(await git.raw(['count-objects', '-v']))?.[1];
    return Number(sizePack) * 1024;
  };
  const sizes: number[] = [];
  for (let run = 0; run <= RUNS; run += 1) {
    const now = new Date(FIRST_SLOT + run * SLOT_MS).toISOString();
    const result = await startCli(['run', '--now', now], { cwd: root, env: { TECHSCAN_OFFLINE: '1' } }).done;
    if (result.code !== 0) throw new Error(`techscan run exited with ${result.signal ?? result.code}:\n${result.stderr}`);
    await git.add('.');
    await git.commit(`data: run ${run}`);
    sizes.push(await packedBytes());
  }
  const scans = RUNS * sites.servers.length;
  const perScan = ((sizes.at(-1) ?? 0) - (sizes[0] ?? 0)) / scans;
  console.log(`Repository growth: ${RUNS + 1} runs over ${sites.servers.length} monitors (${BENCH_SITES.join(', ')}), committed after each run`);
  console.log(`  packed size after each run: ${sizes.map((size) => `${(size / 1024).toFixed(0)} KB`).join(', ')}`);
  console.log(`  growth per scan after the first run: ${Math.round(perScan)} bytes (budget ${BUDGET_BYTES}) ${perScan < BUDGET_BYTES ? 'ok' : 'OVER BUDGET'}`);
} finally {
  await sites.close();
  await rm(root, { recursive: true, force: true });
}
