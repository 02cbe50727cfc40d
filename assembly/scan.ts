// The fused pass: one sweep over the window, 64 bytes per step, doing everything per block
// while the bytes are in L1:
//   1. Teddy over the current block when short literals exist: per 16-byte vector a nibble
//      split (and, shr) feeds six swizzles (literals.ts); survivors are verified at once;
//      classify the look-ahead block: per vector two class swizzles (runs.ts) -> 64-bit
//      digit / word / '@'-or-':' masks (locals, no globals);
//   2. sampled-hash probes of the long literals for the positions of the current block;
//   3. candidate runs from the 64-bit masks of the current block and the look-ahead block:
//      - digit runs: prefilter G = digit | byte-before-digit must hold 7 set bits in a row
//        (doubling AND across the look-ahead); only then are separator/'+' masks computed
//        and the run transitions walked (ctz over keep ^ (keep << 1)), digits counted with
//        popcnt, runs with >= 7 digits emitted;
//      - word runs: doubling AND says whether a >= 16-byte run starts here; only then (or
//        inside a run) are W transitions walked;
//      - '@' and ':' bits: e-mail shape / MAC shape checked in place before emitting (':' only
//        where colons 3, 6, 9 and 12 bytes on make a MAC possible).
import { inputPtr } from './layout';
import { CLASS_LO, CLASS_HI, sepBits, plusBits, macAt, emailAt, isPhoneSep, wordInfo, setHeads, wordQuiet } from './runs';
import { step, teddyOn, teddyState, teddyScratch, TL0, TH0, TL1, TH1, TL2, TH2, teddyVerify, probe } from './literals';
import { emit, KIND_DIGITS, KIND_WORD, KIND_AT, KIND_MAC } from './results';

/** Fewest digits for a phone-like run. */
const MIN_DIGITS: i32 = 7;
/** Fewest bytes for a word run (16 hex = an Android ID; shorter tokens are noise). */
const MIN_WORD: u32 = 16;
const HIGH: u64 = <u64>1 << 63;

@inline function bits(v: v128): u64 { return <u64>(<u32>i8x16.bitmask(v)); }

/** Class bytes of 16 input bytes at p (see runs.ts). */
@inline function cls(p: usize): v128 {
  const v = v128.load(p);
  return v128.and(
    i8x16.swizzle(CLASS_LO, v128.and(v, i8x16.splat(0x0f))),
    i8x16.swizzle(CLASS_HI, i8x16.shr_u(v, 4)));
}
/** Bits of the lanes whose class byte has none of the bits in k. */
@inline function none(c: v128, k: i8): u64 {
  return bits(i8x16.eq(v128.and(c, i8x16.splat(k)), i8x16.splat(0)));
}
/** '@' (class bit 6) and ':' (bit 5) of 16 class bytes, as bits 0-15 and 16-31: the bits are
 * moved to the top of each byte by doubling, where bitmask reads them. */
@inline function atColon(c: v128): u32 {
  const c2 = i8x16.add(c, c);
  return <u32>i8x16.bitmask(c2) | (<u32>i8x16.bitmask(i8x16.add(c2, c2)) << 16);
}
@inline function join4(a: u64, b: u64, c: u64, d: u64): u64 { return a | (b << 16) | (c << 32) | (d << 48); }

