/** What kind of address a peer has; only 'public' ones are looked up in the country/ASN tables. */
import { embeddedIPv4, parseIPv4, parseIPv6 } from '../bytes';

/** IANA special-purpose registries (RFC 6890 and successors) folded into the labels a person needs. */
export type AddressKind =
  | 'public'
  | 'private' // RFC 1918, IPv6 unique local fc00::/7 and the old site-local fec0::/10
  | 'loopback'
  | 'link-local'
  | 'multicast'
  | 'unspecified'
  | 'cgnat' // 100.64.0.0/10, the carrier's NAT: not a place on the map
  | 'documentation'
  | 'benchmark'
  | 'broadcast'
  | 'reserved' // 0/8, 192.0.0/24, 240/4, IPv6 outside 2000::/3 …
  | 'invalid';

// [first address, prefix length, kind] — the first match wins, so more specific entries go first.
const V4: [string, number, AddressKind][] = [
  ['0.0.0.0', 32, 'unspecified'],
  ['255.255.255.255', 32, 'broadcast'],
  ['0.0.0.0', 8, 'reserved'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmark'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V4_RULES = V4.map(([a, len, kind]) => ({ base: parseIPv4(a)!, mask: len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0, kind }));

/** Kind of an IPv4 address given as a 32-bit number. */
export function ipv4Kind(v: number): AddressKind {
  for (const r of V4_RULES) if (((v & r.mask) >>> 0) === r.base) return r.kind;
  return 'public';
}

/** Kind of an IPv6 address given as eight 16-bit groups. */
export function ipv6Kind(g: number[]): AddressKind {
  const v4 = embeddedIPv4(g);
  if (v4 !== null) return ipv4Kind(v4);
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if ((g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfec0) return 'private';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
  if (g[0] === 0x3fff && (g[1] & 0xf000) === 0) return 'documentation'; // 3fff::/20
  if (g[0] === 0x2001 && g[1] === 0x0002 && g[2] === 0) return 'benchmark';
  if ((g[0] & 0xe000) !== 0x2000) return 'reserved'; // only 2000::/3 is global unicast
  return 'public';
}

/** Kind of an address in text form (IPv4, IPv6, IPv4-mapped IPv6); 'invalid' if it is neither. */
export function addressKind(ip: string): AddressKind {
  const v4 = parseIPv4(ip);
  if (v4 !== null) return ipv4Kind(v4);
  const g = parseIPv6(ip);
  return g ? ipv6Kind(g) : 'invalid';
}
