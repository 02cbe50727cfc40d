// Multi-literal matcher in two parts, both fed by the fused pass in scan.ts:
//
// * Short literals (< SHORT_LEN bytes: key names such as `&sn=`, `"lat"`, `model`, and short
//   profile spellings) go to a Teddy-style SIMD prefilter: 8 buckets, and for each of the first
//   three literal bytes a pair of 16-byte nibble tables (low nibble, high nibble) whose bit b
//   says "some literal of bucket b has this nibble here". One swizzle per table and vector
//   gives, for 16 positions at once, the buckets whose first three bytes may start there;
//   survivors (rare) are verified against the bucket's literals.
// * Longer literals (the expanded profile: hundreds to a few thousand) go to a Wu-Manber-style
//   sampled 4-gram hash. With m = the shortest of them, probing only every step = m - 3
//   positions (at most 16) still lands inside each occurrence once, provided each literal's
//   4-grams at offsets 0..step-1 are registered with their offset. A 1-bit-per-hash filter
//   (128 KiB) rejects almost every probe with one load; survivors walk a short chain of (gram,
//   literal, offset) entries and verify the literal bytes.
//
// Both fold ASCII case for case-insensitive literals (stored lower-case): Teddy sets both case
// nibbles, the hash folds grams with | 0x20202020 and verification lower-cases the input.
import {
  FILTER_BITS, HEAD_BITS, NONE, ENTRY_BYTES, MAX_SHORT, TEDDY_ENTRY,
  filterPtr, headsPtr, entriesPtr, maxEntries, litTabPtr, litDataPtr, inputPtr, teddyPtr, resultsPtr,
} from './layout';
import { emit, KIND_LITERAL } from './results';

/** Literal flag: compare ignoring ASCII case (literal bytes are stored lower-case). */
export const LIT_CASELESS: u32 = 1;
/** Literals shorter than this go to Teddy (when there are at most MAX_SHORT of them). */
export const SHORT_LEN: u32 = 8;

/** Probe step of the sampled hash (0: no hashed literals). */
export let step: u32 = 0;
/** Teddy is in use (some short literals). */
export let teddyOn: bool = false;

// Teddy nibble tables for literal bytes 0, 1, 2 (loaded from teddyPtr by build).
export let TL0: v128 = i32x4.splat(0);
export let TH0: v128 = i32x4.splat(0);
export let TL1: v128 = i32x4.splat(0);
export let TH1: v128 = i32x4.splat(0);
export let TL2: v128 = i32x4.splat(0);
export let TH2: v128 = i32x4.splat(0);

const T_SCRATCH: usize = 96;
/** Teddy t0/t1 of the previous vector during a scan (32 bytes at teddyPtr + 128 + ids). */
export let teddyState: usize = 0;
/** Where the scan stores a vector's Teddy survivors for teddyVerify. */
@inline export function teddyScratch(): usize { return teddyPtr + T_SCRATCH; }
const T_COUNTS: usize = 112;
const T_IDS: usize = 128;

@inline function fold(x: u32): u32 { return x | 0x20202020; }
@inline function mix(x: u32): u32 { return x * 0x9e3779b1; }
@inline function litLen(i: u32): u32 { return load<u32>(litTabPtr + (<usize>i << 3), 4) & 0xffff; }
@inline function litFlags(i: u32): u32 { return load<u32>(litTabPtr + (<usize>i << 3), 4) >> 16; }
@inline function litByte(i: u32, k: u32): u32 {
  return <u32>load<u8>(litDataPtr + load<u32>(litTabPtr + (<usize>i << 3)) + k);
}

