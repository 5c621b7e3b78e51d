import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSite } from '../../site/build.ts';
import { startCli } from './cli-process.ts';
import { kilobytes, mb, seconds, verdict, wholeNumberOption } from './figures.ts';
import { folderBytes, listFiles, type SizedFile } from './folder-size.ts';
import { startMemorySampler } from './memory.ts';
import { type SyntheticSummary, writeSyntheticData } from './synthetic.ts';

/**
 * `npm run bench:site [-- --monitors 100 --days 365 --compact --keep]`: builds the site from
 * synthetic history (6-hourly scans) and prints the build time, the peak memory of the build's
 * whole process tree (PSS, scripts/bench/memory.ts) and the largest page, then the compare,
 * trend and search figures. With `--compact`, `techscan compact` first rolls the history older
 * than `retention.fullScansDays` up into day records, as the monthly workflow leaves it.
 * Targets: under 2 minutes, 2 GB and 300 KB for the largest page. `measureSite` is shared with
 * scripts/bench/scale.ts.
 */

const TARGETS = { buildMs: 120_000, peakBytes: 2 * 1024 ** 3, pageBytes: 300 * 1024 } as const;
const SYNTHETIC_END = new Date('2026-11-28T12:00:00.000Z');
const BUILD_NOW = new Date('2026-11-28T13:00:00.000Z');
const TOP_PAGES = 5;

export interface SiteOptions {
  readonly monitors: number;
  readonly days: number;
  /** Roll history older than the retention window up first, with `techscan compact`. */
  readonly compact: boolean;
  /** Keep the temp folder (its path is returned) instead of removing it. */
  readonly keep?: boolean;
  /** Told what is being done, for a progress line. */
  readonly onStep?: (step: string) => void;
}

export interface SiteFigures {
  readonly synthetic: SyntheticSummary;
  readonly generateMs: number;
  /** How long `techscan compact` took; null without compaction. */
  readonly compactMs: number | null;
  readonly dataBytes: number;
  readonly buildMs: number;
  /** Peak PSS of the build's process tree. */
  readonly peakBytes: number;
  /** Astro's own timing lines. */
  readonly astroLines: readonly string[];
  /** The built files, paths relative to the output folder. */
  readonly files: readonly SizedFile[];
  /** The HTML pages, largest first. */
  readonly pages: readonly SizedFile[];
  readonly keptIn: string | null;
}

