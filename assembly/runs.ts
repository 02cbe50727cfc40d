// Candidate detection with SIMD byte classes (used by the fused pass in scan.ts).
//
// One pair of 16-byte nibble tables classifies every byte at once (two swizzles and an AND):
//   bit 7 digit; bits 0-4 the rest of the "word" alphabet [A-Za-z0-9+/=_%-] (letters as
//   {4,6}x{1..F} and {5,7}x{0..A}, '+-/%', '=', '_'); bit 6 '@'; bit 5 ':'.
// Each class is a product (high-nibble set x low-nibble set), so the tables are exact. Masks of
// 64 bytes are then handled with scalar bit tricks (see scan.ts).
import { inputPtr } from './layout';

// Low-nibble and high-nibble class tables (lane i = nibble value i).
export const CLASS_LO: v128 = i8x16(
  <i8>0xd0, <i8>0x98, <i8>0x98, <i8>0x98, <i8>0x98, <i8>0x99, <i8>0x98, <i8>0x98,
  <i8>0x98, <i8>0x98, <i8>0x38, <i8>0x09, <i8>0x08, <i8>0x0b, <i8>0x08, <i8>0x0d,
);
export const CLASS_HI: v128 = i8x16(
  0, 0, <i8>0x01, <i8>0xa2, <i8>0x48, <i8>0x14, <i8>0x08, <i8>0x10,
  0, 0, 0, 0, 0, 0, 0, 0,
);

@inline export function isDigit(c: u32): bool { return c - 0x30 < 10; }
@inline export function isAlpha(c: u32): bool { return (c | 0x20) - 0x61 < 26; }
@inline export function isAlnum(c: u32): bool { return isDigit(c) || isAlpha(c); }
@inline function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline export function isPhoneSep(c: u32): bool {
  return c == 0x20 || c == 0x2d || c == 0x2b || c == 0x28 || c == 0x29;
}

/** Phone separators and '+' of 16 bytes at p (only computed where digit runs are walked). */
export function sepBits(p: usize): u32 {
  const v = v128.load(p);
  const s = v128.or(
    v128.or(i8x16.eq(v, i8x16.splat(0x20)), i8x16.eq(v, i8x16.splat(0x2d))),
    v128.or(i8x16.eq(v, i8x16.splat(0x2b)),
      v128.or(i8x16.eq(v, i8x16.splat(0x28)), i8x16.eq(v, i8x16.splat(0x29)))));
  return <u32>i8x16.bitmask(s);
}
export function plusBits(p: usize): u32 {
  return <u32>i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(0x2b)));
}

/** A MAC "xx:xx:xx:xx:xx:xx" whose first colon is at p, not inside a longer hex/colon run. */
export function macAt(p: u32, len: u32): bool {
  if (p < 2 || p + 15 > len) return false;
  const s = inputPtr + p - 2;
  if (load<u8>(s + 5) != 0x3a || load<u8>(s + 8) != 0x3a) return false;
  for (let k: u32 = 0; k < 17; k++) {
    const c = <u32>load<u8>(s + k);
    if (k % 3 == 2) { if (c != 0x3a) return false; } else if (!isHex(c)) return false;
  }
  if (p >= 3) { const c = <u32>load<u8>(s - 1); if (isHex(c) || c == 0x3a) return false; }
  if (p + 15 < len) { const c = <u32>load<u8>(s + 17); if (isHex(c) || c == 0x3a) return false; }
  return true;
}

@inline function isLocal(c: u32): bool {
  return isAlnum(c) || c == 0x2e || c == 0x5f || c == 0x25 || c == 0x2b || c == 0x2d;
}

/**
 * Necessary shape of an e-mail address around the '@' at p (JavaScript checks the rest): a
 * local-part byte before it, a domain byte after it, and a '.' followed by a letter within
 * the domain characters that follow.
 */
export function emailAt(p: u32, len: u32): bool {
  if (p == 0 || p + 4 > len) return false;
  if (!isLocal(<u32>load<u8>(inputPtr + p - 1))) return false;
  const c1 = <u32>load<u8>(inputPtr + p + 1);
  if (!isAlnum(c1) && c1 != 0x2d) return false;
  const end = p + 256 < len ? p + 256 : len;
  for (let i = p + 2; i + 1 < end; i++) {
    const c = <u32>load<u8>(inputPtr + i);
    if (c == 0x2e) {
      if (isAlpha(<u32>load<u8>(inputPtr + i + 1))) return true;
    } else if (!isAlnum(c) && c != 0x2d) return false;
  }
  return false;
}

