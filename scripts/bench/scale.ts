/**
 * `npm run bench:scale`: the scale figures of the design, measured and projected.
 *
 * 1. Growth: a sample of synthetic monitors scanned 6-hourly for a simulated period, one commit
 *    per run in a temp repository, without and with the monthly `techscan compact`
 *    (scripts/bench/scale-growth.ts), projected to 100 and 1,000 monitors over 1 and 3 years
 *    (scripts/bench/scale-projection.ts) and compared with the budget.
 * 2. Merge: 10 shard outputs × 100 scans merged into a fresh data/ (scripts/bench/scale-merge.ts).
 * 3. Site: the site built from 1,000 monitors × 1 year of compacted history (scripts/bench/site.ts).
 *
 *   npm run bench:scale -- [--monitors 20] [--days 365] [--shards 10] [--monitors-per-shard 100]
 *                          [--site-monitors 1000] [--site-days 365] [--skip-growth] [--skip-merge]
 *                          [--skip-site] [--quick]
 *
 * `--quick` is a smoke run of every part at toy sizes (its figures mean nothing).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { formatTable } from '../shared/text-table.ts';
import { kilobytes, mb, seconds, verdict, wholeNumberOption } from './figures.ts';
import { type GrowthFigures, measureGrowth } from './scale-growth.ts';
import { measureMerge } from './scale-merge.ts';
import { projectClone, projectPacked, type Scale } from './scale-projection.ts';
import { measureSite } from './site.ts';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
/** The issue's budget: packed repository after 3 years of 6-hourly scans. */
const GROWTH_BUDGET: readonly { readonly scale: Scale; readonly bytes: number }[] = [
  { scale: { monitors: 100, years: 3 }, bytes: 200 * MIB },
  { scale: { monitors: 1000, years: 3 }, bytes: GIB },
];
const SCALES: readonly Scale[] = [
  { monitors: 100, years: 1 },
  { monitors: 100, years: 3 },
  { monitors: 1000, years: 1 },
  { monitors: 1000, years: 3 },
];
const SITE_TARGETS = { buildMs: 5 * 60_000, peakBytes: 2 * GIB, pageBytes: 300 * 1024 } as const;
const GROWTH_END = new Date('2026-11-28T18:00:00.000Z');
const PROGRESS_STEPS = 10;
const QUICK = { monitors: '3', days: '120', shards: '2', perShard: '10', siteMonitors: '10', siteDays: '120' } as const;

