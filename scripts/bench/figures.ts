/** Small helpers the benchmarks share: command-line sizes, percentiles, units. */

/** A `--name` option that must be a whole number ≥ 1. */
export function wholeNumberOption(raw: string | undefined, name: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}

/** The nearest-rank percentile `p` (0–100), rounded to a whole number; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

export function kilobytes(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}

/** How a figure compares with its target or budget. */
export function verdict(ok: boolean): string {
  return ok ? 'ok' : 'OVER TARGET';
}

/** How long a scan took in all (`totalMs`) and how long the page took to load in the browser (`loadMs`). */
export interface LoadSample {
  readonly totalMs: number;
  readonly loadMs: number;
}

/**
 * The time a scan spends beyond the page's own load time: `totalMs − loadMs` per sample, where
 * `loadMs` is the browser's `loadEventEnd` (navigation timing) for the main document.
 */
export function overheadBeyondLoad(samples: readonly LoadSample[]) {
  const overheads = samples.map((sample) => sample.totalMs - sample.loadMs);
  return {
    samples: samples.length,
    median: percentile(overheads, 50),
    p95: percentile(overheads, 95),
    loadMedian: percentile(
      samples.map((sample) => sample.loadMs),
      50,
    ),
    totalMedian: percentile(
      samples.map((sample) => sample.totalMs),
      50,
    ),
  };
}

/** The most intervals open at one moment; one ending when another starts does not overlap it. */
export function peakOverlap(intervals: readonly { readonly start: number; readonly end: number }[]): number {
  const events = intervals.flatMap((interval) => [
    { at: interval.start, delta: 1 },
    { at: interval.end, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let peak = 0;
  for (const event of events) {
    open += event.delta;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** `count` events over `ms`, per minute, as a whole number. */
export function perMinute(count: number, ms: number): string {
  return ((count / ms) * 60_000).toFixed(0);
}

/** A measured time in seconds, to a tenth by default: `83.7 s`. */
export function seconds(ms: number, digits = 1): string {
  return `${(ms / 1000).toFixed(digits)} s`;
}