/** Word-run info bits (results carry them in kind >> 8): what JavaScript may try the run as. */
export const WORD_KNOWN: u32 = 1;
export const WORD_EQ: u32 = 2;     // holds '=' (JavaScript splits key=value pieces itself)
export const WORD_HEX: u32 = 4;    // all [0-9A-Fa-f]
export const WORD_B32L: u32 = 8;   // all [a-z2-7]
export const WORD_B32U: u32 = 16;  // all [A-Z2-7]
export const WORD_B64: u32 = 32;   // no '%' (with no '=': all base64 bytes)
export const WORD_LETTER: u32 = 64; // some [A-Za-z]
/**
 * Set (scan mode bit 2, MODE_HEADS) on a base64 run without '=' of length % 4 != 1 whose
 * first 16 characters were decoded here: bits 8-11 of the info then hold the sure non-text
 * count of those 12 bytes (codecs.ts surelyNotText; 0 for a gzip/zlib-looking head).
 */
export const WORD_HEAD64: u32 = 128;
/** Whether word runs get their base64 head counted (set per scan by scanAll). */
export let headsOn: bool = false;
export function setHeads(on: bool): void { headsOn = on; }

/** Lengths 0-255 of the kinds' token shapes that read non-hex tokens (bit n % 32 of word n / 32), set by JavaScript. */
const shapeLengths: usize = memory.data(32); // static data: the core never allocates
export function setShapeLength(word: u32, bits: u32): void { store<u32>(shapeLengths + ((word & 7) << 2), bits); }

/**
 * Whether JavaScript surely does nothing with the word run [s, e) of info f (scanner.ts onWord
 * and onToken, mode bit 3): no '=' and no '%' (no pieces, no padding), neither hex nor base32
 * (no such trial decode), not "NF..." (an ESN), no token shape of its length, no digest to keep
 * (upload: mode bit 4, up to 64 bytes), and no base64 decode: no letter, length % 4 == 1, or a
 * head whose count already fails the text test (codecs.ts headNotText, same f64 arithmetic).
 * Runs that end at the window's end are kept (JavaScript extends them). Such runs were more
 * than half of the raw layers' word runs on the bench bytes (82 K of 148 K per 20 MB).
 */
export function wordQuiet(f: u32, s: u32, e: u32, len: u32, upload: bool): bool {
  if ((f & (WORD_EQ | WORD_B64 | WORD_HEX | WORD_B32L | WORD_B32U)) != WORD_B64 || e >= len) return false;
  const n = e - s;
  if (upload && n <= 64) return false;
  if (n < 256 && (load<u32>(shapeLengths + ((n >> 5) << 2)) >> (n & 31)) & 1) return false;
  if (load<u8>(inputPtr + s) == 0x4e && load<u8>(inputPtr + s + 1) == 0x46) return false;
  if ((f & WORD_LETTER) == 0 || n % 4 == 1) return true;
  if ((f & WORD_HEAD64) == 0) return false;
  const total = <f64>((n * 6) >> 3);
  return <f64>((f >> 8) & 15) > total - 0.9 * total + 1.0;
}

@inline function below(v: v128, lo: i8, n: i8): v128 {
  return i8x16.lt_u(i8x16.sub(v, i8x16.splat(lo)), i8x16.splat(n));
}

/**
 * Alphabet of the word run input[s, e) (e - s >= 16), 16 bytes per step; the last vector
 * overlaps the previous one, which the AND/OR accumulation does not mind.
 */
export function wordInfo(s: u32, e: u32): u32 {
  let hex = i8x16.splat(-1), b32l = i8x16.splat(-1), b32u = i8x16.splat(-1);
  let eq = i8x16.splat(0), pct = i8x16.splat(0), letter = i8x16.splat(0);
  let p = inputPtr + s;
  const end = inputPtr + e;
  for (;;) {
    if (p + 16 > end) p = end - 16;
    const v = v128.load(p);
    const l = v128.or(v, i8x16.splat(0x20));
    const d27 = below(v, 0x32, 6);
    hex = v128.and(hex, v128.or(below(v, 0x30, 10), below(l, 0x61, 6)));
    b32l = v128.and(b32l, v128.or(below(v, 0x61, 26), d27));
    b32u = v128.and(b32u, v128.or(below(v, 0x41, 26), d27));
    eq = v128.or(eq, i8x16.eq(v, i8x16.splat(0x3d)));
    pct = v128.or(pct, i8x16.eq(v, i8x16.splat(0x25)));
    letter = v128.or(letter, below(l, 0x61, 26));
    p += 16;
    if (p >= end) break;
  }
  // One movemask per property (cheaper than any_true / all_true reductions).
  let f = WORD_KNOWN;
  if (i8x16.bitmask(eq) != 0) f |= WORD_EQ;
  if (i8x16.bitmask(hex) == 0xffff) f |= WORD_HEX;
  if (i8x16.bitmask(b32l) == 0xffff) f |= WORD_B32L;
  if (i8x16.bitmask(b32u) == 0xffff) f |= WORD_B32U;
  if (i8x16.bitmask(pct) == 0) f |= WORD_B64;
  if (i8x16.bitmask(letter) != 0) f |= WORD_LETTER;
  if (headsOn && (f & (WORD_EQ | WORD_B64 | WORD_LETTER)) == (WORD_B64 | WORD_LETTER) && (e - s) % 4 != 1) {
    f |= WORD_HEAD64 | head64Sure(inputPtr + s) << 8;
  }
  return f;
}

