import { changeSchema, type Change } from '../schema/change.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';
import { contentHash } from '../shared/hash.ts';
import { REGISTERED_KINDS, type KindLookup } from './kinds/index.ts';
import type { ChangeRecord, DetectionContext, Finding } from './kinds/kind.ts';
import { isUsable } from './scans.ts';
import { severityOf } from './severity.ts';

/**
 * Change detection: a pure function from a monitor's recent scans and its new scan to the
 * change records the new scan brings. No clock, no files: `run` reads the history through the
 * store, calls detectChanges after every scan (failed ones included) and stores the result.
 * The same scans always give the same changes with the same ids. Each family of change kinds
 * (scripts/changes/kinds/) detects its own; all follow the settle rule of ./settle.ts.
 */

export interface DetectionInput {
  readonly monitor: Monitor;
  /** This monitor's earlier scans, oldest first (at least historyDepth(monitor) of them when that many exist). */
  readonly history: readonly ScanResult[];
  readonly scan: ScanResult;
  /** Wording of content blocks by hash, for excerpts: the stored texts of earlier scans and this scan's own. */
  readonly blockTexts: Readonly<Record<string, string>>;
}

/**
 * A week of 6-hourly scans: enough for `site_recovered` to know when an outage began, and for
 * occasional failed scans between the compared ones.
 */
export const MIN_HISTORY_SCANS = 28;
/** Room for failed and blocked scans between the usable scans the comparisons need. */
const UNUSABLE_MARGIN = 2;

/** How many recent scans detectChanges looks at; it ignores any older ones it is given. */
export function historyDepth(monitor: Monitor): number {
  const { removalAfterScans, confirmScans, recentScans, downAfterFailures, performance } = monitor.changes;
  const usableNeeded = Math.max(
    // the recent window before a new value's run, and the run itself
    recentScans + Math.max(confirmScans, removalAfterScans) + 1,
    // a performance reference, a shift confirming it, and the reference after it
    2 * performance.baselineScans + performance.confirmScans + 1,
  );
  return Math.max(MIN_HISTORY_SCANS, UNUSABLE_MARGIN * usableNeeded, downAfterFailures + 1);
}

export function detectChanges(input: DetectionInput): Change[] {
  return findChanges(input, REGISTERED_KINDS).map((record) => changeSchema.parse(record));
}

/** detectChanges with another registry of kinds (one extended with a test's own): records checked by their kinds. */
export function detectChangesWith(input: DetectionInput, kinds: KindLookup): ChangeRecord[] {
  return findChanges(input, kinds).map((record) => kinds.parse(record));
}

/** The change records the new scan brings, not yet validated, in the registry's order of types. */
function findChanges(input: DetectionInput, kinds: KindLookup): ChangeRecord[] {
  const { monitor, scan } = input;
  const context: DetectionContext = {
    monitor,
    scan,
    earlier: earlierScans(input.history, scan, historyDepth(monitor)),
    blockTexts: (hash) => input.blockTexts[hash] ?? null,
  };
  // A failed or blocked scan can only tell whether the site is up.
  const families = isUsable(scan) ? kinds.families : kinds.families.filter((family) => family.judgesFailedScans === true);
  const order = (type: string) => kinds.types.indexOf(type);
  return (
    families
      .flatMap((family): Finding[] => family.detect(context))
      .map(
        (finding): ChangeRecord => ({
          schemaVersion: SCHEMA_VERSION,
          id: changeId(monitor.id, finding, scan),
          monitor: monitor.id,
          severity: severityOf(finding, monitor.changes.severity, kinds),
          detectedAt: scan.scannedAt,
          fromScan: finding.fromScan,
          toScan: scan.id,
          summary: finding.summary,
          subject: finding.subject,
          type: finding.type,
          data: finding.data,
        }),
      )
      // Stable: within a type, the detectors' own order (by technology, header, metric…).
      .sort((a, b) => order(a.type) - order(b.type))
  );
}

export function changeId(monitor: string, finding: Pick<Finding, 'type' | 'subject'>, scan: Pick<ScanResult, 'id'>): string {
  return contentHash({ monitor, type: finding.type, subject: finding.subject, scan: scan.id });
}

/**
 * The scans before `scan`, oldest first, cut to `depth`: sorted here so the caller's order
 * does not matter, and without `scan` itself or anything newer, so detection for a scan
 * gives the same result whenever it is (re)run.
 */
function earlierScans(history: readonly ScanResult[], scan: ScanResult, depth: number): ScanResult[] {
  const before = history.filter((entry) => entry.id !== scan.id && compareScans(entry, scan) < 0);
  return before.sort(compareScans).slice(-depth);
}

function compareScans(a: ScanResult, b: ScanResult): number {
  if (a.scannedAt !== b.scannedAt) return a.scannedAt < b.scannedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export { severityTableMarkdown } from './severity.ts';
