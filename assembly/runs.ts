// Candidate detection with SIMD byte classes, 64 bytes per step.
//
// Each 16-byte vector is classified with a handful of compares into bit masks (digit, phone
// separator, '+', base64/hex/URL "word" byte, '@', ':'). Runs are then found from mask
// transitions (ctz over x ^ (x << 1)), so the cost follows the number of runs, not of bytes.
// Word runs matter only from 16 bytes on; a doubling AND (x & x>>1 & x>>2 ...) tells with a
// one-block look-ahead whether a block holds the start of such a run, so blocks of ordinary
// prose skip the transition walk entirely.
import { inputPtr } from './layout';
import { emit, KIND_DIGITS, KIND_WORD, KIND_AT, KIND_MAC } from './results';

/** Fewest digits for a phone-like run. */
const MIN_DIGITS: i32 = 7;
/** Fewest bytes for a word run (16 hex = an Android ID; shorter tokens are noise). */
const MIN_WORD: u32 = 16;

// Masks of the block being classified (globals: AssemblyScript has no tuples).
let cD: u64 = 0, cSep: u64 = 0, cPlus: u64 = 0, cW: u64 = 0, cAt: u64 = 0, cCol: u64 = 0;

@inline function bits(v: v128): u64 { return <u64>(<u32>i8x16.bitmask(v)); }

function classify16(p: usize, shift: u64): void {
  const v = v128.load(p);
  const d = i8x16.lt_u(i8x16.sub(v, i8x16.splat(0x30)), i8x16.splat(10));
  const lo = v128.or(v, i8x16.splat(0x20));
  const a = i8x16.lt_u(i8x16.sub(lo, i8x16.splat(0x61)), i8x16.splat(26));
  const plus = i8x16.eq(v, i8x16.splat(0x2b));
  const minus = i8x16.eq(v, i8x16.splat(0x2d));
  const sep = v128.or(v128.or(i8x16.eq(v, i8x16.splat(0x20)), minus),
    v128.or(plus, v128.or(i8x16.eq(v, i8x16.splat(0x28)), i8x16.eq(v, i8x16.splat(0x29)))));
  const extra = v128.or(
    v128.or(i8x16.eq(v, i8x16.splat(0x2f)), i8x16.eq(v, i8x16.splat(0x3d))),
    v128.or(i8x16.eq(v, i8x16.splat(0x5f)), i8x16.eq(v, i8x16.splat(0x25))));
  const w = v128.or(v128.or(d, a), v128.or(v128.or(plus, minus), extra));
  cD |= bits(d) << shift;
  cSep |= bits(sep) << shift;
  cPlus |= bits(plus) << shift;
  cW |= bits(w) << shift;
  cAt |= bits(i8x16.eq(v, i8x16.splat(0x40))) << shift;
  cCol |= bits(i8x16.eq(v, i8x16.splat(0x3a))) << shift;
}

function classify64(p: usize, valid: u64): void {
  cD = 0; cSep = 0; cPlus = 0; cW = 0; cAt = 0; cCol = 0;
  classify16(p, 0);
  classify16(p + 16, 16);
  classify16(p + 32, 32);
  classify16(p + 48, 48);
  cD &= valid; cSep &= valid; cPlus &= valid; cW &= valid; cAt &= valid; cCol &= valid;
}

@inline function range(a: u64, b: u64): u64 {
  const hi: u64 = b >= 64 ? <u64>-1 : (<u64>1 << b) - 1;
  return hi & ~((<u64>1 << a) - 1);
}

@inline function isHex(c: u32): bool {
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6;
}

/** A MAC "xx:xx:xx:xx:xx:xx" whose first colon is at p, not inside a longer hex/colon run. */
function macAt(p: u32, len: u32): bool {
  if (p < 2 || p + 15 > len) return false;
  const s = inputPtr + p - 2;
  for (let k: u32 = 0; k < 17; k++) {
    const c = <u32>load<u8>(s + k);
    if (k % 3 == 2) { if (c != 0x3a) return false; } else if (!isHex(c)) return false;
  }
  if (p >= 3) { const c = <u32>load<u8>(s - 1); if (isHex(c) || c == 0x3a) return false; }
  if (p + 15 < len) { const c = <u32>load<u8>(s + 17); if (isHex(c) || c == 0x3a) return false; }
  return true;
}

