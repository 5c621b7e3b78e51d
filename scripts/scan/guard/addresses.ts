import ipaddr from 'ipaddr.js';

/**
 * Which addresses a scan may connect to. Pure: ipaddr.js parses every notation (dotted,
 * decimal, octal, hex and short IPv4, every IPv6 form) and names the range; everything but
 * global unicast is refused, IPv6 forms that carry an IPv4 address are judged by that address,
 * and the cloud metadata endpoints are refused by name and by address wherever they sit.
 */

export interface Refused {
  /** The address as normalised, e.g. `169.254.169.254` or `fd00:ec2::254`. */
  readonly address: string;
  /** What kind of address it is, for messages: `link-local (cloud metadata)`. */
  readonly label: string;
}

/** Human names of ipaddr.js's ranges; a range without one here is called "reserved". */
const RANGE_LABELS: Readonly<Record<string, string>> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private (unique local)',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  deprecatedSiteLocal: 'site-local',
  teredo: 'Teredo tunnel',
  discard: 'discard-only',
  benchmarking: 'benchmarking',
};

/**
 * Cloud metadata and platform endpoints (AWS, GCP, Azure, Alibaba, Oracle, ECS). Most sit in
 * ranges refused anyway; Azure's WireServer is a public address and is refused only by this list.
 */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  '169.254.169.253',
  '169.254.170.2',
  '169.254.170.23',
  '100.100.100.200',
  '168.63.129.16',
  '192.0.0.192',
  'fd00:ec2::254',
  'fd00:ec2::23',
]);
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** IPv6 prefixes whose last 32 bits are an IPv4 address: IPv4-mapped and -compatible, SIIT, NAT64 (64:ff9b::/96). */
const EMBEDS_LAST_32_BITS = new Set(['ipv4Mapped', 'rfc6145']);
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/** The address a host names when it is an IP literal in any notation (`[::1]`, `0x7f.1`, `2130706433`), else null. */
export function literalAddress(host: string): string | null {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (!ipaddr.isValid(bare)) return null;
  return ipaddr.parse(bare).toString();
}

/** Why a scan may not connect to this address, or null when it may (global unicast). */
export function refusedAddress(address: string): Refused | null {
  const parsed = ipaddr.parse(address);
  const shown = parsed.toString();
  const label = labelOf(parsed);
  return label === null ? null : { address: shown, label };
}

/** Why a host name is refused before it is resolved (a metadata service's own name), or null. */
export function refusedHostName(host: string): Refused | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  return METADATA_HOSTS.has(name) ? { address: name, label: 'cloud metadata' } : null;
}

function labelOf(address: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  const metadata = METADATA_ADDRESSES.has(address.toString());
  const embedded = embeddedIpv4(address);
  if (embedded) {
    const inner = labelOf(embedded);
    return inner === null ? (metadata ? 'cloud metadata' : null) : `${inner}, as IPv4 ${embedded.toString()} inside IPv6`;
  }
  const range: string = address.range();
  if (range === 'unicast') return metadata ? 'cloud metadata' : null;
  const label = RANGE_LABELS[range] ?? 'reserved';
  return metadata ? `${label} (cloud metadata)` : label;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, translated, NAT64, 6to4), or null. */
function embeddedIpv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | null {
  if (!(address instanceof ipaddr.IPv6)) return null;
  const range: string = address.range();
  const bytes = address.toByteArray();
  if (EMBEDS_LAST_32_BITS.has(range) || address.match(NAT64_WELL_KNOWN)) return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

/** "a loopback", "an unspecified". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}

/** "169.254.169.254 is a link-local (cloud metadata) address". */
export function describeRefusal(refused: Refused, host?: string): string {
  const what = `${withArticle(refused.label)} ${refused.label === 'cloud metadata' && METADATA_HOSTS.has(refused.address) ? 'host' : 'address'}`;
  const subject = host && host !== refused.address ? `${host} resolves to ${refused.address},` : `${refused.address} is`;
  return `${subject} ${what}: scans do not reach private networks (opt in with --allow-private-networks or allowPrivateNetworks: true in monitors/_settings.yaml)`;
}
