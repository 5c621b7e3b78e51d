import type { Deadline } from './deadline.ts';
import { dnsRecords, type DnsResolver } from './dns-records.ts';
import type { NetworkAccess } from './guard/resolver.ts';
import { fetchRobots } from './robots.ts';

/**
 * Signals about the site rather than the page, collected beside the page's own load (so they
 * add no time to it) at every depth: its robots.txt and its DNS records.
 */
export interface SiteSignals {
  readonly robots: string | null;
  readonly dns: Readonly<Record<string, string[]>>;
}

export interface SiteSignalOptions {
  readonly deadline: Deadline;
  readonly network: NetworkAccess;
  /** Null: no DNS records are asked for (offline mode). */
  readonly dns: DnsResolver | null;
}

export const NO_SITE_SIGNALS: SiteSignals = { robots: null, dns: {} };

export async function collectSiteSignals(url: string, options: SiteSignalOptions): Promise<SiteSignals> {
  const [robots, dns] = await Promise.all([fetchRobots(url, options), options.dns ? dnsRecords(url, options.dns, options.deadline) : Promise.resolve({})]);
  return { robots, dns };
}
