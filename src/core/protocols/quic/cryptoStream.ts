/** One Initial key set's CRYPTO stream, reassembled from frames that may repeat, overlap or come out of order. */

/** Largest CRYPTO stream we hold per key set: ClientHellos and gQUIC CHLOs are a few KiB. */
export const MAX_CRYPTO = 64 * 1024;

export class CryptoStream {
  private segments = new Map<number, Uint8Array>();
  private buffered = 0;

  /** Bytes held (retransmissions included). */
  get held(): number {
    return this.buffered;
  }

  /** Keeps a copy of `data` at `off`; false (nothing kept) when it lies past the bounds. */
  add(off: number, data: Uint8Array): boolean {
    if (off + data.length > MAX_CRYPTO || this.buffered + data.length > 4 * MAX_CRYPTO) return false;
    const prev = this.segments.get(off);
    if (!prev || prev.length < data.length) {
      this.segments.set(off, data.slice());
      this.buffered += data.length;
    }
    return true;
  }

  /** The contiguous bytes from offset 0, as a new array (empty until offset 0 has come). */
  prefix(): Uint8Array {
    const sorted = [...this.segments.entries()].sort((a, b) => a[0] - b[0]);
    let end = 0;
    for (const [o, b] of sorted) {
      if (o > end) break;
      end = Math.max(end, o + b.length);
    }
    const buf = new Uint8Array(end);
    for (const [o, b] of sorted) {
      if (o >= end) break;
      buf.set(b.subarray(0, Math.min(b.length, end - o)), o);
    }
    return buf;
  }

  clear(): void {
    this.segments.clear();
  }
}
