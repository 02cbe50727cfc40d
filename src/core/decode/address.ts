/**
 * IP address text exactly as tshark prints it. IPv4 dotted quad; IPv6 as glibc's inet_ntop
 * (which tshark 4.0 uses): lower-case hex, the longest run (>= 2) of zero groups compressed,
 * leftmost on ties, and an embedded IPv4 tail for ::ffff:a.b.c.d and ::a.b.c.d.
 */

// Small cache so the hot path does not rebuild the same IPv4 strings for every packet.
const v4Cache = new Map<number, string>();
const V4_CACHE_MAX = 65536;

/** Dotted-quad text of the IPv4 address at data[off..off+4). */
export function ipv4ToString(data: Uint8Array, off: number): string {
  const n = ((data[off] << 24) | (data[off + 1] << 16) | (data[off + 2] << 8) | data[off + 3]) >>> 0;
  let s = v4Cache.get(n);
  if (s === undefined) {
    s = `${data[off]}.${data[off + 1]}.${data[off + 2]}.${data[off + 3]}`;
    if (v4Cache.size >= V4_CACHE_MAX) v4Cache.clear();
    v4Cache.set(n, s);
  }
  return s;
}

const words = new Uint16Array(8);

/** RFC 5952 / glibc inet_ntop text of the IPv6 address at data[off..off+16). */
export function ipv6ToString(data: Uint8Array, off: number): string {
  for (let i = 0; i < 8; i++) words[i] = (data[off + 2 * i] << 8) | data[off + 2 * i + 1];
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase >= 0) {
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase >= 0 && curLen > bestLen) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    // glibc prints an IPv4 tail for IPv4-compatible (::a.b.c.d) and IPv4-mapped addresses.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      s += `${data[off + 12]}.${data[off + 13]}.${data[off + 14]}.${data[off + 15]}`;
      return s;
    }
    s += words[i].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) s += ':';
  return s;
}
