import type { ScanResult } from '../schema/scan.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { comparableScans } from './scans.ts';
import { settledTransition } from './settle.ts';
import { oneLine } from './wording.ts';

/**
 * The redirect chain and the page it ends on. Query strings and fragments are left out of the
 * comparison (session ids and tracking parameters ride on redirects), and a new chain must hold
 * for `confirmScans` scans, since geo and A/B redirects vary between visits.
 */
export function redirectChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!scan.infrastructure) return [];
  const series = [...comparableScans(earlier, scan, { fingerprints: false }), scan].filter((entry) => entry.infrastructure !== null);
  const transition = settledTransition(series, chainKey, () => monitor.changes.confirmScans);
  if (!transition) return [];
  const { from, to } = transition;
  const redirects = to.infrastructure?.redirects ?? [];
  const previousRedirects = from.infrastructure?.redirects ?? [];
  return [
    {
      subject: 'redirects',
      body: {
        type: 'redirect_changed',
        fromScan: from.id,
        summary: summary(from, to),
        data: { redirects, previousRedirects, finalUrl: to.finalUrl, previousFinalUrl: from.finalUrl },
      },
    },
  ];
}

function chainKey(scan: ScanResult): string {
  const hops = (scan.infrastructure?.redirects ?? []).map((hop) => `${hop.status} ${withoutQuery(hop.url)}`);
  return [...hops, withoutQuery(scan.finalUrl ?? '')].join('\n');
}

function withoutQuery(url: string): string {
  if (!URL.canParse(url)) return url.replace(/[?#].*$/, '');
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

function summary(from: ScanResult, to: ScanResult): string {
  const before = withoutQuery(from.finalUrl ?? '');
  const after = withoutQuery(to.finalUrl ?? '');
  if (before !== after) return `Redirects now end at ${oneLine(after, 80)} (was ${oneLine(before, 80)})`;
  const hops = (scan: ScanResult) => scan.infrastructure?.redirects.length ?? 0;
  return `Redirect chain changed: ${hops(to)} ${hops(to) === 1 ? 'hop' : 'hops'}, was ${hops(from)}`;
}