/** Rebuilds Teddy tables, filter and chains from the literal table; returns 1 + step, or 0 on overflow. */
export function buildLiterals(n: u32): u32 {
  memory.fill(filterPtr, 0, (<usize>1 << FILTER_BITS) >> 3);
  memory.fill(headsPtr, 0xff, (<usize>1 << HEAD_BITS) << 2);
  memory.fill(teddyPtr, 0, T_IDS);
  teddyState = teddyPtr + T_IDS + <usize>8 * MAX_SHORT * TEDDY_ENTRY;
  step = 0;
  teddyOn = false;
  let short: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const len = litLen(i);
    if (len < 4) return 0;
    if (len < SHORT_LEN) short++;
  }
  const useTeddy = short > 0 && short <= MAX_SHORT;
  if (useTeddy) buildTeddy(n, short);
  // The sampled hash takes every literal Teddy does not.
  let minLen: u32 = 0xffff;
  for (let i: u32 = 0; i < n; i++) {
    const len = litLen(i);
    if (useTeddy && len < SHORT_LEN) continue;
    if (len < minLen) minLen = len;
  }
  if (minLen == 0xffff) return 1;
  let st = minLen - 3;
  if (st > 16) st = 16;
  let e: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    if (useTeddy && litLen(i) < SHORT_LEN) continue;
    const off = load<u32>(litTabPtr + (<usize>i << 3));
    for (let o: u32 = 0; o < st; o++) {
      if (e >= maxEntries) return 0;
      const g = fold(load<u32>(litDataPtr + off + o));
      const h = mix(g);
      const fb = h >> (32 - FILTER_BITS);
      const fp = filterPtr + (fb >> 3);
      store<u8>(fp, load<u8>(fp) | <u8>(<u32>1 << (fb & 7)));
      const hp = headsPtr + ((<usize>(h >> (32 - HEAD_BITS))) << 2);
      const ep = entriesPtr + <usize>e * ENTRY_BYTES;
      store<u32>(ep, g);
      store<u32>(ep, i | (o << 24), 4);
      store<u32>(ep, load<u32>(hp), 8);
      store<u32>(hp, e);
      e++;
    }
  }
  step = st;
  return 1 + st;
}

/** Sorts the short literals by their first bytes and deals them into 8 buckets in order. */
function buildTeddy(n: u32, short: u32): void {
  // Sort keys in the results region (free while building): (first 3 bytes folded) << 8 | rank.
  const tmp = resultsPtr;
  let k: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    if (litLen(i) >= SHORT_LEN) continue;
    const key = ((litByte(i, 0) | 0x20) << 16) | ((litByte(i, 1) | 0x20) << 8) | (litByte(i, 2) | 0x20);
    let j = k;
    while (j > 0 && load<u64>(tmp + (<usize>(j - 1) << 3)) > ((<u64>key << 32) | i)) {
      store<u64>(tmp + (<usize>j << 3), load<u64>(tmp + (<usize>(j - 1) << 3)));
      j--;
    }
    store<u64>(tmp + (<usize>j << 3), (<u64>key << 32) | i);
    k++;
  }
  for (let r: u32 = 0; r < short; r++) {
    const id = <u32>load<u64>(tmp + (<usize>r << 3));
    const b = r * 8 / short;
    const cnt = <u32>load<u8>(teddyPtr + T_COUNTS + b);
    const caseless = (litFlags(id) & LIT_CASELESS) != 0;
    // The first 4 bytes reject most survivors with one compare before the full verify; folded
    // with | 0x20 for caseless literals (a true match folds to the same bytes).
    const fold: u32 = caseless ? 0x20202020 : 0;
    const ent = teddyPtr + T_IDS + (<usize>b * MAX_SHORT + cnt) * TEDDY_ENTRY;
    store<u32>(ent, id);
    store<u32>(ent, load<u32>(litDataPtr + load<u32>(litTabPtr + (<usize>id << 3))) | fold, 4);
    store<u32>(ent, fold, 8);
    store<u8>(teddyPtr + T_COUNTS + b, <u8>(cnt + 1));
    for (let j: u32 = 0; j < 3; j++) {
      const c = litByte(id, j);
      const bit: u32 = <u32>1 << b;
      const lo = teddyPtr + (<usize>j << 5) + (c & 15);
      const hi = teddyPtr + (<usize>j << 5) + 16 + (c >> 4);
      store<u8>(lo, <u8>(<u32>load<u8>(lo) | bit));
      store<u8>(hi, <u8>(<u32>load<u8>(hi) | bit));
      if (caseless && c - 0x61 < 26) {
        const hu = teddyPtr + (<usize>j << 5) + 16 + ((c ^ 0x20) >> 4);
        store<u8>(hu, <u8>(<u32>load<u8>(hu) | bit));
      }
    }
  }
  TL0 = v128.load(teddyPtr); TH0 = v128.load(teddyPtr, 16);
  TL1 = v128.load(teddyPtr, 32); TH1 = v128.load(teddyPtr, 48);
  TL2 = v128.load(teddyPtr, 64); TH2 = v128.load(teddyPtr, 80);
  teddyOn = true;
}

