/**
 * Byte format of the generated tables in src/data/ (written by scripts/update-data.ts).
 *
 * Every table is a column of LEB128 varints rather than raw typed arrays: sorted range starts
 * stored as deltas take 1–3 bytes instead of 4–8, which roughly halves the files before gzip
 * and still decodes in a few milliseconds. Decoding expands them into typed arrays once.
 *
 * country.bin: MAGIC_COUNTRY, varint codeCount, codeCount×2 ASCII bytes (index 0 = unknown),
 *   then the v4 table and the v6 table.
 * asn.bin: MAGIC_ASN, v4 table, v6 table, varint asnCount, asnCount×varint asn, then
 *   asnCount×varint org reference (0 = the next organisation not yet referenced, which is how
 *   most are numbered; else index + 1), varint orgCount, orgCount UTF-8 names as length + bytes.
 * A v4 table: varint n, n×varint start delta (d/256·2 when d is a multiple of 256, else d·2+1:
 *   boundaries mostly sit on /24s), n×varint value.
 * A v6 table (keyed by the top 64 bits): varint n, n×(varint delta high 32, varint delta low 32)
 *   — the 64-bit delta split in two so the decoder never needs BigInt — then n×varint value.
 * Value 0 means "no data" (a gap between ranges); other values are index + 1.
 */

export const MAGIC_COUNTRY = 'LKC1';
export const MAGIC_ASN = 'LKA1';

/** Appends varints and raw bytes; used by the generator and by tests. */
export class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private len = 0;

  /** Unsigned integer below 2^53, LEB128. */
  varint(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`varint out of range: ${v}`);
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
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

  /** Unsigned LEB128 integer below 2^53. */
  varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.b.length) throw new Error('table truncated');
      const byte = this.b[this.pos++];
      v += (byte & 0x7f) * scale;
      if (byte < 0x80) return v;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new Error('table varint too long');
    }
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
