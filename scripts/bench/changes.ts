/**
 * `npm run bench:changes [-- --monitors 1000 --days 365 --replay 50 --dir <path> --keep]`
 *
 * Change detection over a realistic store: synthetic history (scripts/bench/synthetic.ts,
 * 6-hourly scans) written through the real store, then, in a fresh process so its memory is
 * detection's own, one new scan per monitor: its history read through the store, its changes
 * detected. Prints the time and peak memory. Targets: well under a minute and under 1 GB for
 * 1,000 monitors × a year. Then replays the last 30 days of `--replay` monitors scan by scan
 * and compares what detection reports with what the generator recorded as having happened
 * (missed changes, false alarms). `--monitors 50 --days 30` is a quick check; `--dir` keeps
 * the generated data there and reuses it on the next run. Then the corpus (scripts/bench/corpus/):
 * local sites of every shape with volatile content and change scenarios, scanned by the real
 * `techscan run` in Chromium and replayed through today's detector and the one before it
 * (`--skip-corpus` or `--skip-synthetic` leave a part out).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { detectChanges, historyDepth } from '../changes/index.ts';
import { isUsable } from '../changes/scans.ts';
import { requireValidConfig } from '../monitors/files.ts';
import type { Change } from '../schema/change.ts';
import type { ScanResult } from '../schema/scan.ts';
import { contentHash } from '../shared/hash.ts';
import { openStore } from '../store/store.ts';
import { corpusFigures } from './changes-corpus.ts';
import { SYNTHETIC_BLOCKS, syntheticBlocks, writeSyntheticData } from './synthetic.ts';

const DEFAULT_MONITORS = 1000;
const DEFAULT_DAYS = 365;
/** Monitors whose last REPLAY_DAYS of history are replayed scan by scan against the synthetic truth. */
const DEFAULT_REPLAY_MONITORS = 50;
const REPLAY_DAYS = 30;
/** A detected change matches a true one of the same subject found within this many scans of it. */
const MATCH_WITHIN_SCANS = 4;
const SCANS_PER_DAY = 4;
const MS_PER_SCAN = 86_400_000 / SCANS_PER_DAY;
const MARKER = 'bench-changes.json';
const MIB = 1024 * 1024;

const sizeSchema = z.object({ monitors: z.number().int().min(1), days: z.number().int().min(1) });
type Size = z.infer<typeof sizeSchema>;

const resultSchema = z.object({
  monitors: z.number(),
  scansRead: z.number(),
  totalMs: z.number(),
  readMs: z.number(),
  detectMs: z.number(),
  peakRssBytes: z.number(),
  peakHeapBytes: z.number(),
  changes: z.record(z.string(), z.number()),
});
type DetectionResult = z.infer<typeof resultSchema>;

