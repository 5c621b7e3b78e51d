import { join } from 'node:path';
import { detectChanges } from '../changes/index.ts';
import { requireValidConfig } from '../monitors/files.ts';
import type { ScanResult } from '../schema/scan.ts';
import { openStore } from '../store/store.ts';
import { startCli } from './cli-process.ts';
import { LEGACY_COMMIT, loadLegacyDetector } from './corpus/legacy.ts';
import { NOISE_KINDS, type NoiseKind } from './corpus/noise.ts';
import { replayNoise, replayScenarios, type Detector, type NoiseScore, type ReplayedSite, type ScenarioScore } from './corpus/replay.ts';
import { NOISE_RUNS, NOISE_SITES, SCENARIO_RUNS, SCENARIOS, type Scenario } from './corpus/scenarios.ts';
import { CORPUS_ORGANIZATION, scanCorpus, type ScannedCorpus } from './corpus/scan-corpus.ts';
import { BASE_VERSION, type CorpusSite } from './corpus/server.ts';
import type { SiteShape } from './corpus/sites.ts';

/**
 * The corpus part of `npm run bench:changes`: the noise corpus (every shape with every noise,
 * and three shapes with each kind of noise alone) and the change scenarios, scanned run by run
 * by the real `techscan run` in a child process, then replayed scan by scan through today's
 * detector and through the detector as it was before this design (scripts/bench/corpus/legacy.ts),
 * on the same scan records.
 */

/** Shapes that carry each noise kind alone: short server-rendered, client-rendered, long. */
const SINGLE_NOISE_SHAPES: readonly SiteShape[] = ['landing', 'spa-vanilla', 'article'];

export function singleNoiseSites(): CorpusSite[] {
  return NOISE_KINDS.flatMap((kind) =>
    SINGLE_NOISE_SHAPES.map((shape) => ({ slug: `only-${kebab(kind)}-${shape}`, shape, noise: [kind], version: () => BASE_VERSION })),
  );
}

