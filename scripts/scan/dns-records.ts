import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { getDomain } from 'tldts';
import { Deadline } from './deadline.ts';
import { LIMITS } from './limits.ts';

/**
 * The `dns` signal: the records the fingerprints read (TXT, MX, NS and SOA of the site's
 * registrable domain, where mail, verification and name-server records live; CNAME of the
 * page's own host), by record type. Each query is bounded, and one that fails or times out
 * only loses its values. The resolver is passed in: the system's for real scans, none in
 * offline mode (tests, the demo), where nothing but loopback may be asked.
 */

/** The part of node:dns/promises' Resolver the signal needs. */
export type DnsResolver = Pick<Resolver, 'resolveTxt' | 'resolveMx' | 'resolveNs' | 'resolveSoa' | 'resolveCname'>;

/** The system's resolver, one try per query, each bounded. */
export function systemResolver(): DnsResolver {
  return new Resolver({ timeout: LIMITS.dnsTimeoutMs, tries: 1 });
}

/** Hosts whose records say nothing about a site: addresses and loopback names. */
export function hasDnsRecords(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return isIP(host) === 0 && host !== 'localhost' && !host.endsWith('.localhost') && host.includes('.');
}

type Query = readonly [type: string, values: () => Promise<string[]>];

function queries(resolver: DnsResolver, hostname: string): Query[] {
  const domain = getDomain(hostname) ?? hostname;
  return [
    ['TXT', async () => (await resolver.resolveTxt(domain)).map((chunks) => chunks.join(''))],
    ['MX', async () => (await resolver.resolveMx(domain)).map((record) => record.exchange)],
    ['NS', () => resolver.resolveNs(domain)],
    [
      'SOA',
      async () => {
        const soa = await resolver.resolveSoa(domain);
        return [soa.nsname, soa.hostmaster];
      },
    ],
    ['CNAME', () => resolver.resolveCname(hostname)],
  ];
}

/** Record type → values (bounded), for the page at `url`; {} when its host has no records to ask for. */
export async function dnsRecords(url: string, resolver: DnsResolver, parent: Deadline): Promise<Record<string, string[]>> {
  const hostname = new URL(url).hostname;
  if (!hasDnsRecords(hostname)) return {};
  const deadline = new Deadline(Math.min(LIMITS.dnsTimeoutMs, parent.remainingMs()), parent.signal);
  try {
    const answers = await Promise.all(
      queries(resolver, hostname).map(async ([type, values]) => {
        try {
          const found = await deadline.race(values());
          return [type, found.filter((value) => value !== '').slice(0, LIMITS.maxDnsValues)] as const;
        } catch {
          return [type, []] as const;
        }
      }),
    );
    parent.check();
    return Object.fromEntries(answers.filter(([, values]) => values.length > 0));
  } finally {
    deadline.dispose();
  }
}
