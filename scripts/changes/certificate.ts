import type { ScanResult } from '../schema/scan.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { isUsable } from './scans.ts';

/**
 * A TLS certificate that expires within `certificateExpiryDays`, reported once per certificate:
 * in the scan where it first comes within the window (or the first scan that sees it there).
 * A renewed certificate is a new certificate. Expiry is a state of the site, not a difference
 * between two scans, so neither the rules nor the fingerprints need to match.
 */

const MS_PER_DAY = 86_400_000;

export function certificateChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  const validTo = validToOf(scan);
  if (validTo === null) return [];
  const windowDays = monitor.changes.certificateExpiryDays;
  const daysLeft = daysBetween(scan.scannedAt, validTo);
  if (daysLeft > windowDays) return [];
  const previous = earlier.findLast(isUsable);
  const alreadyWarned = previous !== undefined && validToOf(previous) === validTo && daysBetween(previous.scannedAt, validTo) <= windowDays;
  if (alreadyWarned) return [];
  const issuer = scan.infrastructure?.tls?.issuer ?? null;
  const date = validTo.slice(0, 10);
  return [
    {
      subject: validTo,
      body: {
        type: 'certificate_expiring',
        fromScan: previous?.id ?? null,
        summary:
          daysLeft < 0
            ? `TLS certificate expired ${plural(-daysLeft, 'day')} ago (${date})`
            : `TLS certificate expires in ${plural(daysLeft, 'day')} (${date})`,
        data: { validTo, daysLeft, issuer },
      },
    },
  ];
}

function validToOf(scan: ScanResult): string | null {
  return isUsable(scan) ? (scan.infrastructure?.tls?.validTo ?? null) : null;
}

/** Whole days from `from` to `to`, rounded down (a certificate expiring in 23 hours has 0 days left). */
function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / MS_PER_DAY);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