const { values } = parseArgs({
  options: {
    monitors: { type: 'string' },
    days: { type: 'string' },
    shards: { type: 'string' },
    'monitors-per-shard': { type: 'string' },
    'site-monitors': { type: 'string' },
    'site-days': { type: 'string' },
    'skip-growth': { type: 'boolean', default: false },
    'skip-merge': { type: 'boolean', default: false },
    'skip-site': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});
const option = (name: string, raw: string | undefined, quick: string, full: string) => wholeNumberOption(raw ?? (values.quick ? quick : full), name);
const growthMonitors = option('monitors', values.monitors, QUICK.monitors, '20');
const growthDays = option('days', values.days, QUICK.days, '365');
const shards = option('shards', values.shards, QUICK.shards, '10');
const perShard = option('monitors-per-shard', values['monitors-per-shard'], QUICK.perShard, '100');
const siteMonitors = option('site-monitors', values['site-monitors'], QUICK.siteMonitors, '1000');
const siteDays = option('site-days', values['site-days'], QUICK.siteDays, '365');

const progress = (message: string) => process.stderr.write(`[bench:scale] ${message}\n`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(', ');
console.log(`bench:scale${values.quick ? ' --quick (toy sizes: the figures mean nothing)' : ''}; load average at the start ${load()}`);

if (!values['skip-growth']) {
  progress(`growth: ${growthMonitors} monitors × ${growthDays} days, without and with compaction, side by side`);
  const report = (label: string) => {
    let shown = 0;
    return (done: number, total: number) => {
      if (done * PROGRESS_STEPS >= (shown + 1) * total) progress(`growth ${label}: ${(shown += 1) * PROGRESS_STEPS}% of ${total} runs`);
    };
  };
  const [plain, compacted] = await Promise.all([
    measureGrowth({ monitors: growthMonitors, days: growthDays, compact: false, end: GROWTH_END, onProgress: report('without compaction') }),
    measureGrowth({ monitors: growthMonitors, days: growthDays, compact: true, end: GROWTH_END, onProgress: report('with compaction') }),
  ]);
  printGrowth(plain, compacted);
}

if (!values['skip-merge']) {
  progress(`merge: ${shards} shards × ${perShard} monitors`);
  const merge = await measureMerge({ shards, monitorsPerShard: perShard });
  console.log('');
  console.log(
    `Merge of ${shards} shards × ${perShard} scans (synthetic, no browser): ${merge.scans} scans recorded in ${merge.seconds.toFixed(1)} s ` +
      `(${((merge.seconds * 1000) / Math.max(1, merge.scans)).toFixed(1)} ms per scan), peak ${merge.peakMb.toFixed(0)} MB PSS`,
  );
}

if (!values['skip-site']) {
  const site = await measureSite({ monitors: siteMonitors, days: siteDays, compact: true, onStep: (step) => progress(`site: ${step}`) });
  const largest = site.pages[0];
  console.log('');
  console.log(
    `Site: ${siteMonitors} monitors × ${siteDays} days of synthetic 6-hourly history (${site.synthetic.scans} scans, ${site.synthetic.changes} changes, generated in ${seconds(site.generateMs)}), ` +
      `compacted by \`techscan compact\` (${seconds(site.compactMs ?? 0)}; full scans kept for the last 90 days, older ones as day rollups): data/ ${mb(site.dataBytes)}`,
  );
  console.log(`  build time:   ${seconds(site.buildMs)}  (target < ${seconds(SITE_TARGETS.buildMs)}) ${verdict(site.buildMs <= SITE_TARGETS.buildMs)}`);
  console.log(
    `  peak memory:  ${mb(site.peakBytes)} PSS across the build's process tree  (target < ${mb(SITE_TARGETS.peakBytes)}) ${verdict(site.peakBytes <= SITE_TARGETS.peakBytes)}`,
  );
  console.log(`  pages:        ${site.pages.length} (${site.files.length} files, ${mb(site.files.reduce((sum, file) => sum + file.bytes, 0))})`);
  console.log(
    `  largest page: ${kilobytes(largest?.bytes ?? 0)} ${largest?.path ?? ''}  (target < ${kilobytes(SITE_TARGETS.pageBytes)}) ${verdict((largest?.bytes ?? 0) <= SITE_TARGETS.pageBytes)}`,
  );
  console.log(
    `  next largest: ${site.pages
      .slice(1, 5)
      .map((page) => `${page.path} ${kilobytes(page.bytes)}`)
      .join(', ')}`,
  );
}
console.log('');
console.log(`load average at the end ${load()} (the machine's cores are shared; times scale with the load)`);

function printGrowth(plain: GrowthFigures, compacted: GrowthFigures): void {
  const perScan = (figures: GrowthFigures, bytes: number) => `${Math.round(bytes / figures.scans)} B per scan`;
  console.log('');
  console.log(
    `Growth: ${plain.monitors} synthetic monitors × ${growthDays} days of 6-hourly runs (${plain.runs} runs, ${plain.scans} scans), written through the store ` +
      `as a run writes them and committed once per run in a temp repository; data history only (the first commit, monitor configs, left out)`,
  );
  for (const [label, figures] of [
    ['without compaction', plain],
    [`with compaction (${compacted.compactions} monthly \`techscan compact\` runs, committed)`, compacted],
  ] as const) {
    console.log(`  ${label}, ${seconds(figures.seconds * 1000)}:`);
    console.log(
      `    packed history: ${mb(figures.packedBytes)} after \`git gc --aggressive\` (${perScan(figures, figures.packedBytes)}); ` +
        `${mb(figures.plainPackedBytes)} after a plain \`git gc\` (${perScan(figures, figures.plainPackedBytes)}, reusing the deltas of the auto-gc packs made on the way)`,
    );
    console.log(
      `    depth-1 clone: ${kilobytes(figures.clone.packBytes)} pack, data/ ${mb(figures.clone.dataBytes)} checked out ` +
        `(half way, after ${figures.halfwayRuns} runs: ${kilobytes(figures.halfwayClone.packBytes)} pack, data/ ${mb(figures.halfwayClone.dataBytes)})`,
    );
    console.log(
      `    packed bytes by kind: ${[...figures.breakdown].map(([kind, bytes]) => `${kind} ${perScan(figures, bytes).replace(' per scan', '')}`).join(', ')} per scan (the rest: pack index)`,
    );
  }
  const header = ['projection', ...SCALES.map((scale) => `${scale.monitors.toLocaleString('en-US')} × ${scale.years} y`)];
  const row = (label: string, value: (scale: Scale) => number) => [label, ...SCALES.map((scale) => mb(value(scale)))];
  console.log('');
  console.log(
    `Projected (linear: the packed history by packed bytes per scan; a depth-1 clone by its per-monitor size plus the per-monitor growth per run of the second half of the simulated period; ` +
      `per-run objects shared by more monitors make the larger scales a little smaller than this):`,
  );
  process.stdout.write(
    formatTable(header, [
      row('packed history, no compaction', (scale) => projectPacked(plain, scale)),
      row('packed history, compaction', (scale) => projectPacked(compacted, scale)),
      row('depth-1 clone pack, no compaction', (scale) => projectClone(plain, scale, 'packBytes')),
      row('depth-1 clone pack, compaction', (scale) => projectClone(compacted, scale, 'packBytes')),
      row('data/ checked out, no compaction', (scale) => projectClone(plain, scale, 'dataBytes')),
      row('data/ checked out, compaction', (scale) => projectClone(compacted, scale, 'dataBytes')),
    ]),
  );
  for (const { scale, bytes } of GROWTH_BUDGET) {
    const packed = projectPacked(compacted, scale);
    const clone = projectClone(compacted, scale, 'packBytes');
    console.log(
      `Budget ${scale.monitors.toLocaleString('en-US')} monitors × ${scale.years} years < ${mb(bytes)} packed: whole history ${mb(packed)} ${verdict(packed < bytes)}; ` +
        `depth-1 clone (what the workflows fetch) ${mb(clone)} ${verdict(clone < bytes)}`,
    );
  }
}
