import type { Change } from '../schema/change.ts';
import { CHANGE_TYPES, type ChangeType } from '../schema/change-types.ts';
import { severityRank, type Severity } from '../schema/common.ts';
import type { Store } from './store.ts';

/** Which recorded changes to list; every field narrows, none set lists everything. */
export interface ChangeFilter {
  readonly monitor?: string;
  /** ISO time: only changes detected at or after it. */
  readonly since?: string;
  readonly types?: readonly ChangeType[];
  readonly minSeverity?: Severity;
  /** Only the newest this many. */
  readonly limit?: number;
}

export interface ChangeListing {
  /** Newest first. */
  readonly changes: Change[];
  /** Monitors with anything stored, so "nothing matched" and "nothing recorded" read differently. */
  readonly monitorsWithData: number;
}

/** Recorded changes through the store, filtered, newest first (most severe first within a time). */
export async function listChanges(store: Store, filter: ChangeFilter): Promise<ChangeListing> {
  const stored = await store.monitorIds();
  const monitors = filter.monitor === undefined ? stored : stored.filter((id) => id === filter.monitor);
  const changes: Change[] = [];
  for (const monitor of monitors) {
    const recorded = await store.changes(monitor, filter.since === undefined ? {} : { since: filter.since });
    changes.push(...recorded.filter((change) => matches(change, filter)));
  }
  changes.sort(newestFirst);
  return { changes: filter.limit === undefined ? changes : changes.slice(0, filter.limit), monitorsWithData: stored.length };
}

function matches(change: Change, filter: ChangeFilter): boolean {
  if (filter.types !== undefined && !filter.types.includes(change.type)) return false;
  return filter.minSeverity === undefined || severityRank(change.severity) >= severityRank(filter.minSeverity);
}

function newestFirst(a: Change, b: Change): number {
  if (a.detectedAt !== b.detectedAt) return a.detectedAt < b.detectedAt ? 1 : -1;
  const bySeverity = severityRank(b.severity) - severityRank(a.severity);
  if (bySeverity !== 0) return bySeverity;
  if (a.monitor !== b.monitor) return a.monitor < b.monitor ? -1 : 1;
  const byType = CHANGE_TYPES.indexOf(a.type) - CHANGE_TYPES.indexOf(b.type);
  return byType !== 0 ? byType : a.id.localeCompare(b.id);
}