const { values } = parseArgs({
  options: {
    monitors: { type: 'string' },
    days: { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    replay: { type: 'string' },
    detect: { type: 'string' },
    'skip-corpus': { type: 'boolean', default: false },
    'skip-synthetic': { type: 'boolean', default: false },
  },
  strict: true,
});

async function main(): Promise<void> {
  const size: Size = { monitors: positive(values.monitors, DEFAULT_MONITORS, '--monitors'), days: positive(values.days, DEFAULT_DAYS, '--days') };
  const dir = values.dir ?? (await mkdtemp(join(tmpdir(), 'techscan-bench-changes-')));
  const keep = values.keep || values.dir !== undefined;
  try {
    console.log('TechScan change detection benchmark');
    if (!values['skip-synthetic']) await syntheticFigures(dir, size);
    if (!values['skip-corpus']) await corpusFigures(join(dir, 'corpus'), (line) => console.log(line));
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

async function syntheticFigures(dir: string, size: Size): Promise<void> {
  {
    const scans = size.monitors * size.days * SCANS_PER_DAY;
    console.log(`  synthetic history: ${size.monitors} monitors × ${size.days} days × ${SCANS_PER_DAY} scans/day = ${scans.toLocaleString('en')} scans`);
    const generated = await ensureData(dir, size);
    const megabytes = (await directoryBytes(dir)) / MIB;
    const onDisk = megabytes > 1024 ? `${(megabytes / 1024).toFixed(1)} GB` : `${megabytes.toFixed(0)} MB`;
    console.log(`  ${generated === null ? 'reused' : `generated in ${(generated / 1000).toFixed(0)} s`}: ${dir} (${onDisk})`);
    const result = await detectInChild(dir);
    const perMonitor = (ms: number) => (ms / result.monitors).toFixed(2);
    console.log(
      `  detection, one new scan per monitor: ${(result.totalMs / 1000).toFixed(2)} s for ${result.monitors} monitors (${perMonitor(result.totalMs)} ms each)`,
    );
    console.log(`    reading history through the store: ${(result.readMs / 1000).toFixed(2)} s (${result.scansRead / result.monitors} scans per monitor)`);
    console.log(`    detecting: ${(result.detectMs / 1000).toFixed(2)} s`);
    console.log(
      `  peak memory of the detection process: ${(result.peakRssBytes / MIB).toFixed(0)} MB RSS (heap ${(result.peakHeapBytes / MIB).toFixed(0)} MB)`,
    );
    const found = Object.entries(result.changes).sort(([a], [b]) => a.localeCompare(b));
    const total = found.reduce((sum, [, count]) => sum + count, 0);
    console.log(`  changes found: ${total}${found.length > 0 ? ` (${found.map(([type, count]) => `${type} ${count}`).join(', ')})` : ''}`);
    const replayMonitors = Math.min(size.monitors, positive(values.replay, DEFAULT_REPLAY_MONITORS, '--replay'));
    const days = Math.min(REPLAY_DAYS, size.days);
    const replayed = await replay(dir, replayMonitors, days);
    console.log(`  replay of the last ${days} days of ${replayMonitors} monitors, scan by scan (${replayed.scans.toLocaleString('en')} scans):`);
    console.log(
      `    technology and grade changes: ${replayed.matched} of ${replayed.truth} true changes found, ${replayed.unmatched} reported that did not happen`,
    );
    console.log(
      `    performance changes (the synthetic measurements are noise around a fixed level, so each is a false alarm): ${counts(replayed.performance)}`,
    );
    console.log(`    other: ${counts(replayed.other)}`);
  }
}

function counts(byKey: Record<string, number>): string {
  const entries = Object.entries(byKey).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  return total === 0 ? 'none' : `${total} (${entries.map(([key, count]) => `${key} ${count}`).join(', ')})`;
}

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: "${raw}" is not a positive whole number`);
  return value;
}

/** Writes the synthetic history unless `dir` already holds it; returns the time taken, or null when reused. */
async function ensureData(dir: string, size: Size): Promise<number | null> {
  const marker = join(dir, MARKER);
  const existing = await readFile(marker, 'utf8').then(
    (text) => sizeSchema.parse(JSON.parse(text)),
    () => null,
  );
  if (existing && existing.monitors === size.monitors && existing.days === size.days) return null;
  if ((await readdir(dir).catch(() => [])).length > 0) throw new Error(`${dir} holds other data; give an empty or new --dir`);
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const end = new Date('2026-11-28T12:00:00.000Z');
  await writeSyntheticData({
    monitorsDir: join(dir, 'monitors'),
    dataDir: join(dir, 'data'),
    monitors: size.monitors,
    days: size.days,
    scansPerDay: SCANS_PER_DAY,
    end,
  });
  // The synthetic history keeps no block wordings: write them, as run keeps them.
  const store = openStore(join(dir, 'data'));
  for (const id of await store.monitorIds()) await store.writeBlockTexts(id, blockWordings(id));
  await writeFile(marker, JSON.stringify(size));
  return performance.now() - started;
}

async function directoryBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  let total = 0;
  for (const entry of entries) if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  return total;
}

function detectInChild(dir: string): Promise<DetectionResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--detect', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the detection process exited with ${code}`));
      else resolve(resultSchema.parse(JSON.parse(stdout)));
    });
  });
}

