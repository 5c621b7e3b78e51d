import type { GradePeriod } from './history.ts';
import type { Bucket } from './series.ts';

/**
 * Geometry for the inline SVG charts, computed at build time: the pages only place the
 * shapes, so charts read without JavaScript and cost a few kilobytes each. Coordinates are
 * whole units of a view box about as wide as the chart is drawn: finer than a pixel on most screens, and short markup.
 */

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const LINE_FRAME: Frame = { width: 480, height: 180, left: 58, right: 10, top: 10, bottom: 24 };

export interface Tick {
  readonly pos: number;
  readonly label: string;
}

export interface Guide {
  readonly y: number;
  readonly label: string;
}

export interface LineChartShape {
  readonly frame: Frame;
  readonly line: string;
  /** Min–max band of downsampled buckets; null when every bucket is one scan. */
  readonly band: string | null;
  readonly yTicks: Tick[];
  readonly xTicks: Tick[];
  readonly alert: Guide | null;
  readonly baseline: Guide | null;
  readonly last: { readonly x: number; readonly y: number };
}

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const Y_TICKS = 4;
const MAX_X_TICKS = 7;
const HEADROOM = 1.08;

export function round(value: number): number {
  return Math.round(value);
}

export function lineChartShape(
  buckets: readonly Bucket[],
  options: { format: (value: number) => string; alertAbove?: number | null; baseline?: number | null; frame?: Frame; wholeNumbers?: boolean },
): LineChartShape | null {
  const first = buckets[0];
  const lastBucket = buckets.at(-1);
  if (!first || !lastBucket) return null;
  const frame = options.frame ?? LINE_FRAME;
  const [t0, t1] = first.t === lastBucket.t ? [first.t - DAY_MS / 2, first.t + DAY_MS / 2] : [first.t, lastBucket.t];
  const highest = Math.max(...buckets.map((bucket) => bucket.max), options.alertAbove ?? 0, options.baseline ?? 0);
  const yTickValues = niceTicks(highest * HEADROOM, Y_TICKS, options.wholeNumbers ? 1 : 0);
  const yMax = yTickValues.at(-1) ?? 1;
  const x = (t: number) => round(frame.left + ((t - t0) / (t1 - t0)) * (frame.width - frame.left - frame.right));
  const y = (v: number) => round(frame.height - frame.bottom - (v / yMax) * (frame.height - frame.top - frame.bottom));
  const points = (values: readonly (readonly [number, number])[]) => values.map(([px, py]) => `${px},${py}`).join(' ');
  const guide = (value: number | null | undefined, label: string): Guide | null =>
    value === null || value === undefined ? null : { y: y(value), label: `${label} ${options.format(value)}` };

  return {
    frame,
    line: points(buckets.map((bucket) => [x(bucket.t), y(bucket.mid)])),
    band: buckets.some((bucket) => bucket.count > 1)
      ? points([
          ...buckets.map((bucket) => [x(bucket.t), y(bucket.max)] as const),
          ...[...buckets].reverse().map((bucket) => [x(bucket.t), y(bucket.min)] as const),
        ])
      : null,
    yTicks: yTickValues.map((value) => ({ pos: y(value), label: options.format(value) })),
    xTicks: timeTicks(t0, t1).map((tick) => ({ pos: x(tick.t), label: tick.label })),
    alert: guide(options.alertAbove, 'alert above'),
    baseline: guide(options.baseline, 'baseline'),
    last: { x: x(lastBucket.t), y: y(lastBucket.mid) },
  };
}

