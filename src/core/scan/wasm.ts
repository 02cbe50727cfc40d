/**
 * The one typed wrapper around build/scanner.wasm. It owns the wasm memory: literal table,
 * input window and output array are laid out once by setup() and reused by every scan.
 * No fs, no DOM: callers hand in the bytes (Node) or a compiled module (browser, Vite ?url).
 */

/** Result kinds written by the wasm scanner (assembly/results.ts). */
export const KIND_LITERAL = 1;
export const KIND_DIGITS = 2;
export const KIND_WORD = 3;
export const KIND_AT = 4;
export const KIND_MAC = 5;

/**
 * Word-run info (assembly/runs.ts), the 4th visitor argument: which alphabets the run fits.
 * 0 for a run extended across a window edge (unknown: classify the bytes yourself).
 */
export const WORD_KNOWN = 1;
export const WORD_EQ = 2;
export const WORD_HEX = 4;
export const WORD_B32L = 8;
export const WORD_B32U = 16;
export const WORD_B64 = 32;
export const WORD_LETTER = 64;
/**
 * Base64 head counted (scans with MODE_HEADS; runs without '=', with a letter, length % 4 != 1):
 * `(info >>> 8) & 15` is surelyNotText's count of its first 16 characters (codecs.ts headNotText).
 */
export const WORD_HEAD64 = 128;

/** Scan mode bits (assembly/index.ts). */
export const MODE_LITERALS = 1;
export const MODE_RUNS = 2;
/** Word runs carry the sure non-text count of their base64 head (WORD_HEAD64). */
export const MODE_HEADS = 4;
/**
 * With MODE_HEADS: no word runs that LeakScanner surely does nothing with (assembly/runs.ts
 * wordQuiet; token-shape lengths from setShapeLengths). MODE_UPLOAD: the bytes are an upload's.
 */
export const MODE_QUIET = 8;
export const MODE_UPLOAD = 16;

/** Literal flag: compare ignoring ASCII case. */
export const LIT_CASELESS = 1;

/** Longest literal the matcher accepts; also the overlap between input windows. */
export const MAX_LITERAL = 255;
const OVERLAP = 256;

interface Exports {
  memory: WebAssembly.Memory;
  setup(inCap: number, resCap: number, litCap: number, litBytes: number): number;
  inputOffset(): number;
  inputCapacity(): number;
  literalTableOffset(): number;
  literalDataOffset(): number;
  literalCapacity(): number;
  literalDataCapacity(): number;
  resultsOffset(): number;
  build(n: number): number;
  scan(len: number, mode: number): number;
  lastOverflowed(): number;
  copyBaseline(len: number): number;
  floor(len: number, level: number): number;
  unurl(len: number): number;
  unurlEscapes(): number;
  unurlSawEscape(): number;
  shapeLengths(word: number, bits: number): void;
  printable(len: number, maxBad: number): number;
  separators(n: number, a: number, b: number, c: number): void;
  nextSeparator(pos: number, len: number): number;
  prevSeparator(pos: number, floor: number): number;
}

/** Sizes of the wasm working memory. */
export interface ScannerSizes {
  inputBytes: number;
  results: number;
  literals: number;
  literalBytes: number;
}

/** Default working size: 8 MiB windows, 256 Ki results, 16 Ki literals (about 25 MiB total). */
export const DEFAULT_SIZES: ScannerSizes = {
  inputBytes: 8 << 20, results: 1 << 18, literals: 1 << 14, literalBytes: 1 << 20,
};

/** One literal for the matcher. */
export interface WasmLiteral {
  bytes: Uint8Array;
  caseless: boolean;
}

/** Receives one result; positions are offsets into the scanned array; info: word-run bits. */
export type ResultVisitor = (kind: number, a: number, b: number, info: number) => void;

/** Typed access to one scanner instance and its memory. */
export class ScannerWasm {
  private readonly x: Exports;
  private readonly window: number;
  /** Results dropped because a window had more than the output array holds. */
  overflows = 0;

  constructor(instance: WebAssembly.Instance, sizes: ScannerSizes = DEFAULT_SIZES) {
    this.x = instance.exports as unknown as Exports;
    if (!this.x.setup(sizes.inputBytes, sizes.results, sizes.literals, sizes.literalBytes)) {
      throw new Error('scanner: cannot grow wasm memory to the working size');
    }
    this.window = sizes.inputBytes;
  }

  /** Size of the wasm memory (fixed after setup). */
  get memoryBytes(): number {
    return this.x.memory.buffer.byteLength;
  }

  /** Bytes the input window holds. */
  get capacity(): number {
    return this.window;
  }