/** One new scan per monitor, each detected against its history read through the store. */
async function detectAll(dir: string): Promise<DetectionResult> {
  const { monitors } = await requireValidConfig(join(dir, 'monitors'), dir);
  const store = openStore(join(dir, 'data'));
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
  const changes: Record<string, number> = {};
  let readMs = 0;
  let detectMs = 0;
  let scansRead = 0;
  const started = performance.now();
  for (const [index, monitor] of monitors.entries()) {
    const readStarted = performance.now();
    const history = await store.scans(monitor.id, { limit: historyDepth(monitor) });
    const blockTexts = await store.blockTexts(monitor.id);
    const detectStarted = performance.now();
    readMs += detectStarted - readStarted;
    scansRead += history.length;
    const next = nextScan(history, index);
    if (!next) continue;
    for (const change of detectChanges({ monitor, history, scan: next.scan, blockTexts: { ...blockTexts, ...next.blockTexts } })) {
      const key = change.type.startsWith('performance_') && change.data && 'metric' in change.data ? `${change.type}.${change.data.metric}` : change.type;
      changes[key] = (changes[key] ?? 0) + 1;
    }
    detectMs += performance.now() - detectStarted;
  }
  const totalMs = performance.now() - started;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  // maxRSS is in kilobytes.
  return {
    monitors: monitors.length,
    scansRead,
    totalMs,
    readMs,
    detectMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes: peakHeap,
    changes,
  };
}

interface ReplayResult {
  readonly scans: number;
  readonly truth: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly performance: Record<string, number>;
  readonly other: Record<string, number>;
}

const TRUTH_TYPES = new Set(['technology_added', 'technology_removed', 'technology_version_changed', 'security_grade_changed']);

/**
 * Detection replayed after every scan of the last `days` days, as `run` would have done, and
 * compared with the changes the synthetic generator recorded as having happened: a measure of
 * missed changes and false alarms, not only of speed.
 */
async function replay(dir: string, monitorCount: number, days: number): Promise<ReplayResult> {
  const { monitors } = await requireValidConfig(join(dir, 'monitors'), dir);
  const store = openStore(join(dir, 'data'));
  const other: Record<string, number> = {};
  const performance: Record<string, number> = {};
  const result = { scans: 0, truth: 0, matched: 0, unmatched: 0, performance, other };
  for (const monitor of monitors.slice(0, monitorCount)) {
    const all = await store.scans(monitor.id);
    const start = Date.parse(all.at(-1)?.scannedAt ?? '') - days * 86_400_000;
    const firstIndex = all.findIndex((scan) => Date.parse(scan.scannedAt) >= start);
    const truth = (await store.changes(monitor.id, { since: new Date(start).toISOString() })).filter((change) => TRUTH_TYPES.has(change.type));
    const matchedTruth = new Set<string>();
    for (let index = Math.max(1, firstIndex); index < all.length; index += 1) {
      const scan = all[index];
      if (!scan) continue;
      result.scans += 1;
      const history = all.slice(Math.max(0, index - historyDepth(monitor)), index);
      for (const change of detectChanges({ monitor, history, scan, blockTexts: {} })) {
        if (change.type === 'performance_degraded' || change.type === 'performance_improved') {
          const key = `${change.type === 'performance_degraded' ? 'worse' : 'better'} ${change.data.metric}`;
          performance[key] = (performance[key] ?? 0) + 1;
        } else if (!TRUTH_TYPES.has(change.type)) result.other[change.type] = (result.other[change.type] ?? 0) + 1;
        else {
          const found = truth.find((candidate) => !matchedTruth.has(candidate.id) && sameChange(candidate, change, all));
          if (found) matchedTruth.add(found.id);
          else result.unmatched += 1;
        }
      }
    }
    // True changes too recent for their confirmation scans to have happened are not counted as missed.
    const lastTime = Date.parse(all.at(-1)?.scannedAt ?? '');
    const settled = truth.filter((change) => Date.parse(change.detectedAt) <= lastTime - MATCH_WITHIN_SCANS * MS_PER_SCAN);
    result.truth += settled.length;
    result.matched += settled.filter((change) => matchedTruth.has(change.id)).length;
  }
  return result;
}

