/**
 * A streaming splitter for HAR's JSON: walks the bytes once (strings, escapes, nesting) and hands
 * over each element of `log.entries`, and the small `log.version`/`creator`/`browser` values, as
 * one unit to JSON.parse. Memory: the largest single entry (held as bytes, then its text and its
 * parsed object, ~3x its size), never the whole file; an entry past MAX_HAR_ENTRY is skipped.
 */
import type { UnitParser } from '../framer';

/** Largest entry held for parsing (a 64 MiB base64 body and headers); larger ones are skipped. */
export const MAX_HAR_ENTRY = 96 * 1024 * 1024;
const MAX_DEPTH = 512;
const META = new Set(['version', 'creator', 'browser']);
/** Copy granularity while an entry is incomplete: the framer gathers this much before asking again. */
const STEP = 64 * 1024;

export interface HarUnits {
  /** An entry's bytes (valid during the call); `index` is 0-based. */
  entry(bytes: Uint8Array, index: number): void;
  meta(key: string, bytes: Uint8Array): void;
  skipped(index: number, bytes: number): void;
  /** The JSON's structure is broken at this byte offset; nothing more is read. */
  broken(why: string, offset: number): void;
  /** End of input; `inside` says whether an entry was cut off. */
  end(state: { root: boolean; entries: boolean; closed: boolean; cut: number | null }): void;
}

export class HarEntrySplitter implements UnitParser {
  private stack: number[] = [];
  private inString = false;
  private escape = false;
  private expectKey = false;
  private keyBuf = '';
  private collectKey = false;
  private key = '';
  private inLog = false;
  private inEntries = false;
  private entriesClosed = false;
  private rootClosed = false;
  private dead = false;
  /** The unit being held: 'entry' | 'meta', its depth when it began, bytes scanned past its start. */
  private unit: { kind: 'entry' | 'meta' | 'skip'; depth: number; scanned: number; key: string; string: boolean } | null = null;
  private index = 0;
  want = 1;

  constructor(private readonly out: HarUnits, private readonly maxEntry = MAX_HAR_ENTRY) {}

  parse(buf: Uint8Array, start: number, end: number): number {
    if (this.dead) return end;
    let unitStart = this.unit && this.unit.kind !== 'skip' ? start : -1;
    let i = unitStart >= 0 ? start + this.unit!.scanned : start;
    for (; i < end; i++) {
      const c = buf[i];
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 0x5c) this.escape = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.collectKey) {
            this.collectKey = false;
            this.key = this.keyBuf;
            this.expectKey = false;
          } else if (this.unit?.string && this.stack.length === this.unit.depth) {
            this.complete(buf, unitStart, i + 1);
            unitStart = -1;
          }
        } else if (this.collectKey && this.keyBuf.length < 32) this.keyBuf += String.fromCharCode(c);
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3a) continue;
      if (c === 0x2c) {
        if (this.top() === 0x7b) this.expectKey = true;
        continue;
      }
      // A value begins here: does it start a unit?
      const depth = this.stack.length;
      if (!this.unit && c !== 0x7d && c !== 0x5d && !(c === 0x22 && this.expectKey)) {
        if (this.inEntries && depth === 3 && c === 0x7b) {
          this.unit = { kind: 'entry', depth, scanned: 0, key: '', string: false };
          unitStart = i;
        } else if (this.inLog && depth === 2 && META.has(this.key) && (c === 0x7b || c === 0x22)) {
          this.unit = { kind: 'meta', depth, scanned: 0, key: this.key, string: c === 0x22 };
          unitStart = i;
        }
      }
      if (c === 0x22) {
        this.inString = true;
        this.collectKey = this.expectKey && depth <= 2;
        this.keyBuf = '';
        if (this.expectKey) this.expectKey = false;
        continue;
      }
      if (c === 0x7b || c === 0x5b) {
        if (depth === 0 && (c !== 0x7b || this.rootClosed)) return this.break('the file is not one JSON object', i, end);
        if (depth >= MAX_DEPTH) return this.break(`nesting deeper than ${MAX_DEPTH}`, i, end);
        if (depth === 1 && this.key === 'log' && c === 0x7b) this.inLog = true;
        if (depth === 2 && this.inLog && this.key === 'entries' && c === 0x5b) this.inEntries = true;
        this.stack.push(c);
        this.expectKey = c === 0x7b;
        continue;
      }
      if (c === 0x7d || c === 0x5d) {
        if (this.top() !== (c === 0x7d ? 0x7b : 0x5b)) return this.break(`unexpected '${String.fromCharCode(c)}'`, i, end);
        this.stack.pop();
        const d = this.stack.length;
        this.expectKey = false;
        if (d === 2 && this.inEntries && c === 0x5d) {
          this.inEntries = false;
          this.entriesClosed = true;
        }
        if (d === 1 && this.inLog) this.inLog = false;
        if (d === 0) this.rootClosed = true;
        if (this.unit && !this.unit.string && d === this.unit.depth) {
          this.complete(buf, unitStart, i + 1);
          unitStart = -1;
        }
        continue;
      }
      if (depth === 0) return this.break('the file is not one JSON object', i, end);
      // Numbers, true/false/null: nothing to track.
    }
    if (unitStart < 0) return end;
    const held = end - unitStart;
    if (held > this.maxEntry) {
      // Too large to parse: walk on through it without holding it.
      this.out.skipped(this.index, held);
      this.unit!.kind = 'skip';
      return end;
    }
    this.unit!.scanned = held;
    this.want = held + STEP;
    return unitStart;
  }

  finish(leftover: number): void {
    this.out.end({ root: this.stack.length > 0 || this.rootClosed, entries: this.inEntries || this.entriesClosed, closed: this.rootClosed, cut: this.unit?.kind === 'entry' && leftover > 0 ? this.index : null });
  }

  private top(): number {
    return this.stack.length ? this.stack[this.stack.length - 1] : 0;
  }

  private complete(buf: Uint8Array, from: number, to: number): void {
    const u = this.unit!;
    this.unit = null;
    if (u.kind === 'entry') this.out.entry(buf.subarray(from, to), this.index++);
    else if (u.kind === 'skip') this.index++;
    else this.out.meta(u.key, buf.subarray(from, to));
  }

  private break(why: string, at: number, end: number): number {
    this.dead = true;
    this.unit = null;
    this.out.broken(why, at);
    return end;
  }
}
