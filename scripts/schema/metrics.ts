import { formatBytes, formatMs } from '../shared/wording.ts';

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

const CLS_DECIMALS = 3;

export const METRICS: Readonly<Record<PerformanceMetric, MetricInfo>> = {
  ttfbMs: { label: 'Time to first byte', short: 'TTFB', unit: 'ms', worse: 'slower', better: 'faster' },
  fcpMs: { label: 'First Contentful Paint', short: 'FCP', unit: 'ms', worse: 'slower', better: 'faster' },
  lcpMs: { label: 'Largest Contentful Paint', short: 'LCP', unit: 'ms', worse: 'slower', better: 'faster' },
  cls: { label: 'Cumulative Layout Shift', short: 'CLS', unit: 'score', worse: 'worse', better: 'better' },
  transferBytes: { label: 'Transfer size', short: 'Transfer size', unit: 'bytes', worse: 'heavier', better: 'lighter' },
};

/** `1.50 s`, `420 ms`, `538 kB`, `0.012`: a metric's value as every surface prints it. */
export function formatMetric(metric: PerformanceMetric, value: number): string {
  switch (METRICS[metric].unit) {
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'score':
      return value.toFixed(CLS_DECIMALS);
  }
}