function sameChange(truth: Change, detected: Change, scans: readonly ScanResult[]): boolean {
  if (truth.type !== detected.type || subjectOf(truth) !== subjectOf(detected)) return false;
  const from = scans.findIndex((scan) => scan.id === truth.toScan);
  const to = scans.findIndex((scan) => scan.id === detected.toScan);
  return from >= 0 && to >= from && to - from <= MATCH_WITHIN_SCANS;
}

function subjectOf(change: Change): string {
  return 'technology' in change.data ? change.data.technology : change.type;
}

/**
 * The new scan: the last successful one six hours later, with the measurements of an earlier
 * one, and what real sites do between two scans. Every 10th monitor upgrades a library, every 20th rewrites a third of its page, every
 * 25th has one slow scan (noise: it must not be reported), every 50th fails; the rest only
 * change a timestamp in their text.
 */
function nextScan(history: readonly ScanResult[], index: number): { scan: ScanResult; blockTexts: Record<string, string> } | null {
  const usable = history.filter(isUsable);
  const template = usable.at(-1);
  const last = history.at(-1);
  if (!template || !last || template.monitor === null) return null;
  // Measurements are noisy: take those of an earlier scan, an independent draw of the same noise
  // (older than the scans the new one is judged with, so the draw is not one of theirs).
  const measured = usable.at(-9 - (index % 6)) ?? template;
  const scannedAt = new Date(Date.parse(last.scannedAt) + MS_PER_SCAN).toISOString();
  const monitor = template.monitor;
  const rewritten = index % 20 === 0 ? SYNTHETIC_BLOCKS / 3 : 0;
  const blockTexts = blockWordings(monitor, rewritten);
  const base: ScanResult = {
    ...template,
    id: contentHash({ monitor, scannedAt }, 12),
    scannedAt,
    content: template.content && { ...template.content, blocks: syntheticBlocks(monitor, rewritten) },
  };
  if (index % 50 === 0) {
    return {
      scan: {
        ...base,
        ok: false,
        status: null,
        finalUrl: null,
        error: { kind: 'timeout', message: 'navigation timed out after 60 s' },
        technologies: [],
        performance: null,
        security: null,
        infrastructure: null,
        content: null,
      },
      blockTexts: {},
    };
  }
  const technologies = index % 10 === 0 ? upgradeOne(base.technologies) : base.technologies;
  const performance =
    index % 25 === 0 && measured.performance ? { ...measured.performance, lcpMs: (measured.performance.lcpMs ?? 1000) * 3 } : measured.performance;
  return { scan: { ...base, technologies, performance }, blockTexts };
}

/** The wording of a synthetic page's blocks, by hash. */
function blockWordings(monitor: string, rewritten = 0): Record<string, string> {
  const hashes = syntheticBlocks(monitor, rewritten);
  return Object.fromEntries(hashes.map((hash, index) => [hash, `${index < rewritten ? 'Rewritten' : 'Paragraph'} ${index + 1} of ${monitor}`]));
}

/** The first technology with a known version, upgraded to a new major version. */
function upgradeOne(technologies: ScanResult['technologies']): ScanResult['technologies'] {
  const target = technologies.findIndex((tech) => tech.version !== null);
  return technologies.map((tech, position) => (position === target ? { ...tech, version: '99.0.0' } : tech));
}

// Last, so every constant above is initialised before the top-level await runs.
if (values.detect !== undefined) {
  // The child process: detection only, result as JSON on stdout.
  process.stdout.write(`${JSON.stringify(await detectAll(values.detect))}\n`);
} else {
  await main();
}