@inline function lower(c: u32): u32 { return c - 0x41 < 26 ? c | 0x20 : c; }

function verify(id: u32, start: u32, len: u32): bool {
  const t = litTabPtr + (<usize>id << 3);
  const off = load<u32>(t);
  const meta = load<u32>(t, 4);
  const n = meta & 0xffff;
  if (start + n > len) return false;
  const s = inputPtr + start;
  const l = litDataPtr + off;
  if ((meta >> 16) & LIT_CASELESS) {
    for (let k: u32 = 0; k < n; k++) {
      if (lower(load<u8>(s + k)) != <u32>load<u8>(l + k)) return false;
    }
    return true;
  }
  let k: u32 = 0;
  for (; k + 8 <= n; k += 8) if (load<u64>(s + k) != load<u64>(l + k)) return false;
  for (; k < n; k++) if (load<u8>(s + k) != load<u8>(l + k)) return false;
  return true;
}

/**
 * Teddy survivors of one vector: the scratch slot (teddyScratch()) holds, per position q (the
 * third literal byte), the buckets whose first three bytes match at q-2..q. `pos` is the
 * vector's offset in the input.
 */
export function teddyVerify(pos: u32, len: u32): void {
  const m = v128.load(teddyPtr + T_SCRATCH);
  let bits = (~i8x16.bitmask(i8x16.eq(m, i8x16.splat(0)))) & 0xffff;
  while (bits != 0) {
    const q = <u32>ctz(bits);
    bits &= bits - 1;
    if (pos + q < 2) continue;
    const start = pos + q - 2;
    let bk = <u32>load<u8>(teddyPtr + T_SCRATCH + q);
    while (bk != 0) {
      const b = <u32>ctz(bk);
      bk &= bk - 1;
      const cnt = <u32>load<u8>(teddyPtr + T_COUNTS + b);
      const first = load<u32>(inputPtr + start);
      let ent = teddyPtr + T_IDS + <usize>b * MAX_SHORT * TEDDY_ENTRY;
      for (let k: u32 = 0; k < cnt; k++, ent += TEDDY_ENTRY) {
        if ((first | load<u32>(ent, 8)) != load<u32>(ent, 4)) continue;
        const id = load<u32>(ent);
        if (verify(id, start, len)) emit(KIND_LITERAL, start, id);
      }
    }
  }
}

/** Hash probe at input position i (i + 4 <= len): reports the literals found around it. */
@inline
export function probe(i: u32, len: u32): void {
  const g = fold(load<u32>(inputPtr + i));
  const h = mix(g);
  const fb = h >> (32 - FILTER_BITS);
  if (((<u32>load<u8>(filterPtr + (fb >> 3)) >> (fb & 7)) & 1) == 0) return;
  chain(g, h, i, len);
}

function chain(g: u32, h: u32, i: u32, len: u32): void {
  let e = load<u32>(headsPtr + ((<usize>(h >> (32 - HEAD_BITS))) << 2));
  while (e != NONE) {
    const ep = entriesPtr + <usize>e * ENTRY_BYTES;
    if (load<u32>(ep) == g) {
      const meta = load<u32>(ep, 4);
      const o = meta >> 24;
      if (i >= o) {
        const id = meta & 0xffffff;
        if (verify(id, i - o, len)) emit(KIND_LITERAL, i - o, id);
      }
    }
    e = load<u32>(ep, 8);
  }
}