/** Round tick values from 0 to at least `max`: steps of 1, 2, 2.5 or 5 times a power of ten, at least `minStep`. */
export function niceTicks(max: number, count = Y_TICKS, minStep = 0): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(minStep, ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power);
  const ticks: number[] = [];
  for (let value = 0; value < max + step / 2; value += step) ticks.push(Number(value.toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

type TickUnit = { readonly months: number } | { readonly days: number };
const TICK_UNITS: readonly TickUnit[] = [
  { days: 1 },
  { days: 2 },
  { days: 7 },
  { days: 14 },
  { months: 1 },
  { months: 2 },
  { months: 3 },
  { months: 6 },
  { months: 12 },
];

/** Calendar-aligned time ticks (UTC) inside [t0, t1]: days, weeks or months, at most MAX_X_TICKS. */
export function timeTicks(t0: number, t1: number, maxTicks = MAX_X_TICKS): { t: number; label: string }[] {
  for (const unit of TICK_UNITS) {
    const ticks = ticksOf(unit, t0, t1);
    if (ticks.length <= maxTicks) return ticks;
  }
  return [];
}

function ticksOf(unit: TickUnit, t0: number, t1: number): { t: number; label: string }[] {
  const ticks: { t: number; label: string }[] = [];
  if ('days' in unit) {
    for (let t = Math.ceil(t0 / DAY_MS) * DAY_MS; t <= t1; t += unit.days * DAY_MS) {
      const date = new Date(t);
      ticks.push({ t, label: `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}` });
    }
    return ticks;
  }
  const start = new Date(t0);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + (Date.UTC(year, start.getUTCMonth(), 1) < t0 ? 1 : 0);
  month = Math.ceil(month / unit.months) * unit.months;
  for (;;) {
    year += Math.floor(month / 12);
    month %= 12;
    const t = Date.UTC(year, month, 1);
    if (t > t1) return ticks;
    ticks.push({ t, label: month === 0 || ticks.length === 0 ? `${MONTHS[month]} ${year}` : (MONTHS[month] ?? '') });
    month += unit.months;
  }
}

export interface GradeBlock {
  readonly x: number;
  readonly width: number;
  readonly period: GradePeriod;
}

/** Each grade held from its first scan until the next grade's first scan. */
export function gradeBlocks(periods: readonly GradePeriod[], width: number): GradeBlock[] {
  const first = periods[0];
  const last = periods.at(-1);
  if (!first || !last) return [];
  const t0 = Date.parse(first.from);
  const span = Math.max(1, Date.parse(last.to) - t0);
  return periods.map((period, index) => {
    const start = Date.parse(period.from);
    const end = Date.parse(periods[index + 1]?.from ?? last.to);
    const x = round(((start - t0) / span) * width);
    return { x, width: Math.max(1, round(((end - start) / span) * width)), period };
  });
}

/** Polyline points for a small trend chart, scaled to its own range (flat when constant). */
export function sparkline(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const low = Math.min(...values);
  const range = Math.max(...values) - low;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const tenth = (value: number) => Math.round(value * 10) / 10;
  return values
    .map((value, index) => `${tenth(index * step)},${tenth(range === 0 ? height / 2 : height - 1 - ((value - low) / range) * (height - 2))}`)
    .join(' ');
}

export interface Bar {
  readonly x: number;
  readonly width: number;
  readonly completed: { readonly y: number; readonly height: number };
  readonly failed: { readonly y: number; readonly height: number };
}

/** Stacked daily bars (completed below, failed on top) over a shared scale. */
export function stackedBars(days: readonly { completed: number; failed: number }[], frame: Frame): { bars: Bar[]; yTicks: Tick[] } {
  const ticks = niceTicks(Math.max(1, ...days.map((day) => day.completed + day.failed)), 3);
  const yMax = ticks.at(-1) ?? 1;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const slot = (frame.width - frame.left - frame.right) / Math.max(1, days.length);
  const scale = (count: number) => round((count / yMax) * plotHeight);
  const floor = frame.height - frame.bottom;
  return {
    bars: days.map((day, index) => {
      const completed = scale(day.completed);
      const failed = scale(day.failed);
      return {
        x: round(frame.left + index * slot + slot * 0.15),
        width: round(slot * 0.7),
        completed: { y: round(floor - completed), height: completed },
        failed: { y: round(floor - completed - failed), height: failed },
      };
    }),
    yTicks: ticks.map((value) => ({ pos: round(floor - (value / yMax) * plotHeight), label: String(value) })),
  };
}
