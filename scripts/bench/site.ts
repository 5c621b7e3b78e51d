import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite } from '../../site/build.ts';
import { writeSyntheticData } from './synthetic.ts';

/**
 * `npm run bench:site [-- --monitors 100 --days 365 --keep]`: builds the site from synthetic
 * history (6-hourly scans) and prints the build time, the peak memory of the build's whole
 * process tree and the largest page, then the compare, trend and search figures. Targets: under
 * 2 minutes, 2 GB and 300 KB for the largest page.
 */

const TARGETS = { buildMs: 120_000, peakBytes: 2 * 1024 ** 3, pageBytes: 300 * 1024 } as const;
const SAMPLE_MS = 100;
const SYNTHETIC_END = new Date('2026-11-28T12:00:00.000Z');
const BUILD_NOW = new Date('2026-11-28T13:00:00.000Z');
const TOP_PAGES = 5;

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive whole number, got ${value}`);
  return number;
}

/** Samples the resident memory of a process and all its descendants (Linux /proc), keeping the peak. */
class TreeMemorySampler {
  peakBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  start(pid: number): void {
    const sample = () => {
      void treeRss(pid).then((bytes) => (this.peakBytes = Math.max(this.peakBytes, bytes)));
    };
    sample();
    this.timer = setInterval(sample, SAMPLE_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function treeRss(root: number): Promise<number> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    // Field 4 is the parent pid; the command name (field 2) may contain spaces, so split after its ')'.
    const parent = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (!Number.isNaN(parent)) parents.set(Number(entry), parent);
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    total += match ? Number(match[1]) * 1024 : 0;
  }
  return total;
}

async function listFiles(dir: string): Promise<{ path: string; bytes: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { path, bytes: (await stat(path)).size };
      }),
  );
}

async function folderSize(dir: string): Promise<number> {
  return (await listFiles(dir)).reduce((sum, file) => sum + file.bytes, 0);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

function verdict(ok: boolean): string {
  return ok ? 'ok' : 'OVER TARGET';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      monitors: { type: 'string', default: '100' },
      days: { type: 'string', default: '365' },
      keep: { type: 'boolean', default: false },
    },
  });
  const monitors = positiveInteger('--monitors', values.monitors);
  const days = positiveInteger('--days', values.days);

  const root = await mkdtemp(join(tmpdir(), 'techscan-bench-site-'));
  try {
    const dataDir = join(root, 'data');
    const monitorsDir = join(root, 'monitors');
    const outDir = join(root, 'out');
    let started = Date.now();
    const summary = await writeSyntheticData({ monitorsDir, dataDir, monitors, days, end: SYNTHETIC_END, richChanges: true });
    console.log(
      `synthetic data: ${summary.monitors} monitors, ${summary.scans} scans, ${summary.jobs} jobs, ${summary.changes} changes, ${summary.runs} runs (${seconds(Date.now() - started)})`,
    );
    console.log(`data/ on disk: ${megabytes(await folderSize(dataDir))}`);

    const sampler = new TreeMemorySampler();
    started = Date.now();
    try {
      const { output } = await buildSite({
        dataDir,
        monitorsDir,
        outDir,
        base: '/',
        repository: 'acme/techscan',
        now: BUILD_NOW,
        onStart: (pid) => sampler.start(pid),
      });
      for (const line of output.split('\n').filter((entry) => /built in|Completed in|search index/.test(entry))) console.log(`  astro: ${line.trim()}`);
    } finally {
      sampler.stop();
    }
    const buildMs = Date.now() - started;
    const files = await listFiles(outDir);
    const pages = files.filter((file) => file.path.endsWith('.html')).sort((a, b) => b.bytes - a.bytes);
    const largest = pages[0];

    console.log(`site: ${pages.length} pages, ${files.length} files, ${megabytes(files.reduce((sum, file) => sum + file.bytes, 0))}`);
    console.log(`build time:       ${seconds(buildMs)}  (target < ${seconds(TARGETS.buildMs)}) ${verdict(buildMs <= TARGETS.buildMs)}`);
    console.log(
      `peak memory:      ${megabytes(sampler.peakBytes)} across the build's process tree  (target < ${megabytes(TARGETS.peakBytes)}) ${verdict(sampler.peakBytes <= TARGETS.peakBytes)}`,
    );
    console.log(
      `largest page:     ${kilobytes(largest?.bytes ?? 0)} ${largest ? relative(outDir, largest.path) : ''}  (target < ${kilobytes(TARGETS.pageBytes)}) ${verdict((largest?.bytes ?? 0) <= TARGETS.pageBytes)}`,
    );
    console.log(
      `largest pages:    ${pages
        .slice(0, TOP_PAGES)
        .map((page) => `${relative(outDir, page.path)} ${kilobytes(page.bytes)}`)
        .join(', ')}`,
    );
    const size = (path: string) => files.find((file) => relative(outDir, file.path) === path)?.bytes ?? 0;
    const columns = pages.filter((page) => relative(outDir, page.path).startsWith('compare/column/'));
    console.log(
      `compare page:     ${kilobytes(size('compare/index.html'))} compare/index.html; largest column fragment ${kilobytes(columns[0]?.bytes ?? 0)}; picker index ${kilobytes(size('compare/monitors.json'))}`,
    );
    console.log(
      `trend pages:      ${kilobytes(size('trends/index.html'))} trends/index.html; largest technology page ${kilobytes(pages.find((page) => relative(outDir, page.path).startsWith('technologies/'))?.bytes ?? 0)}`,
    );
    const search = files.filter((file) => relative(outDir, file.path).startsWith('pagefind/'));
    console.log(`search index:     ${megabytes(search.reduce((sum, file) => sum + file.bytes, 0))} in ${search.length} files under pagefind/`);
    console.log(
      `CSV exports:      ${files
        .filter((file) => file.path.endsWith('.csv'))
        .map((file) => `${relative(outDir, file.path)} ${kilobytes(file.bytes)}`)
        .join(', ')}`,
    );
    const json = files.filter((file) => file.path.endsWith('.json')).sort((a, b) => b.bytes - a.bytes)[0];
    if (json) console.log(`largest API file: ${kilobytes(json.bytes)} ${relative(outDir, json.path)}`);
    if (values.keep) console.log(`kept in ${root}`);
  } finally {
    if (!values.keep) await rm(root, { recursive: true, force: true });
  }
}

await main();
