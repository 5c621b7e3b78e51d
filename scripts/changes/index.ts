import { changeSchema, type Change } from '../schema/change.ts';
import { CHANGE_TYPES } from '../schema/change-types.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';
import { contentHash } from '../shared/hash.ts';
import { availabilityChanges } from './availability.ts';
import { certificateChanges } from './certificate.ts';
import { contentChanges } from './content.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { infrastructureChanges } from './infrastructure.ts';
import { NOISE_SCANS, performanceChanges } from './performance.ts';
import { redirectChanges } from './redirects.ts';
import { isUsable } from './scans.ts';
import { securityChanges } from './security.ts';
import { severityOf } from './severity.ts';
import { technologyChanges } from './technologies.ts';

/**
 * Change detection: a pure function from a monitor's recent scans and its new scan to the
 * change records the new scan brings. No clock, no files: `run` reads the history through the
 * store, calls detectChanges after every scan (failed ones included) and stores the result.
 * The same scans always give the same changes with the same ids.
 */

export interface DetectionInput {
  readonly monitor: Monitor;
  /** This monitor's earlier scans, oldest first (at least historyDepth(monitor) of them when that many exist). */
  readonly history: readonly ScanResult[];
  readonly scan: ScanResult;
  /** Normalised visible text of the previous successful scan (data/.../content.txt). */
  readonly previousText: string | null;
  /** This scan's normalised visible text (ignore rules already applied by the scanner). */
  readonly text: string | null;
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
  const { removalAfterScans, confirmScans, downAfterFailures, performance } = monitor.changes;
  const usableNeeded = Math.max(
    2 * removalAfterScans + 1,
    // the noise estimate before the confirmation run, and the decisions back to report a shift once
    Math.max(NOISE_SCANS, performance.baselineScans) + performance.confirmScans + performance.baselineScans,
    2 * confirmScans + 1,
  );
  return Math.max(MIN_HISTORY_SCANS, UNUSABLE_MARGIN * usableNeeded, downAfterFailures + 1);
}

const DETECTORS: readonly ((context: DetectionContext) => Finding[])[] = [
  availabilityChanges,
  technologyChanges,
  performanceChanges,
  securityChanges,
  infrastructureChanges,
  certificateChanges,
  redirectChanges,
  contentChanges,
];

export function detectChanges(input: DetectionInput): Change[] {
  const { monitor, scan } = input;
  const context: DetectionContext = {
    monitor,
    scan,
    earlier: earlierScans(input.history, scan, historyDepth(monitor)),
    previousText: input.previousText,
    text: isUsable(scan) ? input.text : null,
  };
  // A failed or blocked scan can only tell whether the site is up.
  const detectors = isUsable(scan) ? DETECTORS : [availabilityChanges];
  return detectors
    .flatMap((detect) => detect(context))
    .map((finding) =>
      changeSchema.parse({
        schemaVersion: SCHEMA_VERSION,
        id: changeId(monitor.id, finding, scan),
        monitor: monitor.id,
        severity: severityOf(finding.body, monitor.changes.severity),
        detectedAt: scan.scannedAt,
        toScan: scan.id,
        ...finding.body,
      }),
    )
    .sort(byType);
}

export function changeId(monitor: string, finding: Finding, scan: ScanResult): string {
  return contentHash({ monitor, type: finding.body.type, subject: finding.subject, scan: scan.id });
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

/** Stable: within a type, the detectors' own order (by technology, header, metric…). */
function byType(a: Change, b: Change): number {
  return CHANGE_TYPES.indexOf(a.type) - CHANGE_TYPES.indexOf(b.type);
}

export { SEVERITY_TABLE, CORE_CATEGORIES, severityOf, severityTableMarkdown, type SeverityRule } from './severity.ts';
