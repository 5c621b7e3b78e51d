import { describe, expect, it } from 'vitest';
import { compactionAfter, objectKind } from '../../scripts/bench/scale-growth.ts';
import { projectClone, projectPacked, RUNS_PER_YEAR } from '../../scripts/bench/scale-projection.ts';

const sample = {
  monitors: 10,
  runs: RUNS_PER_YEAR,
  scans: 10 * RUNS_PER_YEAR,
  packedBytes: 10 * RUNS_PER_YEAR * 900,
  clone: { packBytes: 2000, dataBytes: 4000 },
  halfwayRuns: RUNS_PER_YEAR / 2,
  halfwayClone: { packBytes: 1000, dataBytes: 3000 },
};

describe('projectPacked', () => {
  it.each([
    [10, 1, 10 * RUNS_PER_YEAR * 900],
    [100, 3, 100 * 3 * RUNS_PER_YEAR * 900],
  ])('%i monitors × %i years at 900 B per scan', (monitors, years, expected) => {
    expect(projectPacked(sample, { monitors, years })).toBeCloseTo(expected);
  });
});

describe('projectClone', () => {
  it('is the measured clone at the simulated scale and grows by the second half’s rate after it', () => {
    expect(projectClone(sample, { monitors: 10, years: 1 }, 'packBytes')).toBeCloseTo(2000);
    // 1,000 bytes per half year across 10 monitors: 100 bytes per monitor per half year.
    expect(projectClone(sample, { monitors: 100, years: 3 }, 'packBytes')).toBeCloseTo(100 * (200 + 4 * 100));
    expect(projectClone(sample, { monitors: 10, years: 2 }, 'dataBytes')).toBeCloseTo(4000 + 2 * 1000);
  });
});

describe('compactionAfter (compact.yml: the 3rd at 04:41 UTC)', () => {
  it.each([
    ['2026-01-01T00:00:00.000Z', '2026-01-03T04:41:00.000Z'],
    ['2026-01-03T04:41:00.000Z', '2026-02-03T04:41:00.000Z'],
    ['2026-12-20T00:00:00.000Z', '2027-01-03T04:41:00.000Z'],
  ])('after %s comes %s', (time, expected) => {
    expect(new Date(compactionAfter(Date.parse(time))).toISOString()).toBe(expected);
  });
});

describe('objectKind', () => {
  it.each([
    ['commit', '', 'commits'],
    ['tree', 'data/monitors/acme', 'folders (tree objects)'],
    ['blob', 'monitors/acme/a.yaml', null],
    ['blob', 'data/monitors/acme/a/latest.json', 'latest.json'],
    ['blob', 'data/monitors/acme/a/scans/2026-11.jsonl', 'scan history'],
    ['blob', 'data/monitors/acme/a/days/2026-01.jsonl', 'day rollups'],
    ['blob', 'data/runs/2026-11.jsonl', 'run records'],
    ['blob', 'data/alerts/pending.json', 'other'],
  ])('%s %s is %s', (type, path, expected) => {
    expect(objectKind(type, path)).toBe(expected);
  });
});
