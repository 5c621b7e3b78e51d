/**
 * Pure: repository size at a scale that was not simulated, from a simulated sample
 * (scripts/bench/scale-growth.ts). Two projections, both linear and both stated as such:
 *
 * - the packed history grows by the sample's packed bytes per scan, per scan at the target
 *   scale (git keeps every committed version, compacted or not);
 * - a depth-1 clone is the sample's clone per monitor, plus the per-monitor growth per run it
 *   showed between the half-way clone and the last one, carried on for the remaining runs. With
 *   compaction that growth is its steady state (a bounded window of full history plus day
 *   rollups and change records); without it, it is the full history's.
 */

export const RUNS_PER_DAY = 4;
export const DAYS_PER_YEAR = 365;
export const RUNS_PER_YEAR = RUNS_PER_DAY * DAYS_PER_YEAR;

export interface CloneSize {
  /** The pack a depth-1 clone downloads. */
  readonly packBytes: number;
  /** data/ as that clone checks it out. */
  readonly dataBytes: number;
}

export interface GrowthSample {
  readonly monitors: number;
  readonly runs: number;
  readonly scans: number;
  /** The data history, packed. */
  readonly packedBytes: number;
  readonly clone: CloneSize;
  readonly halfwayRuns: number;
  readonly halfwayClone: CloneSize;
}

export interface Scale {
  readonly monitors: number;
  readonly years: number;
}

/** Scans a sample monitor had per run (below 1 when runs recorded no scan). */
function scansPerRun(sample: GrowthSample): number {
  return sample.scans / (sample.monitors * sample.runs);
}

export function projectPacked(sample: GrowthSample, scale: Scale): number {
  const scans = scale.monitors * scale.years * RUNS_PER_YEAR * scansPerRun(sample);
  return (sample.packedBytes / sample.scans) * scans;
}

export function projectClone(sample: GrowthSample, scale: Scale, part: keyof CloneSize): number {
  const perMonitor = sample.clone[part] / sample.monitors;
  const growthPerRun = (sample.clone[part] - sample.halfwayClone[part]) / (sample.runs - sample.halfwayRuns) / sample.monitors;
  return scale.monitors * (perMonitor + growthPerRun * (scale.years * RUNS_PER_YEAR - sample.runs));
}