  /** Results of the scans being visited (nested ones above), triples; resTop: the next free slot. */
  private resStack = new Uint32Array(3 << 12);
  private resTop = 0;

  /** Sampling step of the hash probes (1 when none): scanPart aligns parts to it and to 64. */
  private probeStep = 1;

  /** The array whose bytes the input window holds as they are (unurl's output), else null. */
  private loaded: Uint8Array | null = null;

  /** Who loaded the current literal set (a LeakScanner), so sharers can reload theirs. */
  owner: unknown = null;

  /** Loads the literal set (replacing the previous one); returns 1 + the hash probe step (1: none hashed). */
  /** Separator bytes (at most 9) for nextSeparator / prevSeparator. */
  setSeparators(bytes: readonly number[]): void {
    const p = (i: number) => (bytes[i] ?? 0) & 0xff;
    this.x.separators(Math.min(9, bytes.length), p(0) | p(1) << 8 | p(2) << 16 | p(3) << 24, (p(4) | p(5) << 8 | p(6) << 16 | p(7) << 24) >>> 0, p(8));
  }

  /** Whether the input window holds exactly these bytes (the last unurlIfEscaped's output, not scanned since). */
  holds(bytes: Uint8Array): boolean {
    return this.loaded === bytes && bytes.length <= this.window;
  }

  /** With holds(bytes): the first separator in bytes[pos, len), else len (SIMD). */
  nextSeparator(pos: number, len: number): number {
    return this.x.nextSeparator(pos, len);
  }

  /** With holds(bytes): one past the last separator in bytes[floor, pos), else floor. */
  prevSeparator(pos: number, floor: number): number {
    return this.x.prevSeparator(pos, floor);
  }

  /** Lengths (< 256) that some token shape reads in a non-hex token: MODE_QUIET keeps word runs of these lengths. */
  setShapeLengths(lengths: readonly number[]): void {
    const words = new Uint32Array(8);
    for (const n of lengths) {
      if (n < 0 || n > 255) throw new Error(`token shape length ${n} out of range`);
      words[n >> 5] |= 1 << (n & 31);
    }
    words.forEach((w, i) => this.x.shapeLengths(i, w));
  }

  setLiterals(lits: readonly WasmLiteral[], owner: unknown = null): number {
    this.owner = owner;
    const x = this.x;
    if (lits.length > x.literalCapacity()) throw new Error('scanner: too many literals');
    const mem = new Uint8Array(x.memory.buffer);
    const tab = new Uint32Array(x.memory.buffer, x.literalTableOffset(), lits.length * 2);
    const base = x.literalDataOffset();
    let off = 0;
    for (let i = 0; i < lits.length; i++) {
      const l = lits[i];
      if (l.bytes.length < 4 || l.bytes.length > MAX_LITERAL) throw new Error('scanner: literal length');
      // +4: the 4-gram at the last sampled offset may read past a short literal's end.
      if (off + l.bytes.length + 4 > x.literalDataCapacity()) throw new Error('scanner: literal bytes');
      mem.set(l.bytes, base + off);
      tab[i * 2] = off;
      tab[i * 2 + 1] = l.bytes.length | ((l.caseless ? LIT_CASELESS : 0) << 16);
      off += l.bytes.length;
    }
    const step = x.build(lits.length);
    if (lits.length > 0 && step === 0) throw new Error('scanner: literal index overflow');
    this.probeStep = Math.max(1, step - 1);
    return step;
  }

  /** Scans one window already in memory (bench use); returns the result count. */
  scanLoaded(len: number, mode: number): number {
    return this.x.scan(len, mode);
  }

  /** Copies bytes into the input window (bench use). */
  load(bytes: Uint8Array): void {
    this.loaded = null;
    new Uint8Array(this.x.memory.buffer, this.x.inputOffset(), bytes.length).set(bytes);
  }

  /** memory.copy of len loaded bytes inside wasm, the bench baseline; false if len > cap / 2. */
  copyBaseline(len: number): boolean {
    this.loaded = null;
    return this.x.copyBaseline(len) === 1;
  }

  /** Benchmarks only: a minimal pass over the loaded input (0 read, 1 + byte classes, 2 + Teddy tables). */
  floorPass(len: number, level: 0 | 1 | 2): number {
    return this.x.floor(len, level);
  }

