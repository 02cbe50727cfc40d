// Trial decodes of word runs, cut short: JavaScript tries every word run as hex, base32 and
// base64 and keeps a decoding only when it is >= 90 % printable (codecs.ts printableAtLeast) or
// starts like gzip/zlib. Most runs are identifiers and paths whose decodings are binary noise,
// visible within the first few bytes. Here the first DECODE_MAX bytes of each decoding are
// checked with exactly the same counting; a run is flagged "may be text" unless that prefix
// already has more non-text bytes than the whole decoding may have. JavaScript then decodes
// only the flagged runs, so nothing it would accept is ever skipped.
import { inputPtr, decodePtr } from './layout';

/** Decoded bytes checked per trial (the scratch region holds this many). */
export const DECODE_MAX: u32 = 48;

@inline function hexVal(c: u32): u32 { return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57; }
@inline function b32Val(c: u32): u32 { return c <= 0x39 ? c - 0x18 : (c | 0x20) - 0x61; }
@inline function b64Val(c: u32): u32 {
  if (c >= 0x61) return c - 0x47;
  if (c >= 0x41) return c == 0x5f ? 63 : c - 0x41;
  if (c >= 0x30) return c + 4;
  return c == 0x2f ? 63 : 62; // '/' ; '+' or '-'
}

/**
 * False only when decoding input[s, s + n) as `width`-bit symbols (4 hex, 5 base32, 6 base64;
 * every byte already known to be of that alphabet) cannot pass the JavaScript text test.
 */
export function mayBeText(s: u32, n: u32, width: u32): bool {
  const total = n * width >> 3; // decoded length (leftover bits dropped)
  const m = total < DECODE_MAX ? total : DECODE_MAX;
  const out = decodePtr;
  const p = inputPtr + s;
  let acc: u32 = 0, bits: u32 = 0, o: u32 = 0, i: u32 = 0;
  while (o < m) {
    const c = <u32>load<u8>(p + i++);
    const v = width == 4 ? hexVal(c) : width == 5 ? b32Val(c) : b64Val(c);
    acc = (acc << width) | v;
    bits += width;
    if (bits >= 8) {
      bits -= 8;
      store<u8>(out + o++, <u8>(acc >> bits));
    }
  }
  const d0 = <u32>load<u8>(out), d1 = <u32>load<u8>(out, 1);
  if ((d0 == 0x1f && d1 == 0x8b) || ((d0 & 0x0f) == 8 && ((d0 << 8) | d1) % 31 == 0)) return true;
  // printableAtLeast(d, 0.9) over the prefix: the positions visited (and so the counts) are the
  // same as over the whole decoding as long as every UTF-8 look-ahead stays inside the prefix.
  const maxBad = <f64>total - 0.9 * <f64>total;
  const lim = m == total ? m : m - 3;
  let bad: u32 = 0;
  for (let k: u32 = 0; k < lim; k++) {
    const c = <u32>load<u8>(out + k);
    if ((c >= 0x20 && c < 0x7f) || c == 9 || c == 10 || c == 13) continue;
    if (c >= 0xc2 && c <= 0xf4) {
      const q: u32 = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      let j: u32 = 1;
      while (j <= q && k + j < m && (<u32>load<u8>(out + k + j) & 0xc0) == 0x80) j++;
      if (j == q + 1) { k += q; continue; }
    }
    if (<f64>(++bad) > maxBad + 1) return false;
  }
  return true;
}
