import { z } from 'zod';
import { timestamp } from '../../schema/common.ts';
import type { ScanResult } from '../../schema/scan.ts';
import { isUsable } from '../scans.ts';
import { formatUtc, plural } from '../../shared/wording.ts';
import { defineFamily, defineKind, type DetectionContext, type Finding } from './kind.ts';

/**
 * A TLS certificate that expires within `certificateExpiryDays`, reported once per certificate:
 * in the scan where it first comes within the window (or the first scan that sees it there).
 * A renewed certificate is a new certificate. Expiry is a state of the site, not a difference
 * between two scans, so neither the rules nor the fingerprints need to match.
 */

const MS_PER_DAY = 86_400_000;

export const certificateExpiring = defineKind({
  type: 'certificate_expiring',
  label: 'Certificate expiring',
  data: z.object({ validTo: timestamp, daysLeft: z.number().int(), issuer: z.string().nullable() }),
  subject: (data) => data.validTo,
  topic: () => 'certificate_expiring',
  severity: [
    { severity: 'high', when: 'expires within 3 days or has expired', applies: (data) => data.daysLeft <= 3 },
    { severity: 'medium', when: 'expires within the warning window (default 14 days)' },
  ],
  details: (data) => [
    { label: 'Expires', value: `${formatUtc(data.validTo)} (${plural(data.daysLeft, 'day')} left)` },
    { label: 'Issuer', value: data.issuer ?? '—' },
  ],
});

export const certificates = defineFamily({ name: 'certificates', kinds: [certificateExpiring], detect: certificateChanges });

function certificateChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  const validTo = validToOf(scan);
  if (validTo === null) return [];
  const windowDays = monitor.changes.certificateExpiryDays;
  const daysLeft = daysBetween(scan.scannedAt, validTo);
  if (daysLeft > windowDays) return [];
  const previous = earlier.findLast(isUsable);
  const alreadyWarned = previous !== undefined && validToOf(previous) === validTo && daysBetween(previous.scannedAt, validTo) <= windowDays;
  if (alreadyWarned) return [];
  const date = validTo.slice(0, 10);
  return [
    certificateExpiring.finding({
      fromScan: previous?.id ?? null,
      summary:
        daysLeft < 0 ? `TLS certificate expired ${plural(-daysLeft, 'day')} ago (${date})` : `TLS certificate expires in ${plural(daysLeft, 'day')} (${date})`,
      data: { validTo, daysLeft, issuer: scan.infrastructure?.tls?.issuer ?? null },
    }),
  ];
}

function validToOf(scan: ScanResult): string | null {
  return isUsable(scan) ? (scan.infrastructure?.tls?.validTo ?? null) : null;
}

/** Whole days from `from` to `to`, rounded down (a certificate expiring in 23 hours has 0 days left). */
function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / MS_PER_DAY);
}
