import { describe, expect, it } from 'vitest';
import { gradeBlocks, LINE_FRAME, lineChartShape, niceTicks, sparkline, stackedBars, timeTicks } from '../../site/src/lib/chart.ts';

const DAY = 86_400_000;

describe('niceTicks', () => {
  it.each([
    [0, [0, 1]],
    [1, [0, 0.25, 0.5, 0.75, 1]],
    [9, [0, 2.5, 5, 7.5, 10]],
    [2900, [0, 1000, 2000, 3000]],
    [0.13, [0, 0.05, 0.1, 0.15]],
  ])('from 0 to at least %d', (max, expected) => {
    expect(niceTicks(max, 4)).toEqual(expected);
  });
});

describe('timeTicks', () => {
  it('marks days over a short span', () => {
    const start = Date.UTC(2026, 10, 1, 12);
    expect(timeTicks(start, start + 3 * DAY).map((tick) => tick.label)).toEqual(['Nov 2', 'Nov 3', 'Nov 4']);
  });

  it('marks months over a year, naming the year at January and the first tick', () => {
    const labels = timeTicks(Date.UTC(2025, 10, 28), Date.UTC(2026, 10, 28)).map((tick) => tick.label);
    expect(labels.length).toBeLessThanOrEqual(7);
    expect(labels[0]).toMatch(/^[A-Z][a-z]{2} 202[56]$/);
    expect(labels).toContain('Jan 2026');
  });
});

describe('lineChartShape', () => {
  const bucket = (day: number, mid: number, count = 1) => ({
    t: Date.UTC(2026, 10, 1) + day * DAY,
    mid,
    min: mid - (count > 1 ? 10 : 0),
    max: mid + (count > 1 ? 10 : 0),
    count,
  });

  it('is null without data', () => {
    expect(lineChartShape([], { format: String })).toBeNull();
  });

  it('places the alert line above the baseline and keeps every point inside the plot', () => {
    const shape = lineChartShape([bucket(0, 100), bucket(1, 120), bucket(2, 110)], { format: String, baseline: 110, alertAbove: 150 });
    expect(shape?.alert?.label).toBe('alert above 150');
    expect(shape?.alert?.y).toBeLessThan(shape?.baseline?.y ?? 0);
    const coordinates = (shape?.line ?? '').split(' ').map((pair) => pair.split(',').map(Number));
    for (const [x = -1, y = -1] of coordinates) {
      expect(x).toBeGreaterThanOrEqual(LINE_FRAME.left);
      expect(x).toBeLessThanOrEqual(LINE_FRAME.width - LINE_FRAME.right);
      expect(y).toBeGreaterThanOrEqual(LINE_FRAME.top);
      expect(y).toBeLessThanOrEqual(LINE_FRAME.height - LINE_FRAME.bottom);
    }
    expect(shape?.band).toBeNull();
  });

  it('draws a band when buckets hold several scans, and handles a single point', () => {
    expect(lineChartShape([bucket(0, 100, 4), bucket(1, 90, 3)], { format: String })?.band).not.toBeNull();
    expect(lineChartShape([bucket(0, 100)], { format: String })?.line).toMatch(/^\d+,\d+$/);
  });
});

describe('gradeBlocks', () => {
  it('holds each grade until the next one starts, across the full width', () => {
    const blocks = gradeBlocks(
      [
        { grade: 'B', score: 70, from: '2026-01-01T00:00:00.000Z', to: '2026-01-10T00:00:00.000Z' },
        { grade: 'A', score: 90, from: '2026-01-11T00:00:00.000Z', to: '2026-01-21T00:00:00.000Z' },
      ],
      200,
    );
    expect(blocks.map((block) => [block.x, block.width, block.period.grade])).toEqual([
      [0, 100, 'B'],
      [100, 100, 'A'],
    ]);
  });
});

describe('sparkline and stackedBars', () => {
  it('scales a trend to its own range and draws a constant one flat', () => {
    expect(sparkline([1, 3], 10, 10)).toBe('0,9 10,1');
    expect(sparkline([2, 2, 2], 10, 10)).toBe('0,5 5,5 10,5');
  });

  it('stacks failed attempts on completed ones on one scale', () => {
    const { bars, yTicks } = stackedBars(
      [
        { completed: 8, failed: 2 },
        { completed: 0, failed: 0 },
      ],
      { width: 120, height: 120, left: 20, right: 0, top: 10, bottom: 10 },
    );
    expect(yTicks.at(-1)?.label).toBe('10');
    expect(bars[0]?.completed.height).toBe(80);
    expect(bars[0]?.failed).toEqual({ y: 10, height: 20 });
    expect(bars[1]?.completed.height).toBe(0);
  });
});

describe('whole-number scales', () => {
  it('never ticks between whole sites', () => {
    expect(niceTicks(1.08, 4, 1)).toEqual([0, 1, 2]);
    const bucket = { t: Date.UTC(2026, 0, 1), mid: 1, min: 1, max: 1, count: 1 };
    expect(
      lineChartShape([bucket, { ...bucket, t: bucket.t + DAY, mid: 2, max: 2, min: 2 }], { format: String, wholeNumbers: true })?.yTicks.map(
        (tick) => tick.label,
      ),
    ).toEqual(['0', '1', '2', '3']);
  });
});
