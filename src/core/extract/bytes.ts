/** Small byte helpers shared by the extractors (no DOM/Node APIs). */

/** Concatenates two byte arrays (returns one of them when the other is empty). */
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

/** Latin-1 decoding: one char per byte, so offsets in the string equal offsets in the bytes. */
export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  // Chunked to stay clear of argument-count limits of fromCharCode.apply.
  for (let i = start; i < end; i += 8192) {
    s += String.fromCharCode.apply(null, Array.from(b.subarray(i, Math.min(end, i + 8192))));
  }
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 decoding with replacement characters for bad sequences. */
export function utf8str(b: Uint8Array): string {
  return utf8.decode(b);
}

/** Encodes a string's UTF-8 bytes. */
export function utf8bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Lower-case hex of bytes. */
export function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/** Parses hex text (whitespace ignored) into bytes; for tests and constants. */
export function fromHex(h: string): Uint8Array {
  const c = h.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(c.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(c.substr(i * 2, 2), 16);
  return out;
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
