/**
 * `npm run bench:scan`: how fast the scanner is against local fixture sites, and what it costs.
 *
 * Prints: light and standard scans per minute at concurrency 5; the scan's own overhead beyond
 * the page's load time at standard depth (scans one at a time, so the figure is the scanner's
 * and not the pool's); and peak memory (PSS of Node plus the Chromium process tree).
 *
 * Then each page of the hostile suite (scripts/bench/hostile-sites.ts) scanned on its own with
 * the default settings: its outcome, the time it took and the peak memory it cost.
 *
 *   npm run bench:scan -- [--scans 40] [--concurrency 5] [--overhead-scans 10] [--hostile-only]
 *
 * A benchmark, not a test: it prints figures and asserts nothing. Everything runs on
 * 127.0.0.1, offline.
 */
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { createScanner } from '../scan/index.ts';
import type { Scanner } from '../scan/contract.ts';
import type { Depth } from '../schema/common.ts';
import { scanSettings } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';
import type { FixtureServer } from '../demo/site-server.ts';
import { BENCH_SITES, startBenchSites } from './fixture-sites.ts';
import { mb, overheadBeyondLoad, percentile, wholeNumberOption, type LoadSample } from './figures.ts';
import { startMemorySampler } from './memory.ts';
import { benchHostile } from './hostile.ts';
import { HOSTILE_PAGES, startHostileSite } from './hostile-sites.ts';

const { values } = parseArgs({
  options: {
    scans: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '5' },
    'overhead-scans': { type: 'string', default: '10' },
    'hostile-only': { type: 'boolean', default: false },
  },
});
const SCANS = wholeNumberOption(values.scans, 'scans');
const CONCURRENCY = wholeNumberOption(values.concurrency, 'concurrency');
const OVERHEAD_SCANS = wholeNumberOption(values['overhead-scans'], 'overhead-scans');

const memory = startMemorySampler();
const sites = await startBenchSites();
const hostileSite = await startHostileSite();
const { servers } = sites;
const scanner = await createScanner({ browser: 'auto', offline: true, allowPrivateNetworks: true });
try {
  // Warm-up: launches the browser and compiles the fingerprints, outside every figure.
  await scanOnce(scanner, servers[0], 'standard');
  if (!values['hostile-only']) await throughputFigures();
  await hostileFigures();
} finally {
  await scanner.close();
  await sites.close();
  await hostileSite.close();
  memory.stop();
}

async function throughputFigures(): Promise<void> {
  const light = await throughput(scanner, servers, 'light');
  const standard = await throughput(scanner, servers, 'standard');
  const overheads = await overhead(scanner, servers);

  console.log(`Scan benchmark: ${SCANS} scans per depth over ${BENCH_SITES.join(' and ')} at concurrency ${CONCURRENCY} (127.0.0.1, offline)`);
  console.log('');
  console.log('depth      scans/min   median scan   failed');
  for (const row of [light, standard]) {
    console.log(`${row.depth.padEnd(10)} ${row.perMinute.toFixed(0).padStart(9)}   ${`${row.medianMs} ms`.padStart(11)}   ${row.failed}`);
  }
  console.log('');
  console.log(`Standard-depth overhead beyond the page's own load time (${OVERHEAD_SCANS} scans one at a time):`);
  console.log(
    `  median ${overheads.median} ms, p95 ${overheads.p95} ms (page load median ${overheads.loadMedian} ms, scan median ${overheads.totalMedian} ms)`,
  );
  console.log('');
  const peak = memory.stop();
  console.log(`Peak memory (PSS): ${mb(peak.total)} (Node ${mb(peak.root)}, Chromium processes ${mb(peak.total - peak.root)} at that moment)`);
  console.log('');
}

async function hostileFigures(): Promise<void> {
  const rows = await benchHostile(scanner, hostileSite);
  console.log(
    `Hostile pages: ${Object.keys(HOSTILE_PAGES).length}, each scanned alone at standard depth with the default settings (peak PSS of Node plus Chromium)`,
  );
  console.log('');
  console.log(`${'page'.padEnd(36)} ${'outcome'.padEnd(18)} ${'time'.padStart(8)}   peak memory`);
  for (const row of rows)
    console.log(`${row.name.padEnd(36)} ${row.outcome.padEnd(18)} ${`${(row.ms / 1000).toFixed(1)} s`.padStart(8)}   ${mb(row.peakBytes)}`);
  const hostile = rows.slice(1);
  console.log('');
  console.log(
    `Slowest hostile page ${(Math.max(...hostile.map((row) => row.ms)) / 1000).toFixed(1)} s; highest peak ${mb(Math.max(...hostile.map((row) => row.peakBytes)))}`,
  );
}

async function scanOnce(scanner: Scanner, server: FixtureServer | undefined, depth: Depth): Promise<ScanResult> {
  if (!server) throw new Error('no fixture server');
  const { result } = await scanner.scan({
    url: server.url('/'),
    monitor: null,
    settings: scanSettings.parse({ depth, timeoutSeconds: 60 }),
    rulesHash: 'bench',
  });
  return result;
}

async function throughput(scanner: Scanner, servers: readonly FixtureServer[], depth: Depth) {
  const limit = pLimit(CONCURRENCY);
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: SCANS }, (_, index) => limit(() => scanOnce(scanner, servers[index % servers.length], depth))));
  const elapsedMs = performance.now() - started;
  return {
    depth,
    perMinute: (SCANS / elapsedMs) * 60_000,
    medianMs: percentile(
      results.map((result) => result.durationMs),
      50,
    ),
    failed: results.filter((result) => !result.ok).length,
  };
}

async function overhead(scanner: Scanner, servers: readonly FixtureServer[]) {
  const samples: LoadSample[] = [];
  for (let index = 0; index < OVERHEAD_SCANS; index += 1) {
    const result = await scanOnce(scanner, servers[index % servers.length], 'standard');
    const loadMs = result.performance?.loadMs;
    if (result.ok && loadMs) samples.push({ totalMs: result.durationMs, loadMs });
  }
  return overheadBeyondLoad(samples);
}
