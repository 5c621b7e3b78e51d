import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detect, loadFingerprints } from '../../scripts/detect/index.ts';
import { Deadline } from '../../scripts/scan/deadline.ts';
import { dnsRecords, hasDnsRecords } from '../../scripts/scan/dns-records.ts';
import { startDnsServer, type DnsServer } from '../helpers/dns-server.ts';
import { named } from '../detect/fingerprints.ts';

/** The `dns` signal, asked of a real DNS server on loopback by Node's own resolver. */

let server: DnsServer;
beforeAll(async () => {
  server = await startDnsServer(
    [
      { name: 'competitor.co.uk', type: 'MX', data: { preference: 1, exchange: 'aspmx.l.google.com' } },
      { name: 'competitor.co.uk', type: 'TXT', data: ['v=spf1 include:', '_spf.google.com ~all'] },
      { name: 'competitor.co.uk', type: 'TXT', data: 'hubspot-domain-verification=abc123' },
      { name: 'competitor.co.uk', type: 'NS', data: 'ada.ns.cloudflare.com' },
      { name: 'competitor.co.uk', type: 'SOA', data: { mname: 'ada.ns.cloudflare.com', rname: 'dns.cloudflare.com', serial: 1 } },
      { name: 'www.competitor.co.uk', type: 'CNAME', data: 'd111111abcdef8.cloudfront.net' },
    ],
    { silent: ['slow.example'] },
  );
});
afterAll(() => server.close());

function deadline(ms = 5_000): Deadline {
  return new Deadline(ms);
}

describe('dnsRecords', () => {
  it("asks the registrable domain's records and the host's CNAME", async () => {
    const records = await dnsRecords('https://www.competitor.co.uk/pricing', server.resolver(), deadline());
    expect(records).toEqual({
      MX: ['aspmx.l.google.com'],
      TXT: expect.arrayContaining(['v=spf1 include:_spf.google.com ~all', 'hubspot-domain-verification=abc123']),
      NS: ['ada.ns.cloudflare.com'],
      SOA: ['ada.ns.cloudflare.com', 'dns.cloudflare.com'],
      CNAME: ['d111111abcdef8.cloudfront.net'],
    });
    expect(server.queries).toEqual(expect.arrayContaining(['MX competitor.co.uk', 'CNAME www.competitor.co.uk']));
  });

  it('the fingerprints read them', async () => {
    const records = await dnsRecords('https://www.competitor.co.uk/', server.resolver(), deadline());
    const found = detect({ url: 'https://www.competitor.co.uk/', dns: records }, await loadFingerprints());
    for (const name of ['Google Workspace', 'HubSpot', 'Cloudflare', 'Amazon CloudFront']) expect(named(found, name), name).toBeDefined();
  });

  it('a name that does not exist has no records, and that is no error', async () => {
    expect(await dnsRecords('https://unknown.example/', server.resolver(), deadline())).toEqual({});
  });

  it('a resolver that never answers costs at most its bound', async () => {
    const started = performance.now();
    expect(await dnsRecords('https://slow.example/', server.resolver({ timeoutMs: 300 }), deadline())).toEqual({});
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('the scan deadline still ends the scan', async () => {
    const expired = new Deadline(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(dnsRecords('https://slow.example/', server.resolver(), expired)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it.each<[string, boolean]>([
    ['www.competitor.co.uk', true],
    ['127.0.0.1', false],
    ['[::1]', false],
    ['localhost', false],
    ['shop.localhost', false],
    ['intranet', false],
  ])('%s has records to ask for: %s', (host, expected) => {
    expect(hasDnsRecords(host)).toBe(expected);
  });
});
