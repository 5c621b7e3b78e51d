import type { ScanError, ScanResult } from '../schema/scan.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { isBlocked, isFailure, isUsable } from './scans.ts';
import { formatUtc, oneLine } from './wording.ts';

/**
 * The site going down and coming back. One failed scan is a blip (the runner's network, a
 * deploy): `site_down` is reported once, in the scan that makes `downAfterFailures` failures
 * in a row, and `site_recovered` in the first usable scan after that. Blocked scans (a bot
 * challenge answered instead of the site) neither count as failures nor end an outage.
 */

const UNKNOWN_ERROR: ScanError = { kind: 'internal', message: 'the scan failed without an error' };

export function availabilityChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (isBlocked(scan)) return [];
  const { failures, lastUp } = failuresBefore(earlier);
  const threshold = monitor.changes.downAfterFailures;
  const first = failures[0];

  if (isFailure(scan)) {
    const streak = [...failures, scan];
    if (streak.length !== threshold) return [];
    const since = streak[0]?.scannedAt ?? scan.scannedAt;
    const error = scan.error ?? UNKNOWN_ERROR;
    return [
      {
        subject: 'availability',
        body: {
          type: 'site_down',
          fromScan: lastUp?.id ?? null,
          summary: `Site down: ${streak.length} failed ${streak.length === 1 ? 'scan' : 'scans'} since ${formatUtc(since)} (${error.kind}: ${oneLine(error.message, 80)})`,
          data: { failures: streak.length, since, error },
        },
      },
    ];
  }
  if (isUsable(scan) && first && failures.length >= threshold) {
    const last = failures.at(-1) ?? first;
    return [
      {
        subject: 'availability',
        body: {
          type: 'site_recovered',
          fromScan: last.id,
          summary: `Site back up after ${failures.length} failed scans (down since ${formatUtc(first.scannedAt)})`,
          data: { downSince: first.scannedAt, failures: failures.length },
        },
      },
    ];
  }
  return [];
}

/** The failed scans at the end of the history (blocked ones skipped), oldest first, and the usable scan before them. */
function failuresBefore(earlier: readonly ScanResult[]): { failures: ScanResult[]; lastUp: ScanResult | null } {
  const failures: ScanResult[] = [];
  for (let index = earlier.length - 1; index >= 0; index -= 1) {
    const entry = earlier[index];
    if (entry === undefined || isBlocked(entry)) continue;
    if (isUsable(entry)) return { failures: failures.reverse(), lastUp: entry };
    failures.push(entry);
  }
  return { failures: failures.reverse(), lastUp: null };
}
