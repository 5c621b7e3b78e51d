/**
 * `npm run bench:scan`: how fast the scanner is against local fixture sites, and what it costs.
 *
 * Prints: light and standard scans per minute at concurrency 5; the scan's own overhead beyond
 * the page's load time at standard depth (scans one at a time, so the figure is the scanner's
 * and not the pool's); and peak memory (PSS of Node plus the Chromium process tree).
 *
 *   npm run bench:scan -- [--scans 40] [--concurrency 5] [--overhead-scans 10]
 *
 * A benchmark, not a test: it prints figures and asserts nothing. Everything runs on
 * 127.0.0.1, offline.
 */
import { readdir, readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { createScanner } from '../scan/index.ts';
import type { Scanner } from '../scan/contract.ts';
import type { Depth } from '../schema/common.ts';
import { scanSettings } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';
import { startFixtureServer, type FixtureServer } from '../../test/helpers/fixture-server.ts';

const { values } = parseArgs({
  options: {
    scans: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '5' },
    'overhead-scans': { type: 'string', default: '10' },
  },
});
const SCANS = positive(values.scans, 'scans');
const CONCURRENCY = positive(values.concurrency, 'concurrency');
const OVERHEAD_SCANS = positive(values['overhead-scans'], 'overhead-scans');
const SITES = ['wordpress-style', 'react-spa'] as const;
const SAMPLE_MS = 100;

function positive(raw: string | undefined, name: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}

const memory = startMemorySampler();
const servers = await Promise.all(SITES.map((site) => startFixtureServer({ site })));
const scanner = await createScanner({ browser: 'auto', offline: true });
try {
  // Warm-up: launches the browser and compiles the fingerprints, outside every figure.
  await scanOnce(scanner, servers[0], 'standard');

  const light = await throughput(scanner, servers, 'light');
  const standard = await throughput(scanner, servers, 'standard');
  const overheads = await overhead(scanner, servers);

  console.log(`Scan benchmark: ${SCANS} scans per depth over ${SITES.join(' and ')} at concurrency ${CONCURRENCY} (127.0.0.1, offline)`);
  console.log('');
  console.log('depth      scans/min   median scan   failed');
  for (const row of [light, standard]) {
    console.log(`${row.depth.padEnd(10)} ${row.perMinute.toFixed(0).padStart(9)}   ${`${row.medianMs} ms`.padStart(11)}   ${row.failed}`);
  }
  console.log('');
  console.log(`Standard-depth overhead beyond the page's own load time (${OVERHEAD_SCANS} scans one at a time):`);
  console.log(`  median ${overheads.median} ms, p95 ${overheads.p95} ms (page load median ${overheads.loadMedian} ms, scan median ${overheads.scanMedian} ms)`);
  console.log('');
  const peak = memory.stop();
  console.log(`Peak memory (PSS): ${mb(peak.total)} (Node ${mb(peak.node)}, Chromium processes ${mb(peak.total - peak.node)} at that moment)`);
} finally {
  await scanner.close();
  await Promise.all(servers.map((server) => server.close()));
  memory.stop();
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
  const results = await Promise.all(
    Array.from({ length: SCANS }, (_, index) => limit(() => scanOnce(scanner, servers[index % servers.length], depth))),
  );
  const elapsedMs = performance.now() - started;
  return {
    depth,
    perMinute: (SCANS / elapsedMs) * 60_000,
    medianMs: percentile(results.map((result) => result.durationMs), 50),
    failed: results.filter((result) => !result.ok).length,
  };
}

async function overhead(scanner: Scanner, servers: readonly FixtureServer[]) {
  const samples: { scan: number; load: number }[] = [];
  for (let index = 0; index < OVERHEAD_SCANS; index += 1) {
    const result = await scanOnce(scanner, servers[index % servers.length], 'standard');
    const load = result.performance?.loadMs;
    if (result.ok && load) samples.push({ scan: result.durationMs, load });
  }
  const overheads = samples.map((sample) => sample.scan - sample.load);
  return {
    median: percentile(overheads, 50),
    p95: percentile(overheads, 95),
    loadMedian: percentile(samples.map((sample) => sample.load), 50),
    scanMedian: percentile(samples.map((sample) => sample.scan), 50),
  };
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/**
 * Samples the memory of this process and all its descendants (Chromium's processes) from
 * /proc: proportional set size (PSS), so libraries shared between Chromium's processes count
 * once, not once per process.
 */
function startMemorySampler(): { stop(): { total: number; node: number } } {
  let peak = { total: 0, node: 0 };
  let sampling = false;
  const sample = async () => {
    if (sampling) return;
    sampling = true;
    try {
      const node = (await pss(process.pid)) ?? process.memoryUsage.rss();
      const total = node + (await descendantsPss(process.pid));
      if (total > peak.total) peak = { total, node };
    } finally {
      sampling = false;
    }
  };
  const timer = setInterval(() => void sample(), SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

async function pss(pid: number): Promise<number | null> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kilobytes = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) * 1024;
  } catch {
    return null; // Not Linux, or the process ended.
  }
}

async function descendantsPss(root: number): Promise<number> {
  let entries: string[];
  try {
    entries = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return 0; // Not Linux: Node's own figure only.
  }
  const parents = new Map<number, number>();
  await Promise.all(
    entries.map(async (name) => {
      try {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8');
        // Fields after the command name (which may contain spaces) start after the last ')'.
        parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // The process ended between listing and reading.
      }
    }),
  );
  const descendants = [...parents.keys()].filter((pid) => {
    for (let parent = parents.get(pid); parent !== undefined && parent > 1; parent = parents.get(parent)) if (parent === root) return true;
    return false;
  });
  const sizes = await Promise.all(descendants.map(pss));
  return sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
}
