/** Address text parsing for the lookups: IPv4 to a 32-bit number, IPv6 to eight 16-bit groups. */

/** IPv4 dotted quad to an unsigned 32-bit number; null unless exactly four decimal parts 0–255. */
export function parseIPv4(s: string): number | null {
  let v = 0;
  let part = -1;
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (part < 0 || ++dots > 3) return null;
      v = v * 256 + part;
      part = -1;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // Leading zeros are refused: "010" means octal to some parsers, decimal to others.
      if (digits === 1 && part === 0) return null;
      part = (part < 0 ? 0 : part * 10) + (c - 48);
      if (++digits > 3 || part > 255) return null;
    } else return null;
  }
  if (part < 0 || dots !== 3) return null;
  return v * 256 + part;
}

/** IPv6 text (RFC 4291 forms, optional [brackets] and %zone) to eight groups; null if invalid. */
export function parseIPv6(input: string): number[] | null {
  let s = input;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  // An embedded dotted IPv4 tail (::ffff:1.2.3.4) is rewritten as its two hex groups.
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) >= 0) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return null;
  const total = head.length + rest.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return null;
  return [...head, ...new Array<number>(8 - total).fill(0), ...rest];
}

function groups(s: string): number[] | null {
  if (s === '') return [];
  const out: number[] = [];
  for (const g of s.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  return out;
}

/** The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96). */
export function embeddedIPv4(g: number[]): number | null {
  const zero5 = g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0;
  if (zero5 && g[5] === 0xffff) return g[6] * 65536 + g[7];
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0) return g[6] * 65536 + g[7];
  return null;
}
