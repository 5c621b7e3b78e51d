/**
 * Long histories become short series before they reach a page: a year of 6-hourly scans is
 * 1,460 points per metric, a chart needs a hundred or so. Each bucket keeps its median (the
 * line) and its range (the band), so spikes stay visible after downsampling.
 */

export interface Point {
  readonly t: number;
  readonly v: number;
  /** A point that stands for several measurements (a compacted day): their range and number. */
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
}

export interface Bucket {
  /** Milliseconds since the epoch: the median time of the bucket's points. */
  readonly t: number;
  readonly mid: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export const CHART_BUCKETS = 120;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** Points must be in time order. Returns at most `maxBuckets` buckets of equal time span. */
export function downsample(points: readonly Point[], maxBuckets = CHART_BUCKETS): Bucket[] {
  if (points.length <= maxBuckets) return points.map(({ t, v, min, max, count }) => ({ t, mid: v, min: min ?? v, max: max ?? v, count: count ?? 1 }));
  const first = points[0]?.t ?? 0;
  const span = Math.max(1, (points.at(-1)?.t ?? first) - first);
  const groups: Point[][] = Array.from({ length: maxBuckets }, () => []);
  for (const point of points) {
    const index = Math.min(maxBuckets - 1, Math.floor(((point.t - first) / span) * maxBuckets));
    groups[index]?.push(point);
  }
  return groups
    .filter((group) => group.length > 0)
    .map((group) => {
      const values = group.map((point) => point.v);
      return {
        t: group[Math.floor(group.length / 2)]?.t ?? first,
        mid: median(values) ?? 0,
        min: Math.min(...group.map((point) => point.min ?? point.v)),
        max: Math.max(...group.map((point) => point.max ?? point.v)),
        count: group.reduce((sum, point) => sum + (point.count ?? 1), 0),
      };
    });
}
