import type { ChangeType } from '../schema/change-types.ts';
import type { Change } from '../schema/change.ts';
import type { Severity } from '../schema/common.ts';

/**
 * A change as a figure points at it: enough to link to it and say what it was. Every count in
 * the trends and the landscape summary carries the references of the changes behind it.
 */
export interface ChangeRef {
  readonly id: string;
  readonly monitor: string;
  readonly type: ChangeType;
  readonly severity: Severity;
  readonly detectedAt: string;
  readonly summary: string;
}

export function changeRef(change: Change): ChangeRef {
  return { id: change.id, monitor: change.monitor, type: change.type, severity: change.severity, detectedAt: change.detectedAt, summary: change.summary };
}

/** Oldest first, ties by id: the order figures list their changes in. */
export function oldestFirst(a: { detectedAt: string; id: string }, b: { detectedAt: string; id: string }): number {
  return a.detectedAt.localeCompare(b.detectedAt) || a.id.localeCompare(b.id);
}
