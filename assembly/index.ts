// Leak scanner entry points. The boundary is numbers only: JavaScript writes literals and input
// bytes at the pointers below, calls build/scan, and reads (kind, a, b) triples back.
import {
  layout, inputPtr, inputCap, litTabPtr, litDataPtr, maxLits, litDataCap, resultsPtr,
} from './layout';
import { buildLiterals } from './literals';
import { scanAll } from './scan';
import { resetResults, resultCount, overflowed } from './results';
import { unurlInPlace, escapeCount, sawEscape, printableCount } from './unurl';
import { floorPass } from './floor';
import { setShapeLength } from './runs';
import { setSeparators, sepForward, sepBackward } from './seps';

/** Token-shape lengths for quiet word runs (runs.ts wordQuiet): bits of lengths 32 word .. 32 word + 31. */
export function shapeLengths(word: u32, bits: u32): void { setShapeLength(word, bits); }

/** Lays out and grows memory once: input capacity, result capacity, literal count and bytes. */
export function setup(inCap: u32, resCap: u32, litCap: u32, litBytes: u32): i32 {
  return layout(inCap, resCap, litCap, litBytes) ? 1 : 0;
}

/** Where JavaScript writes the bytes to scan. */
export function inputOffset(): usize { return inputPtr; }
/** Bytes the input region holds. */
export function inputCapacity(): u32 { return inputCap; }
/** Literal table: per literal two u32, byte offset into literal data and len | flags << 16. */
export function literalTableOffset(): usize { return litTabPtr; }
/** Literal bytes (case-insensitive literals stored lower-case). */
export function literalDataOffset(): usize { return litDataPtr; }
/** How many literals the table holds. */
export function literalCapacity(): u32 { return maxLits; }
/** How many literal bytes the data region holds. */
export function literalDataCapacity(): u32 { return litDataCap; }
/** The output array of (kind, a, b) u32 triples. */
export function resultsOffset(): usize { return resultsPtr; }

/** Indexes the first n literals of the table; returns 1 + the hash probe step (1: no hashed
 * literals), 0 when it failed. */
export function build(n: u32): u32 { return buildLiterals(n); }

/** Scans input[0, len): mode bit 0 = literals, bit 1 = candidate runs, bit 2 = base64 heads of word runs, bit 3 = drop quiet word runs, bit 4 = upload. Returns result count. */
export function scan(len: u32, mode: u32): u32 {
  resetResults();
  scanAll(len, mode);
  return resultCount;
}

/** True when the last scan had more results than the output array holds. */
export function lastOverflowed(): i32 { return overflowed ? 1 : 0; }

/** Baseline for benchmarks: memory.copy of input[0, len) to input[len, 2 len); 0 if too big. */
export function copyBaseline(len: u32): i32 {
  if (<u64>len * 2 > <u64>inputCap) return 0;
  memory.copy(inputPtr + len, inputPtr, len);
  return 1;
}

/** Baseline for benchmarks: the least work a pass can do (floor.ts); the result only defeats dead-code removal. */
export function floor(len: u32, level: u32): u32 { return floorPass(len, level); }

/** URL-decodes input[0, len) in place (see unurl.ts); -1 when too many escapes to record. */
export function unurl(len: u32): i32 { return unurlInPlace(len); }
/** Escapes the last unurl decoded; their output positions are u32s at resultsOffset(). */
export function unurlEscapes(): u32 { return escapeCount; }
/** Whether the last unurl met an escape by the scanner's hasEscapes rule. */
export function unurlSawEscape(): i32 { return sawEscape ? 1 : 0; }

/** codecs.ts printableShare's count (not the share) of input[0, len); 0 once more than maxBad bytes failed. */
export function printable(len: u32, maxBad: u32): u32 { return printableCount(len, maxBad); }

/** Separators of URL-layer parts (seps.ts): n bytes packed in a, b, c. */
export function separators(n: u32, a: u32, b: u32, c: u32): void { setSeparators(n, a, b, c); }
/** The first separator in input[pos, len), else len. */
export function nextSeparator(pos: u32, len: u32): u32 { return sepForward(pos, len); }
/** One past the last separator in input[floor, pos), else floor. */
export function prevSeparator(pos: u32, floor: u32): u32 { return sepBackward(pos, floor); }