/** Generates synthetic history, optionally compacts it, builds the site from it and measures the build. */
export async function measureSite(options: SiteOptions): Promise<SiteFigures> {
  const root = await mkdtemp(join(tmpdir(), 'techscan-bench-site-'));
  try {
    const dataDir = join(root, 'data');
    const monitorsDir = join(root, 'monitors');
    const outDir = join(root, 'out');
    options.onStep?.(`generating ${options.monitors} monitors × ${options.days} days of synthetic history`);
    let started = Date.now();
    const synthetic = await writeSyntheticData({ monitorsDir, dataDir, monitors: options.monitors, days: options.days, end: SYNTHETIC_END, richChanges: true });
    const generateMs = Date.now() - started;
    let compactMs: number | null = null;
    if (options.compact) {
      options.onStep?.('compacting with `techscan compact`');
      started = Date.now();
      const result = await startCli(['compact', '--now', BUILD_NOW.toISOString()], { cwd: root }).done;
      if (result.code !== 0) throw new Error(`techscan compact exited with ${result.signal ?? result.code}:\n${result.stderr}`);
      compactMs = Date.now() - started;
    }
    const dataBytes = await folderBytes(dataDir);

    options.onStep?.('building the site');
    // One sampler per build process (Astro, then the search index); they run one after the other.
    const samplers: ReturnType<typeof startMemorySampler>[] = [];
    started = Date.now();
    let output: string;
    try {
      ({ output } = await buildSite({
        dataDir,
        monitorsDir,
        outDir,
        base: '/',
        repository: 'acme/techscan',
        now: BUILD_NOW,
        onStart: (pid) => {
          samplers.at(-1)?.stop();
          samplers.push(startMemorySampler(pid));
        },
      }));
    } finally {
      for (const sampler of samplers) sampler.stop();
    }
    const buildMs = Date.now() - started;
    const files = (await listFiles(outDir)).map((file) => ({ path: relative(outDir, file.path), bytes: file.bytes }));
    return {
      synthetic,
      generateMs,
      compactMs,
      dataBytes,
      buildMs,
      peakBytes: Math.max(0, ...samplers.map((sampler) => sampler.stop().total)),
      astroLines: output
        .split('\n')
        .filter((entry) => /built in|Completed in|search index/.test(entry))
        .map((entry) => entry.trim()),
      files,
      pages: files.filter((file) => file.path.endsWith('.html')).sort((a, b) => b.bytes - a.bytes),
      keptIn: options.keep ? root : null,
    };
  } finally {
    if (!options.keep) await rm(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      monitors: { type: 'string', default: '100' },
      days: { type: 'string', default: '365' },
      compact: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const figures = await measureSite({
    monitors: wholeNumberOption(values.monitors, 'monitors'),
    days: wholeNumberOption(values.days, 'days'),
    compact: values.compact,
    keep: values.keep,
  });
  const { synthetic, files, pages } = figures;
  console.log(
    `synthetic data: ${synthetic.monitors} monitors, ${synthetic.scans} scans, ${synthetic.jobs} jobs, ${synthetic.changes} changes, ${synthetic.runs} runs (${seconds(figures.generateMs)})`,
  );
  if (figures.compactMs !== null) console.log(`compacted with \`techscan compact\` in ${seconds(figures.compactMs)}`);
  console.log(`data/ on disk: ${mb(figures.dataBytes)}`);
  for (const line of figures.astroLines) console.log(`  astro: ${line}`);
  const largest = pages[0];
  console.log(`site: ${pages.length} pages, ${files.length} files, ${mb(files.reduce((sum, file) => sum + file.bytes, 0))}`);
  console.log(`build time:       ${seconds(figures.buildMs)}  (target < ${seconds(TARGETS.buildMs)}) ${verdict(figures.buildMs <= TARGETS.buildMs)}`);
  console.log(
    `peak memory:      ${mb(figures.peakBytes)} PSS across the build's process tree  (target < ${mb(TARGETS.peakBytes)}) ${verdict(figures.peakBytes <= TARGETS.peakBytes)}`,
  );
  console.log(
    `largest page:     ${kilobytes(largest?.bytes ?? 0)} ${largest?.path ?? ''}  (target < ${kilobytes(TARGETS.pageBytes)}) ${verdict((largest?.bytes ?? 0) <= TARGETS.pageBytes)}`,
  );
  console.log(
    `largest pages:    ${pages
      .slice(0, TOP_PAGES)
      .map((page) => `${page.path} ${kilobytes(page.bytes)}`)
      .join(', ')}`,
  );
  const size = (path: string) => files.find((file) => file.path === path)?.bytes ?? 0;
  const columns = pages.filter((page) => page.path.startsWith('compare/column/'));
  console.log(
    `compare page:     ${kilobytes(size('compare/index.html'))} compare/index.html; largest column fragment ${kilobytes(columns[0]?.bytes ?? 0)}; picker index ${kilobytes(size('compare/monitors.json'))}`,
  );
  console.log(
    `trend pages:      ${kilobytes(size('trends/index.html'))} trends/index.html; largest technology page ${kilobytes(pages.find((page) => page.path.startsWith('technologies/'))?.bytes ?? 0)}`,
  );
  const search = files.filter((file) => file.path.startsWith('pagefind/'));
  console.log(`search index:     ${mb(search.reduce((sum, file) => sum + file.bytes, 0))} in ${search.length} files under pagefind/`);
  console.log(
    `CSV exports:      ${files
      .filter((file) => file.path.endsWith('.csv'))
      .map((file) => `${file.path} ${kilobytes(file.bytes)}`)
      .join(', ')}`,
  );
  const json = files.filter((file) => file.path.endsWith('.json')).sort((a, b) => b.bytes - a.bytes)[0];
  if (json) console.log(`largest API file: ${kilobytes(json.bytes)} ${json.path}`);
  if (figures.keptIn) console.log(`kept in ${figures.keptIn}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
