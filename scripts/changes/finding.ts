import type { ChangeOf } from '../schema/change.ts';
import type { ChangeType } from '../schema/change-types.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';

/**
 * What each detector returns: the type-specific part of a change record. The stage adds what
 * is common to every record (id, severity, monitor, times) in one place, scripts/changes/index.ts.
 */
type BodyOf<T extends ChangeType> = {
  readonly type: T;
  readonly summary: string;
  /** The scan the change was measured against; null when there is none (site_down of a new monitor). */
  readonly fromScan: string | null;
  readonly data: ChangeOf<T>['data'];
};
export type ChangeBody = { [T in ChangeType]: BodyOf<T> }[ChangeType];

export interface Finding {
  /** What changed (a technology, a header, a metric…): with the type and the scan it makes the id. */
  readonly subject: string;
  readonly body: ChangeBody;
}

/** What every detector gets: the monitor, its recent history and the new scan. */
export interface DetectionContext {
  readonly monitor: Monitor;
  /** The monitor's scans before `scan`, oldest first, cut to historyDepth(monitor). */
  readonly earlier: readonly ScanResult[];
  readonly scan: ScanResult;
  readonly previousText: string | null;
  readonly text: string | null;
}
