import type { Monitor } from '../../schema/monitor.ts';
import type { ScanResult } from '../../schema/scan.ts';
import type { NoiseKind } from './noise.ts';
import type { Scenario } from './scenarios.ts';
import type { CorpusSite } from './server.ts';

/**
 * A scanned corpus replayed scan by scan through a detector, as `run` would have called it
 * after each scan, and scored: false alarms per comparison on the noise sites (by noise kind),
 * and for the scenarios the expected changes caught by the second scan after them, how many
 * scans each took, and what was reported that did not happen.
 */

/** What a detector reported for one scan: the type and subject of each change. */
export interface Reported {
  readonly type: string;
  readonly subject: string;
}

export type Detector = (input: { readonly monitor: Monitor; readonly history: readonly ScanResult[]; readonly scan: ScanResult }) => readonly Reported[];

export interface ReplayedSite {
  readonly site: CorpusSite;
  readonly monitor: Monitor;
  readonly scans: readonly ScanResult[];
}

/** Per noise kind: the comparisons made on sites with that noise, and the changes reported there. */
export interface NoiseScore {
  readonly comparisons: number;
  readonly falseAlarms: number;
  /** Each false alarm as `site: type subject @run`. */
  readonly alarms: readonly string[];
}

export interface ScenarioScore {
  readonly expected: number;
  /** Reported by the second scan after the change. */
  readonly inTime: number;
  /** Reported at all, however late. */
  readonly ever: number;
  /** Scans from the change's first scan to the report, for each change reported. */
  readonly scansToDetection: readonly number[];
  readonly falseAlarms: number;
  readonly comparisons: number;
  /** The expected changes never reported and the reports nothing expected, as `site: type subject`. */
  readonly missed: readonly string[];
  readonly unexpected: readonly string[];
}

export function replayNoise(sites: readonly ReplayedSite[], detect: Detector): Map<NoiseKind | 'all', NoiseScore> {
  const scores = new Map<NoiseKind | 'all', { comparisons: number; falseAlarms: number; alarms: string[] }>();
  for (const { site, monitor, scans } of sites) {
    const key: NoiseKind | 'all' = site.noise.length === 1 && site.noise[0] ? site.noise[0] : 'all';
    const score = scores.get(key) ?? { comparisons: 0, falseAlarms: 0, alarms: [] };
    for (let index = 1; index < scans.length; index += 1) {
      const scan = scans[index];
      if (!scan) continue;
      score.comparisons += 1;
      const reported = detect({ monitor, history: scans.slice(0, index), scan });
      score.falseAlarms += reported.length;
      score.alarms.push(...reported.map((change) => `${site.slug}: ${change.type} ${change.subject} @${index}`));
    }
    scores.set(key, score);
  }
  return scores;
}

export function replayScenarios(sites: readonly (ReplayedSite & { readonly site: Scenario })[], detect: Detector): ScenarioScore {
  let expected = 0;
  let inTime = 0;
  let ever = 0;
  let falseAlarms = 0;
  let comparisons = 0;
  const scansToDetection: number[] = [];
  const missed: string[] = [];
  const unexpected: string[] = [];
  for (const { site, monitor, scans } of sites) {
    const named = (change: { readonly type: string; readonly subject: string }) => `${site.slug}: ${change.type} ${change.subject}`;
    const reports = scans.flatMap((scan, index) =>
      index === 0 ? [] : detect({ monitor, history: scans.slice(0, index), scan }).map((change) => ({ ...change, run: index })),
    );
    comparisons += Math.max(0, scans.length - 1);
    const unmatched = [...reports];
    for (const change of site.expected) {
      expected += 1;
      const found = unmatched.findIndex((report) => report.type === change.type && report.subject === change.subject);
      const report = unmatched[found];
      if (!report) {
        missed.push(named(change));
        continue;
      }
      unmatched.splice(found, 1);
      ever += 1;
      if (report.run <= change.by) inTime += 1;
      scansToDetection.push(report.run - change.appears + 1);
    }
    const allowed = site.allowed ?? [];
    const alarms = unmatched.filter((report) => !allowed.some((change) => change.type === report.type && change.subject === report.subject));
    falseAlarms += alarms.length;
    unexpected.push(...alarms.map((report) => `${named(report)} @${report.run}`));
  }
  return { expected, inTime, ever, scansToDetection, falseAlarms, comparisons, missed, unexpected };
}
