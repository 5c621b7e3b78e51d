/**
 * The performance metrics a scan records: each one's name, unit and how its values read, in
 * one place for the scan record, change detection, the digest, the CLI and the site. Sizes use
 * decimal units (1 kB = 1,000 bytes), as browsers' developer tools show transfer sizes.
 */

export const PERFORMANCE_METRICS = ['ttfbMs', 'fcpMs', 'lcpMs', 'cls', 'transferBytes'] as const;
export type PerformanceMetric = (typeof PERFORMANCE_METRICS)[number];

export interface MetricInfo {
  /** "Time to first byte". */
  readonly label: string;
  /** "TTFB": in summaries and chart legends. */
  readonly short: string;
  readonly unit: 'ms' | 'bytes' | 'score';
  /** Which way is worse, and the words for a move each way. */
  readonly worse: string;
  readonly better: string;
}

export const METRICS: Readonly<Record<PerformanceMetric, MetricInfo>> = {
  ttfbMs: { label: 'Time to first byte', short: 'TTFB', unit: 'ms', worse: 'slower', better: 'faster' },
  fcpMs: { label: 'First Contentful Paint', short: 'FCP', unit: 'ms', worse: 'slower', better: 'faster' },
  lcpMs: { label: 'Largest Contentful Paint', short: 'LCP', unit: 'ms', worse: 'slower', better: 'faster' },
  cls: { label: 'Cumulative Layout Shift', short: 'CLS', unit: 'score', worse: 'worse', better: 'better' },
  transferBytes: { label: 'Transfer size', short: 'Transfer size', unit: 'bytes', worse: 'heavier', better: 'lighter' },
};

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB'] as const;

/** `1.5 s`, `420 ms`, `538 kB`, `0.012`: a metric's value as every surface prints it. */
export function formatMetric(metric: PerformanceMetric, value: number): string {
  switch (METRICS[metric].unit) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'score':
      return value.toFixed(3);
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 2)} s` : `${Math.round(ms)} ms`;
}

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value >= 100 ? 0 : 1)} ${SIZE_UNITS[unit]}`;
}
