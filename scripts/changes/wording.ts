import type { PerformanceMetric } from '../schema/monitor.ts';

/**
 * Plain-text pieces of change summaries and excerpts. Text from scanned sites is untrusted:
 * it is kept on one line, without control characters, and cut to a bounded length.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+/g;

export function oneLine(text: string, maxChars: number): string {
  const clean = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return clean.length <= maxChars ? clean : `${clean.slice(0, maxChars - 1).trimEnd()}…`;
}

/** “Quoted” site text for a summary line. */
export function quoted(text: string | null, maxChars = 60): string {
  return text === null || text.trim() === '' ? '(none)' : `“${oneLine(text, maxChars)}”`;
}

export const METRIC_LABELS: Readonly<Record<PerformanceMetric, string>> = {
  ttfbMs: 'TTFB',
  fcpMs: 'FCP',
  lcpMs: 'LCP',
  cls: 'CLS',
  transferBytes: 'Page weight',
};

const KIB = 1024;
const MIB = 1024 * 1024;

export function formatMetric(metric: PerformanceMetric, value: number): string {
  switch (metric) {
    case 'cls':
      return value.toFixed(value < 0.1 ? 3 : 2);
    case 'transferBytes':
      if (value >= MIB) return `${(value / MIB).toFixed(1)} MB`;
      return value >= KIB ? `${Math.round(value / KIB)} KB` : `${Math.round(value)} B`;
    default:
      return value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s` : `${Math.round(value)} ms`;
  }
}

/** "+37%", "−12%" (a real minus sign, as people write it). */
export function signedPercent(percent: number): string {
  const rounded = Math.round(percent);
  return rounded >= 0 ? `+${rounded}%` : `−${Math.abs(rounded)}%`;
}

/** `2026-11-28 06:00 UTC`. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Percentages in records: one decimal, so records stay short and stable. */
export function roundPercent(percent: number): number {
  return Math.round(percent * 10) / 10;
}
