import { describe, expect, it } from 'vitest';
import { NOISE_KINDS } from '../../scripts/bench/corpus/noise.ts';
import { NOISE_RUNS, NOISE_SITES, runsOf, SCENARIOS, type ExpectedChange, type Scenario } from '../../scripts/bench/corpus/scenarios.ts';
import { runOf, scanCorpus, type ScannedCorpus } from '../../scripts/bench/corpus/scan-corpus.ts';
import { SITE_SHAPES } from '../../scripts/bench/corpus/sites.ts';
import type { Change } from '../../scripts/schema/change.ts';
import type { ScanResult } from '../../scripts/schema/scan.ts';
import { startCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Change detection end to end on the corpus (scripts/bench/corpus/): the real `run` command
 * scans local sites of every shape in a real Chromium, run after run, as a repository on a
 * 6-hourly schedule would.
 *
 * - Noise: a site of each shape with every kind of volatile content, scanned 10 times, reports
 *   nothing.
 * - Changes: each scenario changes one thing at run 1 or 3; exactly the expected changes are
 *   reported, each by the second scan that shows it, and nothing else.
 */

const ENV = { TECHSCAN_OFFLINE: '1' };
/**
 * A process per run, as a workflow runs it, at a lower priority: the sites' server keeps this
 * process to itself and answers as a remote site's machine would (sharing two cores with the
 * starting scanner, its first answers of a run took up to 1.5 s, measured as the sites' paint times).
 */
const runCommand = (argv: readonly string[], cwd: string) => startCli(argv, { cwd, env: ENV, yieldCpu: true }).done;
const TIMEOUT = { timeout: 600_000 };

function reported(corpus: Pick<ScannedCorpus, 'sites'>, slug: string): string[] {
  const site = corpus.sites.get(slug);
  if (!site) throw new Error(`no site ${slug}`);
  return site.changes.map((change) => `${change.type} ${change.subject ?? ''} @${runOf(change, site.scans)}`).sort();
}

describe('the noise corpus', () => {
  it('covers every site shape and every noise kind', () => {
    expect(new Set(NOISE_SITES.map((site) => site.shape))).toEqual(new Set(SITE_SHAPES));
    expect(NOISE_SITES.length).toBeGreaterThanOrEqual(10);
    for (const site of NOISE_SITES) expect(site.noise).toEqual(NOISE_KINDS);
  });

  it(`reports no change in ${NOISE_RUNS} scans of any site`, TIMEOUT, async () => {
    const corpus = await scanCorpus({ sites: NOISE_SITES, runs: NOISE_RUNS, dir: await tempDir(), runCommand });
    for (const site of NOISE_SITES) {
      const scanned = corpus.sites.get(site.slug);
      expect(
        scanned?.scans.map((scan) => scan.ok),
        site.slug,
      ).toEqual(Array.from({ length: NOISE_RUNS }, () => true));
    }
    // All sites at once, so a failure shows every site that reported something.
    expect(Object.fromEntries(NOISE_SITES.map((site) => [site.slug, reported(corpus, site.slug)]))).toEqual(
      Object.fromEntries(NOISE_SITES.map((site) => [site.slug, []])),
    );
  });
});

describe('the change scenarios', () => {
  it('are at least 30, each with its own site', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(SCENARIOS.map((scenario) => scenario.slug)).size).toBe(SCENARIOS.length);
  });

  it('report exactly the expected changes, each by the second scan after it', TIMEOUT, async () => {
    // Each scenario is scanned as often as it needs (3 scans for a change right after the baseline, 5 for a later one).
    const sites = new Map<string, { scans: ScanResult[]; changes: Change[] }>();
    for (const runs of [...new Set(SCENARIOS.map(runsOf))].sort()) {
      const part = await scanCorpus({ sites: SCENARIOS.filter((scenario) => runsOf(scenario) === runs), runs, dir: await tempDir(), runCommand });
      for (const [slug, scanned] of part.sites) sites.set(slug, { scans: [...scanned.scans], changes: [...scanned.changes] });
    }
    const corpus = { sites };
    const key = (change: ExpectedChange) => `${change.type} ${change.subject} @${change.by}`;
    // What may also be reported (a consequence the measuring machine decides) is left out of both sides.
    const seen = (scenario: Scenario) => reported(corpus, scenario.slug).filter((entry) => !(scenario.allowed ?? []).map(key).includes(entry));
    expect(Object.fromEntries(SCENARIOS.map((scenario) => [scenario.slug, seen(scenario)]))).toEqual(
      Object.fromEntries(SCENARIOS.map((scenario) => [scenario.slug, scenario.expected.map(key).sort()])),
    );
  });
});
