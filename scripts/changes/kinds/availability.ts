import { z } from 'zod';
import { timestamp } from '../../schema/common.ts';
import { scanError, scanErrorKind, type ScanError, type ScanResult } from '../../schema/scan.ts';
import { isBlocked, isFailure, isUsable } from '../scans.ts';
import { formatUtc, oneLine, plural } from '../../shared/wording.ts';
import { defineFamily, defineKind, type DetectionContext, type Finding } from './kind.ts';

/**
 * The site going down and coming back. One failed scan is a blip (the runner's network, a
 * deploy): `site_down` is reported once, in the scan that makes `downAfterFailures` failures
 * in a row, and `site_recovered` in the first usable scan after that. A monitor that has only
 * ever failed reports its first usable scan as a recovery, however short the outage, since
 * the site coming up is news and that scan is also its baseline. Blocked scans (a bot
 * challenge answered instead of the site) neither count as failures nor end an outage.
 */

const UNKNOWN_ERROR: ScanError = { kind: 'internal', message: 'the scan failed without an error' };
const EXCERPT_CHARS = 160;

export const siteDown = defineKind({
  type: 'site_down',
  label: 'Site down',
  data: z.object({ failures: z.number().int(), since: timestamp, error: scanError }),
  subject: () => 'availability',
  topic: () => 'outage',
  severity: [{ severity: 'high', when: 'always' }],
  details: (data) => [
    { label: 'Since', value: formatUtc(data.since) },
    { label: 'Failed scans', value: String(data.failures) },
    { label: 'Error', value: `${plural(data.failures, 'failed scan')}: ${data.error.kind}: ${oneLine(data.error.message, EXCERPT_CHARS)}`, brief: true },
  ],
});

export const siteRecovered = defineKind({
  type: 'site_recovered',
  label: 'Site recovered',
  data: z.object({
    downSince: timestamp,
    failures: z.number().int(),
    previousStatus: z.number().int().nullable().optional().describe('HTTP status of the last failed scan, null when nothing answered'),
    previousError: scanErrorKind.optional().describe('error kind of the last failed scan'),
  }),
  subject: () => 'availability',
  topic: () => 'outage',
  severity: [{ severity: 'medium', when: 'always' }],
  details: (data) => [
    { label: 'Down since', value: formatUtc(data.downSince) },
    { label: 'Failed scans', value: String(data.failures) },
    ...(data.previousError ? [{ label: 'Was', value: previousState(data.previousError, data.previousStatus ?? null), brief: true }] : []),
  ],
});

export const availability = defineFamily({
  name: 'availability',
  kinds: [siteDown, siteRecovered],
  detect: availabilityChanges,
  judgesFailedScans: true,
});

function availabilityChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (isBlocked(scan)) return [];
  const { failures, lastUp } = failuresBefore(earlier);
  const threshold = monitor.changes.downAfterFailures;
  const first = failures[0];
  const last = failures.at(-1);

  if (isFailure(scan)) {
    const streak = [...failures, scan];
    if (streak.length !== threshold) return [];
    const since = streak[0]?.scannedAt ?? scan.scannedAt;
    const error = scan.error ?? UNKNOWN_ERROR;
    return [
      siteDown.finding({
        fromScan: lastUp?.id ?? null,
        summary: `Site down: ${plural(streak.length, 'failed scan')} since ${formatUtc(since)} (${error.kind}: ${oneLine(error.message, 80)})`,
        data: { failures: streak.length, since, error },
      }),
    ];
  }
  const neverUp = lastUp === null;
  if (!isUsable(scan) || !first || !last || (failures.length < threshold && !neverUp)) return [];
  const previousError = last.error?.kind ?? 'internal';
  const was = previousState(previousError, last.status);
  return [
    siteRecovered.finding({
      fromScan: last.id,
      summary: neverUp
        ? `Site up for the first time after ${plural(failures.length, 'failed scan')} (${was} since ${formatUtc(first.scannedAt)})`
        : `Site back up after ${plural(failures.length, 'failed scan')} (down since ${formatUtc(first.scannedAt)})`,
      data: { downSince: first.scannedAt, failures: failures.length, previousStatus: last.status, previousError },
    }),
  ];
}

function previousState(kind: string, status: number | null): string {
  return status === null ? kind : `HTTP ${status}`;
}

/**
 * The failed scans at the end of the history (blocked ones skipped), oldest first, and the
 * usable scan before them — null when the monitor has never been up in the history given.
 */
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
