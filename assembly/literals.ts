// Multi-literal matcher: a Wu-Manber-style sampled 4-gram hash.
//
// Every literal is at least 4 bytes. With m = the shortest literal length, scanning only every
// step = m - 3 positions still lands inside each occurrence once, provided each literal's 4-grams
// at offsets 0..step-1 are registered with their offset. A 1-bit-per-hash prefilter (128 KiB)
// rejects almost every position with one load; survivors walk a short chain of (gram, literal,
// offset) entries and verify the literal bytes. Hashing folds ASCII case (| 0x20) so one entry
// serves case-insensitive literals (hex digests, key names) as well as exact ones.
import {
  FILTER_BITS, HEAD_BITS, NONE, ENTRY_BYTES,
  filterPtr, headsPtr, entriesPtr, maxEntries, litTabPtr, litDataPtr, inputPtr,
} from './layout';
import { emit, KIND_LITERAL } from './results';

/** Literal flag: compare ignoring ASCII case (literal bytes are stored lower-case). */
export const LIT_CASELESS: u32 = 1;

let step: u32 = 1;
let literalCount: u32 = 0;

@inline function fold(x: u32): u32 { return x | 0x20202020; }
@inline function mix(x: u32): u32 { return x * 0x9e3779b1; }

/** Rebuilds the filter and chains from the literal table; returns the step or 0 on overflow. */
export function buildLiterals(n: u32): u32 {
  literalCount = n;
  memory.fill(filterPtr, 0, (<usize>1 << FILTER_BITS) >> 3);
  memory.fill(headsPtr, 0xff, (<usize>1 << HEAD_BITS) << 2);
  if (n == 0) return (step = 1);
  let minLen: u32 = 0xffff;
  for (let i: u32 = 0; i < n; i++) {
    const len = load<u32>(litTabPtr + (<usize>i << 3), 4) & 0xffff;
    if (len < minLen) minLen = len;
  }
  if (minLen < 4) return 0;
  step = minLen - 3;
  if (step > 16) step = 16;
  let e: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const off = load<u32>(litTabPtr + (<usize>i << 3));
    for (let o: u32 = 0; o < step; o++) {
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
  return step;
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

/** Reports every literal occurrence in input[0, len) as KIND_LITERAL (start, id). */
export function scanLiterals(len: u32): void {
  if (literalCount == 0 || len < 4) return;
  const end = len - 3;
  const st = step;
  const fbase = filterPtr;
  for (let i: u32 = 0; i < end; i += st) {
    const g = fold(load<u32>(inputPtr + i));
    const h = mix(g);
    const fb = h >> (32 - FILTER_BITS);
    if (((<u32>load<u8>(fbase + (fb >> 3)) >> (fb & 7)) & 1) == 0) continue;
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
}
