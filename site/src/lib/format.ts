import { formatMetric, METRICS, type PerformanceMetric } from '../../../scripts/schema/metrics.ts';
import { formatDuration as duration, NONE } from '../../../scripts/shared/wording.ts';

/**
 * The site's display formats: the shared wording and figures (scripts/shared/wording.ts) and
 * metric formats (scripts/schema/metrics.ts), so a scan reads on a page as it does in a digest
 * and in the CLI, plus a dash where the data has no value. Times are shown in UTC so every
 * reader and every build sees the same text.
 */

export { formatDate, formatUtc as formatTime, NONE, plural as formatCount, signedPercent } from '../../../scripts/shared/wording.ts';
export { METRICS };

/** A metric's value as every surface prints it, or a dash when it was not measured. */
export function metricValue(metric: PerformanceMetric, value: number | null | undefined): string {
  return value === null || value === undefined ? NONE : formatMetric(metric, value);
}

/** How long a scan, job or run took, or a dash. */
export function formatDuration(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? NONE : duration(ms);
}

export function formatPercent(ratio: number | null): string {
  if (ratio === null) return NONE;
  const percent = ratio * 100;
  return `${percent === 100 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/** `React 18.2.0` or `React` when the version is unknown. */
export function withVersion(name: string, version: string | null): string {
  return version ? `${name} ${version}` : name;
}
