import ipaddr from 'ipaddr.js';

/** Verdict on whether an address may be fetched from, with the reason when it may not. */
export type AddressVerdict =
  | { readonly allowed: true; readonly address: string; readonly family: 4 | 6 }
  | { readonly allowed: false; readonly address: string; readonly reason: string };

/** Description of each rejected ipaddr.js range, used in the rejection reason. */
const REJECTED_RANGES: Readonly<Record<string, string>> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  private: 'private',
  reserved: 'reserved or documentation',
  as112: 'reserved (AS112)',
  amt: 'reserved (AMT)',
  uniqueLocal: 'unique local (fc00::/7)',
  ipv4Mapped: 'IPv4-mapped',
  deprecatedSiteLocal: 'site-local (deprecated)',
  discard: 'discard-only (100::/64)',
  rfc6145: 'IPv4-translated (RFC 6145)',
  rfc6052: 'NAT64 (64:ff9b::/96)',
  '6to4': '6to4 (2002::/16)',
  teredo: 'Teredo (2001::/32)',
  benchmarking: 'benchmarking',
  as112v6: 'reserved (AS112)',
  deprecatedOrchid: 'reserved (ORCHID)',
  orchid2: 'reserved (ORCHIDv2)',
  droneRemoteIdProtocolEntityTags: 'reserved (DRIP)',
};

/**
 * IPv4 ranges rejected even when ipaddr.js calls them unicast. Version 2.5 already classifies
 * both, so this list is a fallback in case another version does not.
 */
const EXTRA_REJECTED_V4: readonly (readonly [string, string])[] = [
  ['192.31.196.0/24', 'reserved (AS112)'],
  ['0.0.0.0/8', 'unspecified ("this network")'],
];

/**
 * IPv6 documentation prefixes, rejected even when ipaddr.js calls them unicast (2.5 calls both
 * reserved). Addresses outside 2000::/3 are rejected separately.
 */
const EXTRA_REJECTED_V6: readonly (readonly [string, string])[] = [
  ['2001:db8::/32', 'documentation (2001:db8::/32)'],
  ['3fff::/20', 'documentation (3fff::/20)'],
];
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Decides whether an IP address is a public unicast address that the safe fetch may connect
 * to. Loopback, private, link-local, carrier-grade NAT, multicast, unspecified, reserved and
 * documentation ranges are rejected in both families, and so is every IPv6 form that embeds an
 * IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo), whatever it embeds.
 */
export function checkAddress(text: string): AddressVerdict {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare) || bare.includes('%')) {
    return { allowed: false, address: text, reason: `${text} is not an IP address` };
  }
  const parsed = ipaddr.parse(bare);
  const address = parsed.toString();
  const rejection =
    parsed.kind() === 'ipv4'
      ? rejectionReasonV4(parsed as ipaddr.IPv4)
      : rejectionReasonV6(parsed as ipaddr.IPv6);
  if (rejection !== undefined) {
    return { allowed: false, address, reason: `${address} is ${withArticle(rejection)} address` };
  }
  return { allowed: true, address, family: parsed.kind() === 'ipv4' ? 4 : 6 };
}

function rejectionReasonV4(address: ipaddr.IPv4): string | undefined {
  const range = address.range();
  if (range !== 'unicast') {
    return REJECTED_RANGES[range] ?? range;
  }
  return EXTRA_REJECTED_V4.find(([cidr]) => address.match(ipaddr.parseCIDR(cidr)))?.[1];
}

function rejectionReasonV6(address: ipaddr.IPv6): string | undefined {
  const range = address.range();
  if (range !== 'unicast') {
    return REJECTED_RANGES[range] ?? range;
  }
  const extra = EXTRA_REJECTED_V6.find(([cidr]) => address.match(ipaddr.parseCIDR(cidr)));
  if (extra !== undefined) {
    return extra[1];
  }
  if (!address.match(GLOBAL_UNICAST_V6)) {
    return 'non-global IPv6 (outside 2000::/3, such as IPv4-compatible ::a.b.c.d)';
  }
  return undefined;
}

function withArticle(phrase: string): string {
  return /^(?!uni)[aeiou]/i.test(phrase) ? `an ${phrase}` : `a ${phrase}`;
}
