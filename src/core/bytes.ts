/**
 * Byte, text and address helpers for every stage, once (issue 11: two copies of these had
 * different code, and two IPv6 formatters disagreed). No DOM or Node APIs.
 */

const utf8 = new TextEncoder();
const utf8d = new TextDecoder('utf-8', { fatal: false });

/** Concatenates two byte arrays (returns one of them when the other is empty). */
/**
 * One shared empty array for fields that start or reset empty (a zero-length view can be
 * neither written nor grown in place): `new Uint8Array(0)` costs 184 B of heap, and per tiny
 * flow the sniffers and HTTP streams made ~10 of them (issue 15, measured with node's
 * allocation sampler). Never transfer its buffer.
 */
export const EMPTY_BYTES = new Uint8Array(0);

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Concatenates many byte arrays. */
export function concatAll(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** UTF-8 bytes of a string. */
export function bytesOf(s: string): Uint8Array {
  // Almost every text here is short ASCII (literals, tokens): a loop beats TextEncoder's call
  // into the engine (profile expansion makes ~4,000 of these per start).
  if (s.length <= 64) {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return utf8.encode(s);
      out[i] = c;
    }
    return out;
  }
  return utf8.encode(s);
}

/** Text of bytes as UTF-8 (invalid sequences become U+FFFD). */
export function textOf(b: Uint8Array): string {
  return utf8d.decode(b);
}

/** One char per byte; for regexes over ASCII structure without decoding costs. */
export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  if (end - start <= 4096) {
    // One flat string: a `+=` per byte built a cons string per character (~1.4 KB for the
    // header block of a one-line GET, the largest allocation per tiny flow; issue 15).
    if (end <= start) return '';
    const v = start === 0 && end === b.length ? b : b.subarray(start, end);
    // ASCII reads the same as UTF-8, and TextDecoder makes the string without the argument
    // list fromCharCode.apply builds (8 bytes per byte: ~0.5 KB per one-line GET; 1.5x faster).
    let i = start;
    while (i < end && b[i] < 0x80) i++;
    if (i === end) return utf8d.decode(v);
    return String.fromCharCode.apply(null, v as unknown as number[]);
  }
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode(...b.subarray(i, Math.min(end, i + 4096)));
  }
  return s;
}

/** Bytes of a latin1 string (inverse of latin1). */
export function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Lower-case hex. */
export function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
}

/** Parses hex text (whitespace ignored) into bytes; for tests and constants. */
export function fromHex(h: string): Uint8Array {
  const c = h.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(c.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(c.substr(i * 2, 2), 16);
  return out;
}

/** Big-endian 16-bit read. */
export function u16(d: Uint8Array, o: number): number {
  return (d[o] << 8) | d[o + 1];
}

/** Big-endian unsigned 32-bit read. */
export function u32(d: Uint8Array, o: number): number {
  return ((d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3]) >>> 0;
}

/** Index of `needle` in `hay` from `from`, or -1. */
export function indexOf(hay: Uint8Array, needle: number[], from = 0): number {
  const n0 = needle[0];
  outer: for (let i = hay.indexOf(n0, from); i !== -1 && i + needle.length <= hay.length; i = hay.indexOf(n0, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Big-endian reader over a byte range that never throws: reads past the end set `bad`. */
export class Reader {
  pos: number;
  bad = false;
  constructor(readonly b: Uint8Array, pos = 0, readonly end = b.length) {
    this.pos = pos;
  }
  get left(): number {
    return this.end - this.pos;
  }
  u8(): number {
    if (this.pos + 1 > this.end) return this.fail();
    return this.b[this.pos++];
  }
  u16(): number {
    if (this.pos + 2 > this.end) return this.fail();
    const v = (this.b[this.pos] << 8) | this.b[this.pos + 1];
    this.pos += 2;
    return v;
  }
  u24(): number {
    if (this.pos + 3 > this.end) return this.fail();
    const v = (this.b[this.pos] << 16) | (this.b[this.pos + 1] << 8) | this.b[this.pos + 2];
    this.pos += 3;
    return v;
  }
  u32(): number {
    if (this.pos + 4 > this.end) return this.fail();
    const v = ((this.b[this.pos] << 24) | (this.b[this.pos + 1] << 16) | (this.b[this.pos + 2] << 8) | this.b[this.pos + 3]) >>> 0;
    this.pos += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.end) {
      this.fail();
      return new Uint8Array(0);
    }
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** QUIC variable-length integer (RFC 9000 §16); values above 2^53 lose precision, fine here. */
  varint(): number {
    if (this.pos >= this.end) return this.fail();
    const first = this.b[this.pos];
    const len = 1 << (first >> 6);
    if (this.pos + len > this.end) return this.fail();
    let v = first & 0x3f;
    for (let i = 1; i < len; i++) v = v * 256 + this.b[this.pos + i];
    this.pos += len;
    return v;
  }
  private fail(): number {
    this.bad = true;
    this.pos = this.end;
    return 0;
  }
}

/**
 * IP address text exactly as tshark prints it. IPv4 dotted quad; IPv6 as glibc's inet_ntop
 * (which tshark 4.0 uses): lower-case hex, the longest run (>= 2) of zero groups compressed,
 * leftmost on ties, and an embedded IPv4 tail for ::ffff:a.b.c.d and ::a.b.c.d.
 */

// Small cache so the hot path does not rebuild the same IPv4 strings for every packet.
const v4Cache = new Map<number, string>();
const V4_CACHE_MAX = 65536;

/** Dotted-quad text of the IPv4 address at data[off..off+4). */
export function ipv4ToString(data: Uint8Array, off = 0): string {
  // A signed 32-bit key: a small integer to V8, where `>>> 0` made every address from 128.0.0.0
  // on a heap number, boxed per lookup and hashed as a double.
  const n = (data[off] << 24) | (data[off + 1] << 16) | (data[off + 2] << 8) | data[off + 3];
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
export function ipv6ToString(data: Uint8Array, off = 0): string {
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

// Address text parsing for the lookups: IPv4 to a 32-bit number, IPv6 to eight 16-bit groups.

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
