// URL/form decoding in place (codecs.ts unurl, byte for byte): '%' + two hex digits -> that
// byte, '+' -> ' '. Text has an escape every few hundred bytes, so escape-free vectors are
// moved down 16 bytes at a time (a store never reaches past the vector just read); the bytes
// before an escape are moved one by one.
import { inputPtr, resultsPtr, maxResults, RESULT_BYTES } from './layout';

/** Whether the last unurl saw an escape by scanner.ts hasEscapes' rule. */
export let sawEscape: bool = false;
/** Escapes decoded by the last unurl (their output positions are u32s at resultsPtr). */
export let escapeCount: u32 = 0;

@inline function isHex(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6; }
@inline function hexVal(c: u32): u32 { return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57; }
@inline function isAlnum(c: u32): bool { return c - 0x30 < 10 || (c | 0x20) - 0x61 < 26; }

/** Decodes input[0, len) in place; returns the decoded length, or -1 when the escape
 * positions do not fit the results region (the caller decodes in JavaScript instead). */
export function unurlInPlace(len: u32): i32 {
  const base = inputPtr;
  const cap = maxResults * (RESULT_BYTES >> 2);
  let r: u32 = 0, w: u32 = 0, n: u32 = 0;
  let prev: u32 = 0; // the raw byte before r (bytes before r may be rewritten)
  let esc = false;
  while (r < len) {
    if (r + 16 <= len) {
      const v = v128.load(base + r);
      const m = <u32>i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(0x25)), i8x16.eq(v, i8x16.splat(0x2b))));
      if (m == 0) {
        if (w != r) v128.store(base + w, v);
        prev = <u32>i8x16.extract_lane_u(v, 15);
        r += 16; w += 16;
        continue;
      }
      const k = <u32>ctz(m);
      if (k > 0) {
        prev = <u32>load<u8>(base + r + k - 1);
        if (w != r) for (let i: u32 = 0; i < k; i++) store<u8>(base + w + i, load<u8>(base + r + i));
        r += k; w += k;
      }
    }
    const c = <u32>load<u8>(base + r);
    if (c == 0x25 && r + 2 < len && isHex(<u32>load<u8>(base + r + 1)) && isHex(<u32>load<u8>(base + r + 2))) {
      prev = <u32>load<u8>(base + r + 2);
      store<u8>(base + w, <u8>((hexVal(<u32>load<u8>(base + r + 1)) << 4) | hexVal(prev)));
      esc = true;
      r += 3;
    } else if (c == 0x2b) {
      if (r + 2 < len && r > 0 && isAlnum(<u32>load<u8>(base + r + 1)) && isAlnum(prev)) esc = true;
      prev = c;
      store<u8>(base + w, 0x20);
      r += 1;
    } else {
      prev = c;
      store<u8>(base + w++, <u8>c);
      r += 1;
      continue;
    }
    if (n >= cap) return -1;
    store<u32>(resultsPtr + (<usize>n << 2), w);
    n++; w++;
  }
  sawEscape = esc;
  escapeCount = n;
  return <i32>w;
}

/**
 * codecs.ts printableShare's count of input[0, len): printable ASCII, tab, LF, CR, and whole
 * UTF-8 sequences (lead C2-F4 with its continuation bytes). Vectors of 16 such ASCII bytes
 * that start where the byte loop stands are counted at once (the loop only ever stands on a
 * sequence boundary, so the count is the byte loop's). tryUrlLayer asks this of every layer's
 * first 4 KiB before decoding (it was ~2.5 % of the end-to-end scan in JavaScript).
 * Returns 0 as soon as more than maxBad bytes failed (i - ok only grows): binary inputs take the
 * byte loop, and on the lab capture (TLS records) the whole 4 KiB walk was 9.5 % of the CLI's
 * main thread; random bytes fail ~60 % of the time, so the answer comes after ~700 bytes.
 */
export function printableCount(len: u32, maxBad: u32): u32 {
  const base = inputPtr;
  let ok: u32 = 0;
  let i: u32 = 0;
  while (i < len) {
    if (i - ok > maxBad) return 0;
    if (i + 16 <= len) {
      const v = v128.load(base + i);
      const asc = v128.or(i8x16.lt_u(i8x16.sub(v, i8x16.splat(0x20)), i8x16.splat(0x5f)),
        v128.or(i8x16.eq(v, i8x16.splat(9)), v128.or(i8x16.eq(v, i8x16.splat(10)), i8x16.eq(v, i8x16.splat(13)))));
      if (i8x16.all_true(asc)) { ok += 16; i += 16; continue; }
    }
    const c = <u32>load<u8>(base + i);
    if ((c - 0x20 < 0x5f) || c == 9 || c == 10 || c == 13) ok++;
    else if (c - 0xc2 <= 0xf4 - 0xc2) {
      const n: u32 = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      let k: u32 = 1;
      while (k <= n && i + k < len && (<u32>load<u8>(base + i + k) & 0xc0) == 0x80) k++;
      if (k == n + 1) { ok += k; i += n; }
    }
    i++;
  }
  return ok;
}