/** Teddy buckets of 16 positions (each the third byte of a candidate), given t0/t1 of the previous vector. */
@inline function teddy16(v: v128, p0: v128, p1: v128, t: usize): v128 {
  const lo = v128.and(v, i8x16.splat(0x0f));
  const hi = i8x16.shr_u(v, 4);
  const t0 = v128.and(i8x16.swizzle(TL0, lo), i8x16.swizzle(TH0, hi));
  const t1 = v128.and(i8x16.swizzle(TL1, lo), i8x16.swizzle(TH1, hi));
  const t2 = v128.and(i8x16.swizzle(TL2, lo), i8x16.swizzle(TH2, hi));
  v128.store(t, t0);
  v128.store(t, t1, 16);
  // Position q holds the third byte: t0 shifted by 2, t1 by 1 (from the previous vector).
  const s0 = i8x16.shuffle(p0, t0, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
  const s1 = i8x16.shuffle(p1, t1, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
  return v128.and(v128.and(s0, s1), t2);
}

@inline function range(a: u64, b: u64): u64 {
  const hi: u64 = b >= 64 ? <u64>-1 : (<u64>1 << b) - 1;
  return hi & ~((<u64>1 << a) - 1);
}

/** Scan mode bit 3: drop word runs JavaScript surely does nothing with; bit 4: the input is an upload. */
let quietOn = false, quietUpload = false, quietLen: u32 = 0;

/** A word run [s, e) with its alphabet bits (runs.ts) in kind >> 8. */
@inline function emitWord(s: u32, e: u32): void {
  const f = wordInfo(s, e);
  if (quietOn && wordQuiet(f, s, e, quietLen, quietUpload)) return;
  emit(KIND_WORD | f << 8, s, e);
}

/** Scans input[0, len): mode bit 0 = literals, bit 1 = candidate runs, bit 2 = base64 heads of word runs (runs.ts WORD_HEAD64), bit 3 = no quiet word runs (runs.ts wordQuiet), bit 4 = upload. */
export function scanAll(len: u32, mode: u32): void {
  if (len == 0) return;
  setHeads((mode & 4) != 0);
  quietOn = (mode & 8) != 0;
  quietUpload = (mode & 16) != 0;
  quietLen = len;
  const runs = (mode & 2) != 0;
  const ted = (mode & 1) != 0 && teddyOn;
  const st: u32 = (mode & 1) != 0 ? step : 0;
  const pend: u32 = len >= 4 ? len - 3 : 0; // hash probes read 4 bytes
  let hp: u32 = 0;
  // Teddy state: t0/t1 of the previous vector live in a scratch slot (no v128 locals across calls).
  const tp = teddyState;
  if (ted) {
    v128.store(tp, i32x4.splat(0));
    v128.store(tp, i32x4.splat(0), 16);
  }
  let D: u64 = 0, W: u64 = 0, A: u64 = 0, C: u64 = 0;
  if (runs) {
    const c0 = cls(inputPtr), c1 = cls(inputPtr + 16), c2 = cls(inputPtr + 32), c3 = cls(inputPtr + 48);
    const valid: u64 = len >= 64 ? <u64>-1 : (<u64>1 << len) - 1;
    D = join4(bits(c0), bits(c1), bits(c2), bits(c3)) & valid;
    W = ~join4(none(c0, <i8>0x9f), none(c1, <i8>0x9f), none(c2, <i8>0x9f), none(c3, <i8>0x9f)) & valid;
    const x0 = atColon(c0), x1 = atColon(c1), x2 = atColon(c2), x3 = atColon(c3);
    A = join4(x0 & 0xffff, x1 & 0xffff, x2 & 0xffff, x3 & 0xffff) & valid;
    C = join4(x0 >> 16, x1 >> 16, x2 >> 16, x3 >> 16) & valid;
  }
  let prevD: u64 = 0;      // bit 63 of the previous block's digit mask
  let prevKeep: u64 = 0;   // bit 63 of the previous block's phone-run mask
  let prevW: u64 = 0;      // bit 63 of the previous block's word mask
  let inD = false, dStart: u32 = 0, dCount: i32 = 0;
  let inW = false, wStart: u32 = 0;
  for (let base: u32 = 0; base < len; base += 64) {
    const nb = base + 64;
    let nD: u64 = 0, nW: u64 = 0, nA: u64 = 0, nC: u64 = 0;
    if (ted) {
      // Teddy over the current block (the slack after len is read but never verified as a hit).
      for (let k: u32 = 0; k < 64; k += 16) {
        const m = teddy16(v128.load(inputPtr + base + k), v128.load(tp), v128.load(tp, 16), tp);
        if (v128.any_true(m)) {
          v128.store(teddyScratch(), m);
          teddyVerify(base + k, len);
        }
      }
    }
    if (runs && nb < len) {
      const q = inputPtr + nb;
      const c0 = cls(q), c1 = cls(q + 16), c2 = cls(q + 32), c3 = cls(q + 48);
      const rest = len - nb;
      const valid: u64 = rest >= 64 ? <u64>-1 : (<u64>1 << rest) - 1;
      nD = join4(bits(c0), bits(c1), bits(c2), bits(c3)) & valid;
      nW = ~join4(none(c0, <i8>0x9f), none(c1, <i8>0x9f), none(c2, <i8>0x9f), none(c3, <i8>0x9f)) & valid;
      const x0 = atColon(c0), x1 = atColon(c1), x2 = atColon(c2), x3 = atColon(c3);
      nA = join4(x0 & 0xffff, x1 & 0xffff, x2 & 0xffff, x3 & 0xffff) & valid;
      nC = join4(x0 >> 16, x1 >> 16, x2 >> 16, x3 >> 16) & valid;
    }
    if (st != 0) {
      const lim = nb < pend ? nb : pend;
      while (hp < lim) { probe(hp, len); hp += st; }
    }
    if (!runs) continue;

    // Phone-like runs: digits, separators with a digit on both sides, a '+' before a digit.
    // Every byte of such a run is a digit or sits before one (G), so a run of >= 7 digits
    // starting here needs 7 G bits in a row.
    const G = D | (D >> 1) | (nD << 63);
    let walk = inD;
    if (!walk && G != 0) {
      const nG = nD | (nD >> 1) | HIGH;
      const a1 = G & ((G >> 1) | (nG << 63)), a1n = nG & ((nG >> 1) | HIGH);
      const a2 = a1 & ((a1 >> 2) | (a1n << 62)), a2n = a1n & ((a1n >> 2) | (<u64>3 << 62));
      walk = (a2 & ((a2 >> 3) | (a2n << 61))) != 0;
    }
    if (walk) {
      const p = inputPtr + base;
      let Sep = <u64>sepBits(p) | (<u64>sepBits(p + 16) << 16) | (<u64>sepBits(p + 32) << 32) | (<u64>sepBits(p + 48) << 48);
      let Plus = <u64>plusBits(p) | (<u64>plusBits(p + 16) << 16) | (<u64>plusBits(p + 32) << 32) | (<u64>plusBits(p + 48) << 48);
      if (nb > len) { const valid = (<u64>1 << (len - base)) - 1; Sep &= valid; Plus &= valid; }
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
      // Nothing to report here; only carry whether byte 63 continues a run.
      let k = D >> 63;
      if (k == 0 && (nD & 1) != 0 && nb < len) {
        const c = <u32>load<u8>(inputPtr + base + 63);
        if (c == 0x2b || (isPhoneSep(c) && ((D >> 62) & 1) != 0)) k = 1;
      }
      prevKeep = k;
    }
    prevD = D >> 63;

    // Word runs of >= 16 bytes: e has bit i set iff bytes i..i+15 are all word bytes, so long
    // runs start exactly at the bits of e whose previous byte is no word byte. Only those
    // starts and the ends of their runs are visited, not every word boundary of the prose.
    const aLo = W & ((W >> 1) | (nW << 63)), aHi = nW & (nW >> 1);
    const bLo = aLo & ((aLo >> 2) | (aHi << 62)), bHi = aHi & (aHi >> 2);
    const c4Lo = bLo & ((bLo >> 4) | (bHi << 60)), c4Hi = bHi & (bHi >> 4);
    const e = c4Lo & ((c4Lo >> 8) | (c4Hi << 56));
    const ends = ~W; // the first of these after a start ends its run (bytes past len are here)
    if (inW && ends != 0) {
      emitWord(wStart, base + <u32>ctz(ends));
      inW = false;
    }
    let starts = e & ~((W << 1) | prevW);
    while (starts != 0) {
      const b = <u32>ctz(starts);
      starts &= starts - 1;
      const z = ends & (<u64>-1 << b);
      if (z != 0) emitWord(base + b, base + <u32>ctz(z));
      else { inW = true; wStart = base + b; }
    }
    prevW = W >> 63;

    // '@' (e-mail) and ':' (MAC) bytes. A MAC's first colon has four more 3, 6, 9 and 12 bytes
    // on: only those colons are checked (JSON has a ':' every few bytes).
    const M = C & ((C >> 3) | (nC << 61)) & ((C >> 6) | (nC << 58)) & ((C >> 9) | (nC << 55)) & ((C >> 12) | (nC << 52));
    let x = A | M;
    while (x != 0) {
      const p = base + <u32>ctz(x);
      x &= x - 1;
      if (load<u8>(inputPtr + p) == 0x40) {
        if (emailAt(p, len)) emit(KIND_AT, p, 0);
      } else if (macAt(p, len)) emit(KIND_MAC, p - 2, p + 15);
    }

    D = nD; W = nW; A = nA; C = nC;
  }
  if (!runs) return;
  if (inD && dCount >= MIN_DIGITS) emit(KIND_DIGITS, dStart, len);
  if (inW && len - wStart >= MIN_WORD) emitWord(wStart, len);
}