  /**
   * URL/form-decodes bytes in wasm, with the same output as codecs.ts unurl: the decoded bytes,
   * the output positions that came from an escape, and whether an escape by the scanner's
   * hasEscapes rule was seen. null when the bytes exceed the window or the escapes the results
   * region (decode in JavaScript then). Uses the results region: call it between scans only.
   */
  unurl(bytes: Uint8Array): { bytes: Uint8Array; at: Int32Array; escapes: boolean } | null {
    const x = this.x;
    if (bytes.length > this.window) return null;
    this.loaded = null;
    new Uint8Array(x.memory.buffer, x.inputOffset(), bytes.length).set(bytes);
    const n = x.unurl(bytes.length);
    if (n < 0) return null;
    const out = new Uint8Array(x.memory.buffer, x.inputOffset(), n).slice();
    // The decoded bytes stay in the input window: a scan of them right after skips the copy in.
    this.loaded = out;
    return {
      bytes: out,
      at: new Int32Array(x.memory.buffer, x.resultsOffset(), x.unurlEscapes()).slice(),
      escapes: x.unurlSawEscape() === 1,
    };
  }

  /**
   * unurl for the scanner: the same, except that bytes without an escape by hasEscapes' rule
   * give `escapes: false` and empty arrays (no copies out: a third of the text has none), and
   * that the decoded bytes go into `into` when it is large enough (a view of it is returned).
   * With minShare, bytes whose first 4 KiB have a smaller printableShare give `escapes: false`.
   */
  unurlIfEscaped(bytes: Uint8Array, into?: Uint8Array, minShare = 0): { bytes: Uint8Array; at: Int32Array; escapes: boolean } | null {
    const x = this.x;
    if (bytes.length > this.window) return null;
    this.loaded = null;
    const window = new Uint8Array(x.memory.buffer, x.inputOffset(), bytes.length);
    const head = minShare > 0 ? Math.min(bytes.length, 4096) : 0;
    if (minShare > 0) {
      // printableShare(bytes.subarray(0, 4096)) < minShare, counted in wasm: not decoded. Only
      // the head is copied in for it: most bytes that fail it are big binary inputs.
      if (head === 0) return NO_ESCAPES;
      window.set(bytes.subarray(0, head));
      // More failures than this and the share cannot reach minShare (ceil: never too early).
      const maxBad = Math.ceil(head * (1 - minShare));
      if (x.printable(head, maxBad) / head < minShare) return NO_ESCAPES;
      if (head < bytes.length) window.set(bytes.subarray(head), head);
    } else window.set(bytes);
    const n = x.unurl(bytes.length);
    if (n < 0) return null;
    if (x.unurlSawEscape() !== 1) return NO_ESCAPES;
    const decoded = new Uint8Array(x.memory.buffer, x.inputOffset(), n);
    let out: Uint8Array;
    if (into && into.length >= n) {
      out = into.subarray(0, n);
      out.set(decoded);
    } else {
      out = decoded.slice();
    }
    this.loaded = out;
    return { bytes: out, at: new Int32Array(x.memory.buffer, x.resultsOffset(), x.unurlEscapes()).slice(), escapes: true };
  }

  /**
   * Whether scanPart can stand in for scan on bytes of this length: one window, in which
   * every block and hash probe lies where scan would put it.
   */
  partsFit(length: number): boolean {
    return length <= this.window - OVERLAP;
  }

  /**
   * Parts of a scan: the results scan(bytes) would give that start in [from, to), in the same
   * order, provided bytes[from - 1] and bytes[to] (where they exist) are bytes no literal and
   * no run contains and that nothing is reported across (the caller's separators). The part
   * scanned starts at or before `from` on a multiple of 64 and of the probe step, so blocks
   * and probes fall where a whole scan puts them, and reaches 192 bytes past `to` (a run ending
   * at `to` is emitted by the block after it at the latest). Only for partsFit lengths.
   */
  scanPart(bytes: Uint8Array, from: number, to: number, mode: number, visit: ResultVisitor): void {
    this.loaded = null;
    const unit = lcm(64, this.probeStep);
    const s = from - (from % unit);
    const wend = Math.min(bytes.length, to + 192);
    const base = this.scanWindow(bytes, s, wend, mode, true);
    const end = this.resTop;
    try {
      for (let i = base; i < end; i += 3) {
        const res = this.resStack; // re-read: a nested scan may grow it
        const kind = res[i] & 0xff;
        const a = res[i + 1] + s;
        if (a < from || a >= to) continue;
        if (kind === KIND_LITERAL) visit(kind, a, res[i + 2], 0);
        else if (kind === KIND_AT) visit(kind, a, 0, 0);
        else visit(kind, a, res[i + 2] + s, res[i] >>> 8);
      }
    } finally {
      this.resTop = base;
    }
  }

