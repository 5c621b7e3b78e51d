import type { Change } from '../../../scripts/schema/change.ts';
import { SEVERITIES, type Severity } from '../../../scripts/schema/common.ts';
import { REGISTERED_KINDS, type KindLookup } from '../../../scripts/changes/kinds/index.ts';
import type { ChangeRecord } from '../../../scripts/changes/kinds/kind.ts';
import { pushTo } from './collections.ts';

/** A change type's label, as its kind defines it (scripts/changes/kinds/). */
export function changeLabel(type: string, kinds: KindLookup = REGISTERED_KINDS): string {
  return kinds.kindOf(type).label;
}

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
export function changeDetails(change: ChangeRecord, kinds: KindLookup = REGISTERED_KINDS): { label: string; value: string }[] {
  return kinds.viewOf(change).details.map(({ label, value }) => ({ label, value }));
}