function kebab(kind: NoiseKind): string {
  return kind.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

const ENV = { TECHSCAN_OFFLINE: '1' };
const runInChild = async (argv: readonly string[], cwd: string) => {
  // At a lower priority, so the sites' server in this process answers as a remote site would.
  const { done } = startCli(argv, { cwd, env: ENV, yieldCpu: true });
  return done;
};

export async function corpusFigures(dir: string, print: (line: string) => void): Promise<void> {
  const noiseSites = [...NOISE_SITES, ...singleNoiseSites()];
  const started = performance.now();
  const noise = await scanCorpus({ sites: noiseSites, runs: NOISE_RUNS, dir: join(dir, 'noise'), runCommand: runInChild });
  const scenarios = await scanCorpus({ sites: SCENARIOS, runs: SCENARIO_RUNS, dir: join(dir, 'scenarios'), runCommand: runInChild });
  const scanned = noiseSites.length * NOISE_RUNS + SCENARIOS.length * SCENARIO_RUNS;
  print(
    `  corpus: ${noiseSites.length} noise sites × ${NOISE_RUNS} scans and ${SCENARIOS.length} change scenarios × ${SCENARIO_RUNS} scans, ${scanned} real Chromium scans in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  const noiseReplay = await replayable(noise, noiseSites);
  const scenarioReplay = await replayable(scenarios, SCENARIOS);
  const today = {
    noise: replayNoise(noiseReplay.sites, noiseReplay.today),
    scenarios: replayScenarios(withScenarios(scenarioReplay.sites), scenarioReplay.today),
  };
  const legacyNoise = await loadLegacyDetector(noise.monitorsDir);
  const legacyScenarios = await loadLegacyDetector(scenarios.monitorsDir);
  const before =
    'detect' in legacyNoise && 'detect' in legacyScenarios
      ? {
          noise: replayNoise(noiseReplay.sites, legacyNoise.detect(noiseReplay.legacyText)),
          scenarios: replayScenarios(withScenarios(scenarioReplay.sites), legacyScenarios.detect(scenarioReplay.legacyText)),
        }
      : null;
  printTable(today, before, print, 'unavailable' in legacyNoise ? legacyNoise.unavailable : null);
}

interface Replayable {
  readonly sites: ReplayedSite[];
  readonly today: Detector;
  /** A scan's text in one piece, as the legacy detector compared it. */
  readonly legacyText: (scan: ScanResult) => string;
}

async function replayable(corpus: ScannedCorpus, sites: readonly CorpusSite[]): Promise<Replayable> {
  const { monitors } = await requireValidConfig(corpus.monitorsDir, corpus.monitorsDir);
  const store = openStore(corpus.dataDir);
  const texts: Record<string, string> = {};
  const replayed: ReplayedSite[] = [];
  for (const site of sites) {
    const monitor = monitors.find((candidate) => candidate.id === `${CORPUS_ORGANIZATION}/${site.slug}`);
    if (!monitor) throw new Error(`no monitor for ${site.slug}`);
    Object.assign(texts, await store.blockTexts(monitor.id));
    replayed.push({ site, monitor, scans: corpus.sites.get(site.slug)?.scans ?? [] });
  }
  return {
    sites: replayed,
    today: ({ monitor, history, scan }) =>
      detectChanges({ monitor, history, scan, blockTexts: texts }).map((change) => ({ type: change.type, subject: change.subject ?? '' })),
    legacyText: (scan) => (scan.content?.blocks ?? []).map((hash) => texts[hash] ?? '').join(' '),
  };
}

function withScenarios(sites: readonly ReplayedSite[]): (ReplayedSite & { site: Scenario })[] {
  return sites.flatMap((entry) => {
    const scenario = SCENARIOS.find((candidate) => candidate.slug === entry.site.slug);
    return scenario ? [{ ...entry, site: scenario }] : [];
  });
}

const LABEL_WIDTH = 62;

type Figures = { readonly noise: ReadonlyMap<NoiseKind | 'all', NoiseScore>; readonly scenarios: ScenarioScore };

function printTable(today: Figures, before: Figures | null, print: (line: string) => void, unavailable: string | null): void {
  const column = (figures: Figures | null, cell: (figures: Figures) => string) => (figures ? cell(figures) : '—').padEnd(18);
  const row = (label: string, cell: (figures: Figures) => string) => print(`    ${label.padEnd(LABEL_WIDTH)}${column(today, cell)}${column(before, cell)}`);
  print(`    ${''.padEnd(LABEL_WIDTH)}${'today'.padEnd(18)}${`before (${LEGACY_COMMIT})`.padEnd(18)}`);
  const s = (figures: Figures) => figures.scenarios;
  row('real changes reported by the 2nd scan after', (f) => `${s(f).inTime} / ${s(f).expected}`);
  row('real changes reported at all (5 scans)', (f) => `${s(f).ever} / ${s(f).expected}`);
  row('scans to detection (median, max)', (f) => `${percentile(s(f).scansToDetection, 0.5)}, ${Math.max(0, ...s(f).scansToDetection)}`);
  row('false alarms in the scenarios / comparisons', (f) => `${s(f).falseAlarms} / ${s(f).comparisons}`);
  for (const kind of ['all', ...NOISE_KINDS] as const) {
    const label = kind === 'all' ? 'noise, every kind at once (11 shapes)' : `noise: ${kind} alone (3 shapes)`;
    row(`${label}: false alarms / comparisons`, (f) => {
      const score = f.noise.get(kind);
      return score ? `${score.falseAlarms} / ${score.comparisons}` : '—';
    });
  }
  if (unavailable) print(`    (before: ${unavailable})`);
  for (const entry of [...today.noise.values()].flatMap((score) => score.alarms)) print(`    today reported ${entry} on a noise site`);
  for (const entry of today.scenarios.missed) print(`    today missed ${entry}`);
  for (const entry of today.scenarios.unexpected) print(`    today reported ${entry}, which the scenario did not change`);
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}
