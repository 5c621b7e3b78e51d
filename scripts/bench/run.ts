/**
 * `npm run bench:run`: one real monitoring cycle, `techscan run`, over local fixture monitors.
 *
 * Writes N monitor files (standard depth, distinct URLs: the home pages of the fixture sites
 * with a query string each) in a temp folder, runs the CLI once in a child process exactly as
 * a workflow would (offline: only loopback resolves), then reads the job, scan and run records
 * it stored and prints: the wall time of the run (split into start-up, cycle and exit), scans
 * per minute, the wall time per scan, each scan's overhead beyond the page's own load time,
 * retries and failures (both should be zero), and the peak memory (PSS) of the CLI's Node
 * process plus its Chromium processes.
 *
 * Overhead beyond load, per kept job: the job record's duration (from just before the scanner
 * is called to just after it returns, so browser context, navigation, settling, collection,
 * detection and grading, but not the store writes that follow) minus the page's own load time
 * as the browser measured it (navigation timing `loadEventEnd`, stored as `performance.loadMs`).
 *
 *   npm run bench:run -- [--monitors 100] [--concurrency 5]
 *
 * A benchmark, not a test: it prints figures and asserts nothing, but exits non-zero when the
 * run failed or a scan did. Everything runs on 127.0.0.1 and is removed afterwards.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../store/store.ts';
import type { FixtureServer } from '../demo/site-server.ts';
import { benchSlug, readRunRecords, writeMonitorFiles, type RunRecords } from './bench-monitors.ts';
import { BENCH_SITES, startBenchSites } from './fixture-sites.ts';
import { mb, mean, overheadBeyondLoad, peakOverlap, percentile, perMinute, seconds, wholeNumberOption, type LoadSample } from './figures.ts';
import { runCliMeasured, type MeasuredRun } from './measured-cli.ts';

const { values } = parseArgs({
  options: {
    monitors: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '5' },
  },
});
const MONITORS = wholeNumberOption(values.monitors, 'monitors');
const CONCURRENCY = wholeNumberOption(values.concurrency, 'concurrency');
const FAILURES_SHOWN = 5;

const sites = await startBenchSites();
const root = await mkdtemp(join(tmpdir(), 'techscan-bench-run-'));
try {
  const monitorsDir = join(root, 'monitors');
  const dataDir = join(root, 'data');
  const ids = await writeMonitors(monitorsDir, sites.servers);
  console.log(
    `Run benchmark: one \`techscan run\` over ${MONITORS} monitors at concurrency ${CONCURRENCY} (standard depth, ${BENCH_SITES.join(' and ')}, 127.0.0.1, offline)…`,
  );
  const run = await runCliMeasured(['run', '--monitors', monitorsDir, '--data', dataDir, '--concurrency', String(CONCURRENCY)], root);
  if (run.result.code !== 0) throw new Error(`techscan run exited with ${run.result.signal ?? run.result.code}:\n${run.result.stderr}`);
  report(await readRunRecords(openStore(dataDir), ids), run);
} finally {
  await sites.close();
  await rm(root, { recursive: true, force: true });
}

/** One monitor file per URL, alternating between the sites; returns the monitor ids. */
async function writeMonitors(monitorsDir: string, servers: readonly FixtureServer[]): Promise<string[]> {
  await mkdir(monitorsDir, { recursive: true });
  // The benchmark's sites are on 127.0.0.1: its monitors opt in.
  await writeFile(join(monitorsDir, '_settings.yaml'), 'allowPrivateNetworks: true\n');
  return writeMonitorFiles(
    monitorsDir,
    Array.from({ length: MONITORS }, (_, index) => {
      const server = servers[index % servers.length];
      if (!server) throw new Error('no fixture server');
      const slug = benchSlug(index, MONITORS);
      return { slug, url: server.url(`/?monitor=${slug}`) };
    }),
  );
}

function report({ jobs, scans, run }: RunRecords, { wallMs, startedAt, endedAt, peak }: MeasuredRun): void {
  const kept = jobs.filter((job) => job.scanId !== null);
  if (kept.length === 0) throw new Error('the run stored no scan');
  const failed = kept.filter((job) => job.status !== 'completed');
  const retried = jobs.filter((job) => job.attempt > 1).length;
  const samples: LoadSample[] = [];
  for (const job of kept) {
    const loadMs = scans.get(job.monitor)?.performance?.loadMs;
    if (job.status === 'completed' && loadMs) samples.push({ totalMs: job.durationMs, loadMs });
  }
  const overhead = overheadBeyondLoad(samples);
  const durations = kept.map((job) => job.durationMs);
  const firstStart = Math.min(...jobs.map((job) => Date.parse(job.startedAt)));
  const lastEnd = Math.max(...jobs.map((job) => Date.parse(job.completedAt)));
  const scanningMs = lastEnd - firstStart;

  const row = (label: string, text: string) => console.log(`${label.padEnd(22)}${text}`);
  console.log('');
  row('Wall time', `${seconds(wallMs)}  process start to exit`);
  row('  start-up', `${seconds(Date.parse(run.startedAt) - startedAt)}  process start to the cycle's start (Node, tsx, config)`);
  row('  cycle', `${seconds(run.durationMs)}  the run record's duration; scanning ${seconds(scanningMs)} of it, first job start to last job end`);
  row('  exit', `${seconds(endedAt - Date.parse(run.completedAt))}  the cycle's end to process exit`);
  row('Throughput', `${perMinute(kept.length, wallMs)} scans/min over the wall time; ${perMinute(kept.length, scanningMs)} scans/min while scanning`);
  row('Wall time per scan', `${seconds(wallMs / kept.length, 2)}  (${seconds(scanningMs / kept.length, 2)} while scanning: what one more monitor adds)`);
  row(
    'Pool slot per scan',
    `${seconds((scanningMs * CONCURRENCY) / kept.length, 2)}  concurrency × scanning time / scans (t_scan in scripts/github/minutes.ts)`,
  );
  row(
    'Jobs',
    `${kept.length - failed.length} completed, ${failed.length} failed, ${retried} retried; at most ${peakOverlap(jobs.map((job) => ({ start: Date.parse(job.startedAt), end: Date.parse(job.completedAt) })))} at once`,
  );
  row('Job duration', `median ${percentile(durations, 50)} ms, p95 ${percentile(durations, 95)} ms, mean ${Math.round(mean(durations))} ms`);
  row('Page load (browser)', `median ${overhead.loadMedian} ms (navigation timing loadEventEnd)`);
  row('Overhead beyond load', `median ${overhead.median} ms, p95 ${overhead.p95} ms (job duration − page load, ${overhead.samples} jobs)`);
  row('Peak memory (PSS)', `${mb(peak.total)} (CLI Node ${mb(peak.root)}, Chromium processes ${mb(peak.total - peak.root)} at that moment)`);
  for (const job of failed.slice(0, FAILURES_SHOWN)) console.log(`  ✗ ${job.monitor}: ${job.status} ${job.error?.kind ?? ''} ${job.error?.message ?? ''}`);
  if (failed.length > 0 || kept.length !== scans.size) process.exitCode = 1;
}
