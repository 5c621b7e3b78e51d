import { describe, expect, it } from 'vitest';
import { mean, overheadBeyondLoad, peakOverlap, percentile, wholeNumberOption } from '../../scripts/bench/figures.ts';

describe('percentile (nearest rank)', () => {
  const values = [40, 10, 30, 20, 50, 60, 70, 80, 90, 100];
  it.each([
    [50, 50],
    [95, 100],
    [10, 10],
    [100, 100],
    [1, 10],
  ])('p%i of 10..100 is %i', (p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('rounds and handles one value and none', () => {
    expect(percentile([1234.6], 95)).toBe(1235);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('overheadBeyondLoad', () => {
  it('subtracts each page load from its own scan before taking percentiles', () => {
    const samples = [
      { totalMs: 1500, loadMs: 500 },
      { totalMs: 3000, loadMs: 2500 },
      { totalMs: 2000, loadMs: 200 },
    ];
    expect(overheadBeyondLoad(samples)).toEqual({ samples: 3, median: 1000, p95: 1800, loadMedian: 500, totalMedian: 2000 });
  });
});

describe('peakOverlap', () => {
  it.each([
    ['none', [], 0],
    ['one', [{ start: 0, end: 10 }], 1],
    [
      'back to back',
      [
        { start: 0, end: 10 },
        { start: 10, end: 20 },
      ],
      1,
    ],
    [
      'nested',
      [
        { start: 0, end: 100 },
        { start: 10, end: 20 },
        { start: 15, end: 30 },
      ],
      3,
    ],
    [
      'a pool of two',
      [
        { start: 0, end: 10 },
        { start: 0, end: 5 },
        { start: 5, end: 12 },
        { start: 10, end: 15 },
      ],
      2,
    ],
  ])('%s', (_name, intervals, expected) => {
    expect(peakOverlap(intervals)).toBe(expected);
  });
});

describe('wholeNumberOption and mean', () => {
  it('accepts whole numbers from 1 and names the option otherwise', () => {
    expect(wholeNumberOption('100', 'monitors')).toBe(100);
    for (const bad of ['0', '-1', '2.5', 'many', undefined]) expect(() => wholeNumberOption(bad, 'monitors')).toThrow(/--monitors must be a whole number/);
  });

  it('averages, and is NaN for nothing', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });
});
