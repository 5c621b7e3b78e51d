import { describe, expect, it } from 'vitest';
import { downsample, median } from '../../site/src/lib/series.ts';

describe('median', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('of %j is %j', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('downsample', () => {
  const points = (count: number) => Array.from({ length: count }, (_, index) => ({ t: index * 1000, v: index === 700 ? 5000 : index % 7 }));

  it('keeps short series point for point', () => {
    expect(downsample(points(5), 10)).toEqual(points(5).map(({ t, v }) => ({ t, mid: v, min: v, max: v, count: 1 })));
  });

  it('cuts long series to at most the bucket count, in time order, keeping every point and the spikes', () => {
    const buckets = downsample(points(1460), 120);
    expect(buckets.length).toBeLessThanOrEqual(120);
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(1460);
    expect(buckets.map((bucket) => bucket.t)).toEqual([...buckets.map((bucket) => bucket.t)].sort((a, b) => a - b));
    expect(Math.max(...buckets.map((bucket) => bucket.max))).toBe(5000);
    expect(buckets.every((bucket) => bucket.min <= bucket.mid && bucket.mid <= bucket.max)).toBe(true);
  });
});