/**
 * surelyNotText's count for width 6 (codecs.ts) on the 16 base64 characters at p (all of
 * [A-Za-z0-9+/_-]): decoded to 12 bytes, the bytes no UTF-8 sequence can absorb (control
 * bytes but tab/LF/CR, DEL, C0, C1, F5-FF, a continuation byte first or after an ASCII byte,
 * a lead byte C2-F4 before a byte that is no continuation, but the last); 0 when the head
 * looks like gzip or zlib. Branch-free: JavaScript's loop over the same bytes (with the
 * decode) was ~5 % of the end-to-end scan.
 */
@inline function isCont(x: v128): v128 { return i8x16.eq(v128.and(x, i8x16.splat(<i8>0xc0)), i8x16.splat(<i8>0x80)); }

function head64Sure(p: usize): u32 {
  const v = v128.load(p);
  // Characters to 6-bit values: A-Z 0-25, a-z 26-51, 0-9 52-61, '+' '-' 62, '/' '_' 63.
  let val = v128.and(below(v, 0x41, 26), i8x16.sub(v, i8x16.splat(65)));
  val = v128.or(val, v128.and(below(v, 0x61, 26), i8x16.sub(v, i8x16.splat(71))));
  val = v128.or(val, v128.and(below(v, 0x30, 10), i8x16.add(v, i8x16.splat(4))));
  val = v128.or(val, v128.and(v128.or(i8x16.eq(v, i8x16.splat(0x2b)), i8x16.eq(v, i8x16.splat(0x2d))), i8x16.splat(62)));
  val = v128.or(val, v128.and(v128.or(i8x16.eq(v, i8x16.splat(0x2f)), i8x16.eq(v, i8x16.splat(0x5f))), i8x16.splat(63)));
  // Per 4 characters [a b c d] (one i32 lane): t = a << 18 | b << 12 | c << 6 | d, bytes t >> 16, t >> 8, t.
  const m6 = i32x4.splat(0x3f);
  const t = v128.or(
    v128.or(i32x4.shl(v128.and(val, m6), 18), i32x4.shl(v128.and(i32x4.shr_u(val, 8), m6), 12)),
    v128.or(i32x4.shl(v128.and(i32x4.shr_u(val, 16), m6), 6), i32x4.shr_u(val, 24)));
  const h = i8x16.shuffle(t, t, 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 3, 7, 11, 15); // lanes 12-15: 0
  const h0 = <u32>i8x16.extract_lane_u(h, 0), h1 = <u32>i8x16.extract_lane_u(h, 1);
  if ((h0 == 0x1f && h1 == 0x8b) || ((h0 & 0x0f) == 8 && ((h0 << 8) | h1) % 31 == 0)) return 0;
  const ctrl = v128.andnot(i8x16.lt_u(h, i8x16.splat(0x20)),
    v128.or(i8x16.eq(h, i8x16.splat(9)), v128.or(i8x16.eq(h, i8x16.splat(10)), i8x16.eq(h, i8x16.splat(13)))));
  const bad = v128.or(v128.or(i8x16.eq(h, i8x16.splat(0x7f)), i8x16.ge_u(h, i8x16.splat(<i8>0xf5))),
    below(h, <i8>0xc0, 2));
  const zero = i8x16.splat(0);
  const prev = i8x16.shuffle(zero, h, 0, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
  const next = i8x16.shuffle(h, zero, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
  const contBad = v128.and(isCont(h), i8x16.lt_u(prev, i8x16.splat(<i8>0x80)));
  const leadBad = v128.andnot(below(h, <i8>0xc2, <i8>(0xf5 - 0xc2)), isCont(next));
  const m = (<u32>i8x16.bitmask(v128.or(v128.or(ctrl, bad), contBad)) & 0xfff) | (<u32>i8x16.bitmask(leadBad) & 0x7ff);
  return popcnt(m);
}
