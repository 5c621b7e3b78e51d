import { z } from 'zod';
import { redirectHop, type ScanResult } from '../../schema/scan.ts';
import { comparableScans } from '../scans.ts';
import { settledTransition } from '../settle.ts';
import { oneLine } from '../../shared/wording.ts';
import { defineFamily, defineKind, type DetectionContext, type Finding } from './kind.ts';

/**
 * The redirect chain and the page it ends on, under the settle rule. Query strings and
 * fragments are left out of the comparison (session ids and tracking parameters ride on
 * redirects); geo and A/B redirects that vary between visits become known states.
 */

type Hop = z.infer<typeof redirectHop>;

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  return URL.canParse(url) ? new URL(url).hostname : url;
}

function chainText(hops: readonly Hop[], finalUrl: string | null): string {
  return [...hops.map((hop) => `${hop.url} (${hop.status})`), finalUrl ?? '—'].join(' → ');
}

export const redirectChanged = defineKind({
  type: 'redirect_changed',
  label: 'Redirect changed',
  data: z.object({
    redirects: z.array(redirectHop),
    previousRedirects: z.array(redirectHop),
    finalUrl: z.string().nullable(),
    previousFinalUrl: z.string().nullable(),
  }),
  subject: () => 'redirects',
  topic: () => 'redirect_changed',
  severity: [
    { severity: 'medium', when: 'the page now ends on another host', applies: (data) => hostOf(data.finalUrl) !== hostOf(data.previousFinalUrl) },
    { severity: 'low', when: 'another chain to the same host' },
  ],
  details: (data) => [
    { label: 'Before', value: chainText(data.previousRedirects, data.previousFinalUrl) },
    { label: 'After', value: chainText(data.redirects, data.finalUrl) },
  ],
});

export const redirects = defineFamily({ name: 'redirects', kinds: [redirectChanged], detect: redirectChanges });

function redirectChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!scan.infrastructure) return [];
  const series = [...comparableScans(earlier, scan, { fingerprints: false }), scan].filter((entry) => entry.infrastructure !== null);
  const transition = settledTransition(series, chainKey, { confirmations: () => monitor.changes.confirmScans, recent: monitor.changes.recentScans });
  if (!transition) return [];
  const { from, to } = transition;
  return [
    redirectChanged.finding({
      fromScan: from.id,
      summary: summary(from, to),
      data: {
        redirects: to.infrastructure?.redirects ?? [],
        previousRedirects: from.infrastructure?.redirects ?? [],
        finalUrl: to.finalUrl,
        previousFinalUrl: from.finalUrl,
      },
    }),
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
