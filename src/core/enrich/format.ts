/**
 * Byte format of the generated tables in src/data/ (written by scripts/update-data.ts).
 *
 * Every table is a column of little-endian u32s at a 4-byte-aligned offset, so loading is a
 * typed-array view plus one prefix-sum loop. (Version 1 used LEB128 varints: 20 % smaller after
 * gzip, but decoding 3.4 million of them cost ~120 ms of every CLI run and every page start.)
 * The files ship gzipped; runs of deltas compress well.
 *
 * country.bin: MAGIC_COUNTRY, u32 codeCount, codeCount×2 ASCII bytes (index 0 = unknown),
 *   padding to 4, then the v4 table and the v6 table.
 * asn.bin: MAGIC_ASN, v4 table, v6 table, u32 asnCount, asnCount×u32 asn, asnCount×u32 org
 *   index, u32 orgCount, orgCount×u32 end offset of each name, the UTF-8 names back to back,
 *   padding to 4.
 * A v4 table: u32 n, n×u32 start delta, n×u32 value.
 * A v6 table (keyed by the top 64 bits): u32 n, n×u32 delta of the high 32 bits, n×u32 low 32
 *   bits (absolute), n×u32 value.
 * Value 0 means "no data" (a gap between ranges); other values are index + 1.
 * LKC3 / LKA3: the same, start columns absolute (see MAGIC_COUNTRY_ABSOLUTE).
 */

export const MAGIC_COUNTRY = 'LKC2';
export const MAGIC_ASN = 'LKA2';
/**
 * The same two layouts with the start columns (v4 starts, v6 high halves) as absolute values
 * instead of deltas: bigger after gzip, so never shipped, but the CLI's build writes its
 * inflated copies this way (withAbsoluteStarts) and a run then sums nothing.
 */
export const MAGIC_COUNTRY_ABSOLUTE = 'LKC3';
export const MAGIC_ASN_ABSOLUTE = 'LKA3';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Appends u32 columns and raw bytes; used by the generator and by tests. */
export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private len = 0;

  /** Unsigned 32-bit integer, little-endian. */
  u32(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`u32 out of range: ${v}`);
    for (let i = 0; i < 4; i++) this.byte((v >>> (8 * i)) & 0xff);
  }

  /** Zero bytes up to the next multiple of 4, so the next u32 column can be viewed in place. */
  align4(): void {
    while (this.len % 4) this.byte(0);
  }

  /** Raw bytes. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** ASCII text, one byte per character. */
  ascii(s: string): void {
    for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i) & 0xff);
  }

  /** Single byte. */
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** Reads what ByteWriter wrote; throws on truncation so a damaged table fails loudly at load. */
export class ByteReader {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}

  /** One little-endian u32. */
  u32(): number {
    return this.u32s(1)[0];
  }

  /** n little-endian u32s: a view when the bytes are aligned (the usual case), else a copy. */
  u32s(n: number): Uint32Array {
    const at = this.b.byteOffset + this.pos;
    const raw = this.bytes(4 * n);
    if (LITTLE_ENDIAN && at % 4 === 0) return new Uint32Array(raw.buffer, at, n);
    const out = new Uint32Array(n);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) out[i] = dv.getUint32(4 * i, true);
    return out;
  }

  align4(): void {
    this.pos += (4 - (this.pos % 4)) % 4;
  }

  /** Raw bytes (a view, not a copy). */
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.b.length) throw new Error('table truncated');
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** ASCII text of n bytes. */
  ascii(n: number): string {
    let s = '';
    for (const c of this.bytes(n)) s += String.fromCharCode(c);
    return s;
  }
}
