import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { z } from 'zod';
import { describeRefusal, literalAddress, refusedAddress, refusedHostName, type Refused } from './addresses.ts';

/**
 * The one place a scan turns a host name into addresses, for Node's HTTP client and for the
 * browser's proxy alike: resolve once, check every address against the private-network guard,
 * then connect to exactly those addresses (`pinnedLookup`), so no second lookup can answer
 * differently (no DNS-rebinding window). Offline mode (tests, the demo) resolves only loopback.
 */

export interface NetworkAccess {
  /** Resolve only `localhost` names and IP literals, so a scan never leaves the machine. */
  readonly offline: boolean;
  /** The one opt-in: reach loopback, private, link-local and metadata addresses. */
  readonly allowPrivateNetworks: boolean;
  /**
   * Where names are resolved on this thread; the system resolver unless a test passes its own.
   * The browser's proxy and the sampler run on threads of their own, with the system resolver
   * (or loopback only, offline).
   */
  readonly resolve?: Resolve;
  /**
   * Addresses let through though the guard refuses them: for tests only, where everything
   * reachable is loopback (a redirect test lets its first hop through this way). Plain data,
   * so it reaches the proxy's thread.
   */
  readonly letThrough?: readonly string[];
}

/** What of a NetworkAccess reaches another thread: its data, not a test's resolver. */
export const threadNetworkSchema = z.object({ offline: z.boolean(), allowPrivateNetworks: z.boolean(), letThrough: z.array(z.string()).optional() });
export type ThreadNetwork = z.infer<typeof threadNetworkSchema>;

export function threadNetwork(access: NetworkAccess): ThreadNetwork {
  return { offline: access.offline, allowPrivateNetworks: access.allowPrivateNetworks, ...(access.letThrough ? { letThrough: [...access.letThrough] } : {}) };
}

export type Resolve = (host: string) => Promise<readonly LookupAddress[]>;

/** The default: the real network, with the guard on. */
export const GUARDED_NETWORK: NetworkAccess = { offline: false, allowPrivateNetworks: false };

/** A connection the guard refused before any byte was sent. */
export class PrivateNetworkRefusal extends Error {
  constructor(
    readonly refused: Refused,
    readonly host: string,
  ) {
    super(describeRefusal(refused, host));
    this.name = 'PrivateNetworkRefusal';
  }
}

/** Thrown by the offline resolver, shaped like the system resolver's error so it maps to `dns`. */
class NotFound extends Error {
  readonly code = 'ENOTFOUND';
}

/**
 * The addresses a connection to `host` may use, each one checked. Throws PrivateNetworkRefusal,
 * or the resolver's own error (ENOTFOUND, EAI_AGAIN) when the name does not resolve.
 */
export async function resolveChecked(host: string, access: NetworkAccess): Promise<LookupAddress[]> {
  const literal = literalAddress(host);
  if (literal === null && !access.allowPrivateNetworks) {
    const byName = refusedHostName(host);
    if (byName) throw new PrivateNetworkRefusal(byName, host);
  }
  const resolve = access.resolve ?? (access.offline ? resolveLoopbackOnly : resolveWithSystem);
  const addresses = literal === null ? [...(await resolve(host))] : [{ address: literal, family: isIP(literal) }];
  if (addresses.length === 0) throw new NotFound(`getaddrinfo ENOTFOUND ${host}`);
  if (!access.allowPrivateNetworks) {
    for (const { address } of addresses) {
      const refused = access.letThrough?.includes(address) ? null : refusedAddress(address);
      if (refused) throw new PrivateNetworkRefusal(refused, literal ?? host);
    }
  }
  return addresses;
}

/** A `lookup` for net/http that answers only with these (already checked) addresses. */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (host, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const usable = family === 4 || family === 6 ? addresses.filter((entry) => entry.family === family) : [...addresses];
    const first = usable[0];
    if (first === undefined) {
      process.nextTick(() => callback(new NotFound(`getaddrinfo ENOTFOUND ${host} (no IPv${family ?? ''} address)`), '', 0));
      return;
    }
    process.nextTick(() => (options.all ? callback(null, usable) : callback(null, first.address, first.family)));
  };
}

function resolveWithSystem(host: string): Promise<readonly LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

function resolveLoopbackOnly(host: string): Promise<readonly LookupAddress[]> {
  if (host === 'localhost' || host.endsWith('.localhost')) return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
  return Promise.reject(new NotFound(`getaddrinfo ENOTFOUND ${host} (offline: only loopback resolves)`));
}