  /**
   * Scans bytes[s, wend) in the window (copied in when `load`; else it is there already) and
   * copies the results onto the stack (takeResults: the visitor may scan nested buffers, which
   * reuses the output array): their first index; they end at `resTop`.
   */
  private scanWindow(bytes: Uint8Array, s: number, wend: number, mode: number, load: boolean): number {
    const x = this.x;
    if (load) new Uint8Array(x.memory.buffer, x.inputOffset(), wend - s).set(bytes.subarray(s, wend));
    const count = x.scan(wend - s, mode);
    if (x.lastOverflowed()) this.overflows++;
    return this.takeResults(count);
  }

  /**
   * Copies the last scan's results onto the results stack (the visitor may scan nested
   * buffers, which reuses the wasm output array): their first index. A fresh array per scan
   * was a tenth of the scanner's garbage. The caller pops them (resTop = base).
   */
  private takeResults(count: number): number {
    const x = this.x;
    const base = this.resTop;
    const need = base + count * 3;
    if (need > this.resStack.length) {
      const grown = new Uint32Array(Math.max(need, this.resStack.length * 2));
      grown.set(this.resStack.subarray(0, base));
      this.resStack = grown;
    }
    this.resStack.set(new Uint32Array(x.memory.buffer, x.resultsOffset(), count * 3), base);
    this.resTop = need;
    return base;
  }

  /**
   * Scans bytes of any length in windows with overlap, so literals and runs that cross a
   * window edge are still reported once. Runs cut by a window end are extended here.
   */
  scan(bytes: Uint8Array, mode: number, visit: ResultVisitor): void {
    const n = bytes.length;
    const step = this.window - OVERLAP;
    const loaded = this.loaded === bytes && n <= step;
    this.loaded = null;
    for (let s = 0; s < n; s += step) {
      const e = Math.min(n, s + step);
      const wend = Math.min(n, e + OVERLAP);
      const base = this.scanWindow(bytes, s, wend, mode, !loaded);
      const end = this.resTop;
      try {
        for (let i = base; i < end; i += 3) {
          const res = this.resStack; // re-read: a nested scan may grow it
          const kind = res[i] & 0xff;
          let info = res[i] >>> 8;
          const a = res[i + 1] + s;
          let b = res[i + 2];
          if (a >= e && e < n) continue; // the next window owns it
          if (kind === KIND_LITERAL) {
            visit(kind, a, b, 0);
            continue;
          }
          if (kind === KIND_AT) {
            visit(kind, a, 0, 0);
            continue;
          }
          b += s;
          if (s > 0 && a === s && continuesRun(kind, bytes, a)) continue; // reported by the previous window
          if (b === wend && wend < n) {
            b = extendRun(kind, bytes, b);
            info = 0;
          }
          visit(kind, a, b, info);
        }
      } finally {
        this.resTop = base;
      }
    }
  }
}

const NO_ESCAPES = { bytes: new Uint8Array(0), at: new Int32Array(0), escapes: false };

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y) [x, y] = [y, x % y];
  return (a / x) * b;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordByte(c: number): boolean {
  const l = c | 0x20;
  return isDigit(c) || (l >= 0x61 && l <= 0x7a) || c === 0x2b || c === 0x2d || c === 0x2f ||
    c === 0x3d || c === 0x5f || c === 0x25;
}

function isPhoneSep(c: number): boolean {
  return c === 0x20 || c === 0x2d || c === 0x2b || c === 0x28 || c === 0x29;
}

function continuesRun(kind: number, bytes: Uint8Array, a: number): boolean {
  const p = bytes[a - 1];
  if (kind === KIND_WORD) return isWordByte(p);
  if (kind === KIND_DIGITS) return isDigit(p) || (isPhoneSep(p) && a >= 2 && isDigit(bytes[a - 2]));
  return false;
}

function extendRun(kind: number, bytes: Uint8Array, b: number): number {
  const n = bytes.length;
  if (kind === KIND_WORD) {
    while (b < n && isWordByte(bytes[b])) b++;
  } else if (kind === KIND_DIGITS) {
    while (b < n && (isDigit(bytes[b]) || (isPhoneSep(bytes[b]) && b + 1 < n && isDigit(bytes[b + 1])))) b++;
  }
  return b;
}

/** Instantiates the scanner from wasm bytes or a compiled module and lays out its memory. */
export async function loadScannerWasm(
  source: BufferSource | WebAssembly.Module,
  sizes: ScannerSizes = DEFAULT_SIZES,
): Promise<ScannerWasm> {
  const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source);
  const instance = await WebAssembly.instantiate(module, { env: { abort: wasmAbort } });
  return new ScannerWasm(instance, sizes);
}

function wasmAbort(): never {
  throw new Error('scanner: wasm abort');
}
