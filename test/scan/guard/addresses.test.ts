import { describe, expect, it } from 'vitest';
import { describeRefusal, literalAddress, refusedAddress, refusedHostName } from '../../../scripts/scan/guard/addresses.ts';

/** Every class the guard refuses, in IPv4 and IPv6, with the label its message names. */
const REFUSED: readonly [address: string, label: string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.5.4', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['169.254.170.2', 'link-local (cloud metadata)'],
  ['169.254.1.1', 'link-local'],
  ['100.64.0.1', 'carrier-grade NAT (100.64.0.0/10)'],
  ['100.100.100.200', 'carrier-grade NAT (100.64.0.0/10) (cloud metadata)'],
  ['168.63.129.16', 'cloud metadata'],
  ['192.0.0.192', 'reserved (cloud metadata)'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'link-local'],
  ['fc00::1', 'private (unique local)'],
  ['fd00:ec2::254', 'private (unique local) (cloud metadata)'],
  ['ff02::1', 'multicast'],
  ['fec0::1', 'site-local'],
  ['2001:db8::1', 'reserved'],
  ['2001::1', 'Teredo tunnel'],
  ['100::1', 'discard-only'],
  ['64:ff9b:1::a00:1', 'reserved'],
  // IPv4 inside IPv6: mapped, compatible, translated (SIIT), NAT64 and 6to4.
  ['::ffff:127.0.0.1', 'loopback, as IPv4 127.0.0.1 inside IPv6'],
  ['::ffff:a9fe:a9fe', 'link-local (cloud metadata), as IPv4 169.254.169.254 inside IPv6'],
  ['::ffff:10.0.0.1', 'private, as IPv4 10.0.0.1 inside IPv6'],
  ['::127.0.0.1', 'loopback, as IPv4 127.0.0.1 inside IPv6'],
  ['::ffff:0:7f00:1', 'loopback, as IPv4 127.0.0.1 inside IPv6'],
  ['64:ff9b::a9fe:a9fe', 'link-local (cloud metadata), as IPv4 169.254.169.254 inside IPv6'],
  ['64:ff9b::192.168.0.1', 'private, as IPv4 192.168.0.1 inside IPv6'],
  ['2002:7f00:1::', 'loopback, as IPv4 127.0.0.1 inside IPv6'],
  ['2002:a00:1::1', 'private, as IPv4 10.0.0.1 inside IPv6'],
];

const ALLOWED = ['93.184.215.14', '8.8.8.8', '1.1.1.1', '2606:4700::6810:85e5', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8', '64:ff9b::808:808'];

describe('refusedAddress', () => {
  it.each(REFUSED)('refuses %s as %s', (address, label) => {
    expect(refusedAddress(address)?.label).toBe(label);
  });

  it.each(ALLOWED)('allows the public address %s', (address) => {
    expect(refusedAddress(address)).toBeNull();
  });
});

describe('literalAddress', () => {
  /** Every notation a URL or a socket may spell an IPv4 address in. */
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['2852039166', '169.254.169.254'],
    ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254'],
    ['[::1]', '::1'],
    ['[::ffff:7f00:1]', '::ffff:7f00:1'],
    ['[0:0:0:0:0:0:0:1]', '::1'],
  ])('reads %s as %s', (host, address) => {
    expect(literalAddress(host)).toBe(address);
    expect(refusedAddress(address)).not.toBeNull();
  });

  it.each(['example.com', 'localhost', '127.0.0.1.nip.io', '1.2.3.4.5'])('%s is a name, not an address', (host) => {
    expect(literalAddress(host)).toBeNull();
  });
});

describe('messages', () => {
  it('name the address and its class', () => {
    const refused = refusedAddress('169.254.169.254');
    expect(refused && describeRefusal(refused)).toMatch(/^169\.254\.169\.254 is a link-local \(cloud metadata\) address: /);
    const viaName = refusedAddress('10.0.0.1');
    expect(viaName && describeRefusal(viaName, 'intranet.example')).toMatch(/^intranet\.example resolves to 10\.0\.0\.1, a private address: /);
    expect(describeRefusal({ address: '::1', label: 'loopback' })).toContain('--allow-private-networks');
  });

  it('refuse the metadata services by name before they are resolved', () => {
    for (const host of ['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata.goog', 'instance-data.ec2.internal']) {
      expect(refusedHostName(host)?.label).toBe('cloud metadata');
    }
    const refused = refusedHostName('metadata.google.internal');
    expect(refused && describeRefusal(refused, 'metadata.google.internal')).toMatch(/^metadata\.google\.internal is a cloud metadata host: /);
    expect(refusedHostName('example.com')).toBeNull();
  });
});
