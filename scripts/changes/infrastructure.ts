import type { ChangeOf } from '../schema/change.ts';
import type { Infrastructure, ScanResult } from '../schema/scan.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { comparableScans } from './scans.ts';
import { settledTransition } from './settle.ts';
import { oneLine } from './wording.ts';

/**
 * Server software, CDN, hosting, IP address, TLS issuer and HTTP version. A new value must
 * hold for `confirmScans` scans in a row. The IP address is the noisiest: behind a CDN the
 * edge address says nothing about the site, and round-robin DNS rotates within a pool, so an
 * address is reported only without a CDN, outside the old network (/24, or /48 for IPv6) and
 * when it was not seen in the recent history at all.
 */

type Field = ChangeOf<'infrastructure_changed'>['data']['field'];

const FIELDS: readonly { field: Field; label: string; read: (infra: Infrastructure) => string | null }[] = [
  { field: 'server', label: 'Server', read: (infra) => infra.server },
  { field: 'cdn', label: 'CDN', read: (infra) => infra.cdn },
  { field: 'hosting', label: 'Hosting', read: (infra) => infra.hosting },
  { field: 'ip', label: 'IP address', read: (infra) => infra.ip },
  { field: 'tlsIssuer', label: 'TLS issuer', read: (infra) => issuerOrganization(infra.tls?.issuer ?? null) },
  { field: 'httpVersion', label: 'HTTP version', read: (infra) => infra.httpVersion },
];
const MAX_VALUE_CHARS = 200;

export function infrastructureChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!scan.infrastructure) return [];
  // CDN and hosting may be derived from detected technologies: the fingerprints must match too.
  const series = [...comparableScans(earlier, scan, { fingerprints: true }), scan].filter((entry) => entry.infrastructure !== null);
  if (series.length < 2) return [];
  const findings: Finding[] = [];
  for (const { field, label, read } of FIELDS) {
    const valueOf = (entry: ScanResult) => (entry.infrastructure ? read(entry.infrastructure) : null);
    const transition = settledTransition(series, (entry) => normalise(valueOf(entry)), () => monitor.changes.confirmScans);
    if (!transition) continue;
    const previousValue = valueOf(transition.from);
    const value = valueOf(transition.to);
    if (field === 'ip' && !isNewAddress(series, transition.from, transition.to)) continue;
    findings.push({
      subject: field,
      body: {
        type: 'infrastructure_changed',
        fromScan: transition.from.id,
        summary: `${label} ${shown(previousValue)} → ${shown(value)}`,
        data: { field, value: bound(value), previousValue: bound(previousValue) },
      },
    });
  }
  return findings;
}

function isNewAddress(series: readonly ScanResult[], from: ScanResult, to: ScanResult): boolean {
  if (from.infrastructure?.cdn || to.infrastructure?.cdn) return false;
  const previous = from.infrastructure?.ip ?? null;
  const next = to.infrastructure?.ip ?? null;
  if (previous === null || next === null) return previous !== next;
  if (network(previous) === network(next)) return false;
  const seenBefore = series.slice(0, series.indexOf(from) + 1).some((entry) => entry.infrastructure?.ip === next);
  return !seenBefore;
}

/** The /24 of an IPv4 address, the /48 of an IPv6 one. */
export function network(ip: string): string {
  if (ip.includes(':')) return expandIpv6(ip).slice(0, 3).join(':');
  return ip.split('.').slice(0, 3).join('.');
}

function expandIpv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = ip.includes('::') && tail !== '' ? tail.split(':') : [];
  const missing = Math.max(0, 8 - left.length - right.length);
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}

/**
 * "Let's Encrypt" from a distinguished name like `CN=R11, O=Let's Encrypt, C=US`: issuing CAs
 * rotate their intermediate names (R10, R11, E5…) between renewals; the organization stays.
 */
export function issuerOrganization(issuer: string | null): string | null {
  if (issuer === null) return null;
  const organization = /(?:^|[,/]\s*)O\s*=\s*("[^"]*"|[^,/]+)/.exec(issuer);
  return organization?.[1] ? organization[1].replace(/^"|"$/g, '').trim() : issuer;
}

function normalise(value: string | null): string {
  return value === null ? '' : value.trim().toLowerCase();
}

function shown(value: string | null): string {
  return value === null || value.trim() === '' ? 'none' : oneLine(value, 60);
}

function bound(value: string | null): string | null {
  return value === null ? null : oneLine(value, MAX_VALUE_CHARS);
}
