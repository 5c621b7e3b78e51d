import type { ChangeType } from '../../../scripts/schema/change-types.ts';
import type { Change } from '../../../scripts/schema/change.ts';
import { SEVERITIES, type Severity } from '../../../scripts/schema/common.ts';
import type { PerformanceMetric } from '../../../scripts/schema/monitor.ts';
import { pushTo } from './collections.ts';
import { formatBytes, formatCls, formatMs, formatTime, METRICS } from './format.ts';

export const CHANGE_TYPE_LABELS: Record<ChangeType, string> = {
  technology_added: 'Technology added',
  technology_removed: 'Technology removed',
  technology_version_changed: 'Version changed',
  performance_degraded: 'Performance degraded',
  performance_improved: 'Performance improved',
  security_header_added: 'Security header added',
  security_header_removed: 'Security header removed',
  security_header_changed: 'Security header changed',
  security_grade_changed: 'Security grade changed',
  infrastructure_changed: 'Infrastructure changed',
  certificate_expiring: 'Certificate expiring',
  redirect_changed: 'Redirect changed',
  content_changed: 'Content changed',
  site_down: 'Site down',
  site_recovered: 'Site recovered',
};

export type TechnologyChange = Extract<Change, { type: 'technology_added' | 'technology_removed' | 'technology_version_changed' }>;

export function isTechnologyChange(change: Change): change is TechnologyChange {
  return change.type === 'technology_added' || change.type === 'technology_removed' || change.type === 'technology_version_changed';
}

/** Newest first; ties broken by id so the order is stable between builds. */
export function newestFirst(a: Change, b: Change): number {
  return b.detectedAt.localeCompare(a.detectedAt) || a.id.localeCompare(b.id);
}

export function severityCounts(changes: readonly Change[]): Record<Severity | 'total', number> {
  const counts = { total: changes.length, high: 0, medium: 0, low: 0 };
  for (const change of changes) counts[change.severity] += 1;
  return counts;
}

export const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

/** Rows on one page of the changes list; a month with more is split into numbered pages. */
export const CHANGES_PER_PAGE = 400;
/** The changes page shows this many days; older ones are in the month archives. */
export const RECENT_CHANGE_DAYS = 30;

export interface ChangePage {
  readonly month: string;
  readonly page: number;
  readonly pages: number;
  readonly changes: readonly Change[];
}

/** Month archives (`YYYY-MM`, newest first), each cut into pages of `perPage`. */
export function changeArchive(changes: readonly Change[], perPage = CHANGES_PER_PAGE): ChangePage[] {
  const byMonth = new Map<string, Change[]>();
  for (const change of [...changes].sort(newestFirst)) {
    const month = change.detectedAt.slice(0, 7);
    pushTo(byMonth, month, change);
  }
  return [...byMonth].flatMap(([month, monthChanges]) => {
    const pages = Math.ceil(monthChanges.length / perPage);
    return Array.from({ length: pages }, (_, index) => ({
      month,
      page: index + 1,
      pages,
      changes: monthChanges.slice(index * perPage, (index + 1) * perPage),
    }));
  });
}

/** Label and value lines that explain a change beyond its summary; all values are plain text. */
export function changeDetails(change: Change): { label: string; value: string }[] {
  switch (change.type) {
    case 'technology_added':
    case 'technology_removed':
    case 'technology_version_changed':
      return [
        { label: 'Technology', value: change.data.technology },
        { label: 'Version', value: versionText(change.data.previousVersion, change.data.version, change.type) },
        { label: 'Categories', value: change.data.categories.join(', ') || '—' },
        { label: 'Confidence', value: `${change.data.confidence}%` },
      ];
    case 'performance_degraded':
    case 'performance_improved': {
      const format = metricFormat(change.data.metric);
      return [
        { label: 'Metric', value: METRICS[change.data.metric].label },
        { label: 'Value', value: `${format(change.data.value)} (baseline ${format(change.data.baseline)}, median of ${change.data.baselineScans} scans)` },
        { label: 'Change', value: `${signed(change.data.changePercent)}% (threshold ${change.data.thresholdPercent}%)` },
      ];
    }
    case 'security_header_added':
    case 'security_header_removed':
    case 'security_header_changed':
      return [
        { label: 'Header', value: change.data.header },
        { label: 'Before', value: change.data.previousValue ?? '(absent)' },
        { label: 'After', value: change.data.value ?? '(absent)' },
      ];
    case 'security_grade_changed':
      return [
        { label: 'Grade', value: `${change.data.previousGrade} → ${change.data.grade}` },
        { label: 'Score', value: `${change.data.previousScore} → ${change.data.score}` },
      ];
    case 'infrastructure_changed':
      return [
        { label: 'Field', value: change.data.field },
        { label: 'Before', value: change.data.previousValue ?? '—' },
        { label: 'After', value: change.data.value ?? '—' },
      ];
    case 'certificate_expiring':
      return [
        { label: 'Expires', value: `${formatTime(change.data.validTo)} (${change.data.daysLeft} days left)` },
        { label: 'Issuer', value: change.data.issuer ?? '—' },
      ];
    case 'redirect_changed':
      return [
        { label: 'Before', value: redirectText(change.data.previousRedirects, change.data.previousFinalUrl) },
        { label: 'After', value: redirectText(change.data.redirects, change.data.finalUrl) },
      ];
    case 'content_changed':
      return [
        { label: 'Field', value: change.data.field },
        { label: 'Changed', value: `${change.data.changedPercent.toFixed(1)}%` },
        { label: 'Before', value: change.data.before },
        { label: 'After', value: change.data.after },
      ];
    case 'site_down':
      return [
        { label: 'Since', value: formatTime(change.data.since) },
        { label: 'Failed scans', value: String(change.data.failures) },
        { label: 'Error', value: `${change.data.error.kind}: ${change.data.error.message}` },
      ];
    case 'site_recovered':
      return [
        { label: 'Down since', value: formatTime(change.data.downSince) },
        { label: 'Failed scans', value: String(change.data.failures) },
      ];
  }
}

function versionText(previous: string | null, current: string | null, type: ChangeType): string {
  if (type === 'technology_added') return current ?? 'unknown';
  if (type === 'technology_removed') return previous ?? current ?? 'unknown';
  return `${previous ?? 'unknown'} → ${current ?? 'unknown'}`;
}

function metricFormat(metric: PerformanceMetric): (value: number) => string {
  if (metric === 'cls') return formatCls;
  if (metric === 'transferBytes') return formatBytes;
  return formatMs;
}

function signed(value: number): string {
  return `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
}

function redirectText(hops: readonly { url: string; status: number }[], finalUrl: string | null): string {
  const chain = hops.map((hop) => `${hop.url} (${hop.status})`);
  return [...chain, finalUrl ?? '—'].join(' → ');
}