/** Emits digit runs, word runs, '@' and MAC candidates of input[0, len). */
export function scanRuns(len: u32): void {
  if (len == 0) return;
  // Current block masks (D, Sep, Plus, W) and the look-ahead block's.
  classify64(inputPtr, len >= 64 ? <u64>-1 : (<u64>1 << len) - 1);
  let D = cD, Sep = cSep, Plus = cPlus, W = cW, At = cAt, Col = cCol;
  let prevD: u64 = 0;      // bit 63 of the previous block's digit mask
  let prevKeep: u64 = 0;   // bit 63 of the previous block's phone-run mask
  let prevW: u64 = 0;      // bit 63 of the previous block's word mask
  let inD = false, dStart: u32 = 0, dCount: i32 = 0;
  let inW = false, wStart: u32 = 0;
  for (let base: u32 = 0; base < len; base += 64) {
    const nb = base + 64;
    let nD: u64 = 0, nSep: u64 = 0, nPlus: u64 = 0, nW: u64 = 0, nAt: u64 = 0, nCol: u64 = 0;
    if (nb < len) {
      const rest = len - nb;
      classify64(inputPtr + nb, rest >= 64 ? <u64>-1 : (<u64>1 << rest) - 1);
      nD = cD; nSep = cSep; nPlus = cPlus; nW = cW; nAt = cAt; nCol = cCol;
    }

    // Phone-like runs: digits, plus separators with a digit on both sides, plus a '+' before a digit.
    if ((D | (prevD & 1)) != 0) {
      const dPrev = (D << 1) | prevD;
      const dNext = (D >> 1) | (nD << 63);
      const keep = D | (Sep & dPrev & dNext) | (Plus & dNext);
      let t = keep ^ ((keep << 1) | prevKeep);
      let seg: u64 = 0;
      while (t != 0) {
        const b = <u64>ctz(t);
        t &= t - 1;
        if ((keep >> b) & 1) {
          inD = true; dStart = base + <u32>b; dCount = 0; seg = b;
        } else if (inD) {
          dCount += <i32>popcnt(D & range(seg, b));
          if (dCount >= MIN_DIGITS) emit(KIND_DIGITS, dStart, base + <u32>b);
          inD = false;
        }
      }
      if (inD) dCount += <i32>popcnt(D & range(seg, 64));
      prevKeep = keep >> 63;
    } else {
      if (inD) { // the run ended exactly at the block boundary
        if (dCount >= MIN_DIGITS) emit(KIND_DIGITS, dStart, base);
        inD = false;
      }
      prevKeep = 0;
    }
    prevD = D >> 63;

    // Word runs of >= 16 bytes: e has bit i set iff bytes i..i+15 are all word bytes.
    let aLo = W & ((W >> 1) | (nW << 63)), aHi = nW & (nW >> 1);
    let bLo = aLo & ((aLo >> 2) | (aHi << 62)), bHi = aHi & (aHi >> 2);
    let c4Lo = bLo & ((bLo >> 4) | (bHi << 60)), c4Hi = bHi & (bHi >> 4);
    const e = c4Lo & ((c4Lo >> 8) | (c4Hi << 56));
    if (e != 0 || inW) {
      let t = W ^ ((W << 1) | prevW);
      while (t != 0) {
        const b = <u32>ctz(t);
        t &= t - 1;
        if ((W >> b) & 1) {
          inW = true; wStart = base + b;
        } else if (inW) {
          if (base + b - wStart >= MIN_WORD) emit(KIND_WORD, wStart, base + b);
          inW = false;
        }
      }
    }
    prevW = W >> 63;

    let at = At;
    while (at != 0) { emit(KIND_AT, base + <u32>ctz(at), 0); at &= at - 1; }
    let col = Col;
    while (col != 0) {
      const p = base + <u32>ctz(col);
      col &= col - 1;
      if (macAt(p, len)) emit(KIND_MAC, p - 2, p + 15);
    }

    D = nD; Sep = nSep; Plus = nPlus; W = nW; At = nAt; Col = nCol;
  }
  if (inD && dCount >= MIN_DIGITS) emit(KIND_DIGITS, dStart, len);
  if (inW && len - wStart >= MIN_WORD) emit(KIND_WORD, wStart, len);
}
