/**
 * Turns arbitrary chunks into whole units (records, blocks) for a parser.
 *
 * We hand-write the readers instead of using a library because streaming speed and bounded
 * memory are the product: a 2 GB capture must pass through with a few MB of memory. So only
 * the unconsumed tail of a chunk is ever copied, and a unit that lies entirely inside the
 * current chunk is handed over as a subarray of it.
 */

/** A stage-1 parser fed by the Framer. */
export interface UnitParser {
  /**
   * Consumes the complete units in buf[start, end) and returns the offset it reached.
   * When it stops short of `end`, `want` must say how many bytes (counted from the returned
   * offset) it needs before it can go on; `want` is then larger than what was left.
   */
  parse(buf: Uint8Array, start: number, end: number): number;
  readonly want: number;
  /** The stream ended with `leftover` unconsumed bytes. */
  finish(leftover: number): void;
}

/** Release a grown tail buffer once it is empty, so one huge unit does not pin its memory. */
const KEEP_CAPACITY = 1 << 20;

/** Feeds a UnitParser from chunks of any size, keeping only the unfinished tail. */
export class Framer {
  private tail = new Uint8Array(0);
  private tailLen = 0;
  /** Bytes pushed so far. */
  bytes = 0;

  constructor(private readonly parser: UnitParser) {}

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let pos = 0;
    // First finish the unit that straddles the previous chunk: copy just enough to complete it.
    while (this.tailLen > 0) {
      const need = this.parser.want;
      if (need > this.tailLen) {
        const take = Math.min(need - this.tailLen, chunk.length - pos);
        this.append(chunk, pos, take);
        pos += take;
      }
      // Parse even when short of `want`: a parser searching for a resync point makes progress
      // on any bytes; for the others this costs one header read per chunk.
      const used = this.parser.parse(this.tail, 0, this.tailLen);
      if (used >= this.tailLen) {
        this.tailLen = 0;
        if (this.tail.length > KEEP_CAPACITY) this.tail = new Uint8Array(0);
        break;
      }
      if (used > 0) {
        this.tail.copyWithin(0, used, this.tailLen);
        this.tailLen -= used;
      } else if (this.parser.want <= this.tailLen) {
        throw new Error('capture parser made no progress'); // a bug, never a property of the input
      }
      if (pos >= chunk.length) return;
    }
    const used = this.parser.parse(chunk, pos, chunk.length);
    if (used < chunk.length) this.append(chunk, used, chunk.length - used);
  }

  end(): void {
    const leftover = this.tailLen;
    this.tailLen = 0;
    this.tail = new Uint8Array(0);
    this.parser.finish(leftover);
  }

  private append(src: Uint8Array, from: number, n: number): void {
    const needed = this.tailLen + n;
    if (needed > this.tail.length) {
      const grown = new Uint8Array(Math.max(needed, Math.min(this.tail.length * 2, needed + 65536), 64));
      grown.set(this.tail.subarray(0, this.tailLen));
      this.tail = grown;
    }
    this.tail.set(src.subarray(from, from + n), this.tailLen);
    this.tailLen = needed;
  }
}
