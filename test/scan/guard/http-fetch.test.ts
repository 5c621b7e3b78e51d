import { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../../scripts/scan/deadline.ts';
import { ScanFailure } from '../../../scripts/scan/failure.ts';
import { GUARDED_NETWORK, type NetworkAccess, type Resolve } from '../../../scripts/scan/guard/resolver.ts';
import { fetchDocument } from '../../../scripts/scan/http-fetch.ts';
import { isTransientFailure } from '../../../scripts/run/retry.ts';
import { TechscanScanner } from '../../../scripts/scan/scanner.ts';
import { NO_DETECTION, scanUrl, settings } from '../support.ts';
import { startCountingServer, type CountingServer } from './listeners.ts';

/**
 * The guard on Node's HTTP client (light scans, the http:// probe): every notation of a loopback
 * address is refused before a connection is made, names are judged by what they resolve to,
 * and every redirect hop goes through the same check. Only 127.0.0.x is ever listened on.
 */

let site: CountingServer;
let other: CountingServer;

beforeAll(async () => {
  site = await startCountingServer('127.0.0.1', (request, response) => {
    const to = new URL(request.url ?? '/', 'http://fixture').searchParams.get('to');
    if (to) response.writeHead(302, { location: to }).end();
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<title>reached</title>');
  });
  other = await startCountingServer('127.0.0.2');
});
afterAll(async () => {
  await site.close();
  await other.close();
});

async function failure(url: string, network: NetworkAccess = GUARDED_NETWORK): Promise<ScanFailure> {
  const deadline = new Deadline(5_000);
  try {
    await fetchDocument(url, { deadline, network });
  } catch (error) {
    if (error instanceof ScanFailure) return error;
    throw error;
  } finally {
    deadline.dispose();
  }
  throw new Error(`${url} was fetched`);
}

describe('with the guard on (the default)', () => {
  /** Each way of writing 127.0.0.1 into a URL, and the address the refusal names. */
  const NOTATIONS: readonly [url: (port: number) => string, named: string][] = [
    [(port) => `http://127.0.0.1:${port}/`, '127.0.0.1 is a loopback address'],
    [(port) => `http://2130706433:${port}/`, '127.0.0.1 is a loopback address'],
    [(port) => `http://0x7f.1:${port}/`, '127.0.0.1 is a loopback address'],
    [(port) => `http://0x7f000001:${port}/`, '127.0.0.1 is a loopback address'],
    [(port) => `http://017700000001:${port}/`, '127.0.0.1 is a loopback address'],
    [(port) => `http://0177.0.0.01:${port}/`, '127.0.0.1 is a loopback address'],
    [(port) => `http://127.1:${port}/`, '127.0.0.1 is a loopback address'],
    [(port) => `http://[::ffff:127.0.0.1]:${port}/`, '::ffff:7f00:1 is a loopback, as IPv4 127.0.0.1 inside IPv6 address'],
    [(port) => `http://[::ffff:0:7f00:1]:${port}/`, '::ffff:0:7f00:1 is a loopback, as IPv4 127.0.0.1 inside IPv6 address'],
    [(port) => `http://[::1]:${port}/`, '::1 is a loopback address'],
    [(port) => `http://0.0.0.0:${port}/`, '0.0.0.0 is an unspecified address'],
    [(port) => `http://localhost:${port}/`, 'localhost resolves to'],
  ];

  it.each(NOTATIONS.map(([url, named]) => [url(0).replace(':0/', ':<port>/'), url, named] as const))(
    'refuses %s before connecting',
    async (_shown, url, named) => {
      const before = site.connections;
      const refused = await failure(url(site.port));
      expect(refused.kind).toBe('private_address');
      expect(refused.message).toContain(named);
      expect(refused.message).toContain('--allow-private-networks');
      expect(site.connections).toBe(before);
    },
  );

  it('checks every redirect hop: a hop to another loopback address is refused before it is connected', async () => {
    const firstHopOnly: NetworkAccess = { ...GUARDED_NETWORK, letThrough: ['127.0.0.1'] };
    const before = site.requests;
    const refused = await failure(`http://127.0.0.1:${site.port}/?to=${encodeURIComponent(`http://0x7f000002:${other.port}/`)}`, firstHopOnly);
    expect(refused.kind).toBe('private_address');
    expect(refused.message).toMatch(/^127\.0\.0\.2 is a loopback address/);
    expect(site.requests).toBe(before + 1);
    expect(other.connections).toBe(0);
  });

  it('refuses a redirect to a metadata service by its name, without resolving it', async () => {
    const resolve = vi.fn<Resolve>(async () => [{ address: '127.0.0.1', family: 4 }]);
    const firstHopOnly: NetworkAccess = { ...GUARDED_NETWORK, resolve, letThrough: ['127.0.0.1'] };
    const refused = await failure(
      `http://site.test:${site.port}/?to=${encodeURIComponent('http://metadata.google.internal/computeMetadata/v1/')}`,
      firstHopOnly,
    );
    expect(refused.message).toMatch(/^metadata\.google\.internal is a cloud metadata host/);
    expect(resolve.mock.calls.map(([host]) => host)).toEqual(['site.test']);
  });

  it('fetches the same server once opted in', async () => {
    const deadline = new Deadline(5_000);
    const fetched = await fetchDocument(`http://0x7f.1:${site.port}/`, { deadline, network: { offline: true, allowPrivateNetworks: true } });
    deadline.dispose();
    expect(fetched).toMatchObject({ status: 200, ip: '127.0.0.1' });
  });
});

describe('names that resolve into private networks', () => {
  // No packet may leave: any connection attempt at all fails the test (and is never made).
  const refuseEveryConnection = () =>
    vi.spyOn(Socket.prototype, 'connect').mockImplementation(() => {
      throw new Error('a connection was attempted');
    });
  let connect: ReturnType<typeof refuseEveryConnection>;
  beforeAll(() => void (connect = refuseEveryConnection()));
  afterEach(() => connect.mockClear());
  afterAll(() => connect.mockRestore());

  const CASES: readonly [host: string, addresses: readonly string[], message: string][] = [
    ['intranet.test', ['10.0.0.1'], 'intranet.test resolves to 10.0.0.1, a private address'],
    ['metadata.test', ['169.254.169.254'], 'metadata.test resolves to 169.254.169.254, a link-local (cloud metadata) address'],
    ['imds-v6.test', ['fd00:ec2::254'], 'imds-v6.test resolves to fd00:ec2::254, a private (unique local) (cloud metadata) address'],
    [
      'mapped.test',
      ['::ffff:a9fe:a9fe'],
      'mapped.test resolves to ::ffff:a9fe:a9fe, a link-local (cloud metadata), as IPv4 169.254.169.254 inside IPv6 address',
    ],
    [
      'nat64.test',
      ['64:ff9b::a9fe:a9fe'],
      'nat64.test resolves to 64:ff9b::a9fe:a9fe, a link-local (cloud metadata), as IPv4 169.254.169.254 inside IPv6 address',
    ],
    ['cgnat.test', ['100.64.12.1'], 'cgnat.test resolves to 100.64.12.1, a carrier-grade NAT (100.64.0.0/10) address'],
    ['multicast.test', ['239.1.2.3'], 'multicast.test resolves to 239.1.2.3, a multicast address'],
    ['rebind.test', ['93.184.215.14', '10.1.1.1'], 'rebind.test resolves to 10.1.1.1, a private address'],
  ];

  it.each(CASES)('%s → %j is refused before any connection', async (host, addresses, message) => {
    const resolve = vi.fn<Resolve>(async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    const refused = await failure(`http://${host}/`, { ...GUARDED_NETWORK, resolve });
    expect(refused).toMatchObject({ kind: 'private_address' });
    expect(refused.message).toContain(message);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(connect).not.toHaveBeenCalled();
  });

  it('a name that does not resolve is a dns failure, not a guard one', async () => {
    const refused = await failure('http://nowhere.test/', {
      ...GUARDED_NETWORK,
      resolve: async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' })),
    });
    expect(refused.kind).toBe('dns');
    expect(connect).not.toHaveBeenCalled();
  });
});

describe('offline mode with the guard on', () => {
  it('resolves only localhost, and the guard still refuses it', async () => {
    const offline: NetworkAccess = { offline: true, allowPrivateNetworks: false };
    expect((await failure(`http://localhost:${site.port}/`, offline)).kind).toBe('private_address');
    expect((await failure('http://example.com/', offline)).kind).toBe('dns');
  });
});

describe('a light scan with the guard on', () => {
  it('fails with private_address, is not retried, and never reaches the site', async () => {
    const scanner = new TechscanScanner({
      detection: NO_DETECTION,
      tool: 'techscan@test',
      chromium: null,
      network: { offline: true, allowPrivateNetworks: false },
    });
    const before = site.connections;
    const { result } = await scanUrl(scanner, `http://127.0.0.1:${site.port}/`, settings('light'));
    await scanner.close();
    expect(result).toMatchObject({ ok: false, status: null, error: { kind: 'private_address' } });
    expect(result.error?.message).toMatch(/^127\.0\.0\.1 is a loopback address/);
    expect(isTransientFailure(result)).toBe(false);
    expect(site.connections).toBe(before);
  });
});
