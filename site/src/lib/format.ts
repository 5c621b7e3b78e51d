import type { PerformanceMetric } from '../../../scripts/schema/monitor.ts';

/** Display formats. Times are shown in UTC so every reader and every build sees the same text. */

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 2)} s` : `${Math.round(ms)} ms`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB'] as const;

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

export function formatCls(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(3);
}

export function formatPercent(ratio: number | null): string {
  if (ratio === null) return '—';
  const percent = ratio * 100;
  return `${percent === 100 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

export function formatCount(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : plural}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}

export interface MetricInfo {
  readonly label: string;
  readonly short: string;
  readonly format: (value: number | null) => string;
}

export const METRICS: Record<PerformanceMetric, MetricInfo> = {
  ttfbMs: { label: 'Time to first byte', short: 'TTFB', format: formatMs },
  fcpMs: { label: 'First Contentful Paint', short: 'FCP', format: formatMs },
  lcpMs: { label: 'Largest Contentful Paint', short: 'LCP', format: formatMs },
  cls: { label: 'Cumulative Layout Shift', short: 'CLS', format: formatCls },
  transferBytes: { label: 'Transfer size', short: 'Transfer', format: formatBytes },
};

/** `React 18.2.0` or `React` when the version is unknown. */
export function withVersion(name: string, version: string | null): string {
  return version ? `${name} ${version}` : name;
}
