import { z } from 'zod';
import type { Infrastructure, ScanResult } from '../../schema/scan.ts';
import { comparableScans } from '../scans.ts';
import { settledTransition } from '../settle.ts';
import { oneLine } from '../../shared/wording.ts';
import { defineFamily, defineKind, type DetectionContext, type Finding } from './kind.ts';

/**
 * Server software, CDN, hosting, IP address, TLS issuer and HTTP version, each under the
 * settle rule. The IP address is the noisiest: behind a CDN the edge address says nothing about
 * the site, and round-robin DNS rotates within a pool, so an address is reported only without a
 * CDN and outside the old network (/24, or /48 for IPv6).
 */

const FIELDS = ['server', 'cdn', 'hosting', 'ip', 'tlsIssuer', 'httpVersion'] as const;
type Field = (typeof FIELDS)[number];

const READERS: Readonly<Record<Field, { label: string; read: (infra: Infrastructure) => string | null }>> = {
  server: { label: 'Server', read: (infra) => infra.server },
  cdn: { label: 'CDN', read: (infra) => infra.cdn },
  hosting: { label: 'Hosting', read: (infra) => infra.hosting },
  ip: { label: 'IP address', read: (infra) => infra.ip },
  tlsIssuer: { label: 'TLS issuer', read: (infra) => issuerOrganization(infra.tls?.issuer ?? null) },
  httpVersion: { label: 'HTTP version', read: (infra) => infra.httpVersion },
};
const MAX_VALUE_CHARS = 200;

export const infrastructureChanged = defineKind({
  type: 'infrastructure_changed',
  label: 'Infrastructure changed',
  data: z.object({ field: z.enum(FIELDS), value: z.string().nullable(), previousValue: z.string().nullable() }),
  subject: (data) => data.field,
  severity: [
    {
      severity: 'medium',
      when: 'server software, CDN or hosting',
      applies: (data) => data.field === 'server' || data.field === 'cdn' || data.field === 'hosting',
    },
    { severity: 'low', when: 'IP address, TLS issuer, HTTP version' },
  ],
  details: (data) => [
    { label: 'Field', value: READERS[data.field].label },
    { label: 'Before', value: data.previousValue ?? '—' },
    { label: 'After', value: data.value ?? '—' },
  ],
});

export const infrastructure = defineFamily({ name: 'infrastructure', kinds: [infrastructureChanged], detect: infrastructureChanges });

function infrastructureChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!scan.infrastructure) return [];
  // CDN and hosting may be derived from detected technologies: the fingerprints must match too.
  const series = [...comparableScans(earlier, scan, { fingerprints: true }), scan].filter((entry) => entry.infrastructure !== null);
  if (series.length < 2) return [];
  const { confirmScans, recentScans } = monitor.changes;
  const findings: Finding[] = [];
  for (const field of FIELDS) {
    const { label, read } = READERS[field];
    const valueOf = (entry: ScanResult) => (entry.infrastructure ? read(entry.infrastructure) : null);
    const keyOf = field === 'ip' ? (entry: ScanResult) => addressKey(entry) : (entry: ScanResult) => normalise(valueOf(entry));
    const transition = settledTransition(series, keyOf, { confirmations: () => confirmScans, recent: recentScans });
    if (!transition) continue;
    // Moving behind a CDN (or off it) is the CDN's change; the edge address says nothing more.
    if (field === 'ip' && (transition.from.infrastructure?.cdn || transition.to.infrastructure?.cdn)) continue;
    const previousValue = valueOf(transition.from);
    const value = valueOf(transition.to);
    findings.push(
      infrastructureChanged.finding({
        fromScan: transition.from.id,
        summary: `${label} ${shown(previousValue)} → ${shown(value)}`,
        data: { field, value: bound(value), previousValue: bound(previousValue) },
      }),
    );
  }
  return findings;
}

/** Behind a CDN every edge address is the same site; elsewhere an address counts by its network. */
function addressKey(scan: ScanResult): string {
  const infra = scan.infrastructure;
  if (!infra?.ip) return '';
  return infra.cdn ? 'behind a CDN' : network(infra.ip);
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
