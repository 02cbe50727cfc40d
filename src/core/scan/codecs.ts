/** Byte/text codecs used both to expand profile literals and to undo nested encodings. */
import { gunzipSync, inflateSync, unzlibSync } from 'fflate';

// The byte/text helpers live in core/bytes.ts; re-exported for the scanner's modules.
export { bytesOf, textOf, latin1, fromLatin1, hex } from '../bytes';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Standard base64 with padding. */
export function base64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    s += i + 1 < b.length ? B64[(n >> 6) & 63] : '=';
    s += i + 2 < b.length ? B64[n & 63] : '=';
  }
  return s;
}

/** URL-safe base64 without padding. */
export function base64url(b: Uint8Array): string {
  return toUrlSafe(base64(b)).replace(/=+$/, '');
}

/** Standard -> URL-safe alphabet. */
export function toUrlSafe(s: string): string {
  return s.replace(/\+/g, '-').replace(/\//g, '_');
}

/** RFC 4648 base32, lower-case, no padding. */
export function base32(b: Uint8Array): string {
  let s = '';
  let acc = 0;
  let bits = 0;
  for (const x of b) {
    acc = ((acc << 8) | x) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      s += B32[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) s += B32[(acc << (5 - bits)) & 31];
  return s;
}

const B64_VAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) B64_VAL[B64.charCodeAt(i)] = i;
B64_VAL[0x2d] = 62; // '-' (URL-safe)
B64_VAL[0x5f] = 63; // '_'

/** Decodes base64 (either alphabet, padding optional); null on a foreign character. */
export function unbase64(s: string): Uint8Array | null {
  const t = s.replace(/=+$/, '');
  if (t.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((t.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < t.length; i++) {
    const v = B64_VAL[t.charCodeAt(i) & 0xff];
    if (v < 0 || t.charCodeAt(i) > 0xff) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      out[o++] = (acc >> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out.subarray(0, o);
}

/** Decodes RFC 4648 base32 (either case, padding optional); null on a foreign character. */
export function unbase32(s: string): Uint8Array | null {
  const t = s.replace(/=+$/, '').toLowerCase();
  const out = new Uint8Array(Math.floor((t.length * 5) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < t.length; i++) {
    const v = B32.indexOf(t[i]);
    if (v < 0) return null;
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[o++] = (acc >> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out.subarray(0, o);
}

/** Decodes hex (either case, even length); null otherwise. */
export function unhex(s: string): Uint8Array | null {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

/** Percent-encoding the way encodeURIComponent does it. */
export function urlEncode(s: string): string {
  return encodeURIComponent(s);
}

/** Form encoding (application/x-www-form-urlencoded): spaces as '+'. */
export function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

/**
 * URL/form-decodes bytes. `changed[i]` is 1 where output byte i came from an escape, so a
 * match can tell whether the URL encoding actually altered the identifier's text; `at` lists
 * those output positions in order (a binary search answers "any change in [s, e)?").
 */
export function unurl(b: Uint8Array): { bytes: Uint8Array; changed: Uint8Array; at: Int32Array } {
  const n = b.length;
  const out = new Uint8Array(n);
  const changed = new Uint8Array(n);
  let at = new Int32Array(64);
  let marks = 0;
  let o = 0;
  let i = 0;
  // Escapes are sparse in text: jump between them with the native indexOf and copy the
  // bytes in between in bulk.
  let pct = b.indexOf(0x25);
  let plus = b.indexOf(0x2b);
  if (pct < 0) pct = n;
  if (plus < 0) plus = n;
  for (;;) {
    const j = pct < plus ? pct : plus;
    if (j - i > 16) out.set(b.subarray(i, j), o);
    else for (let k = i; k < j; k++) out[o + k - i] = b[k];
    o += j - i;
    if (j >= n) break;
    if (j === pct) {
      if (j + 2 < n && isHexByte(b[j + 1]) && isHexByte(b[j + 2])) {
        out[o] = (hexVal(b[j + 1]) << 4) | hexVal(b[j + 2]);
        i = j + 3;
      } else {
        out[o++] = 0x25;
        i = j + 1;
        pct = b.indexOf(0x25, i);
        if (pct < 0) pct = n;
        continue;
      }
      pct = b.indexOf(0x25, i);
      if (pct < 0) pct = n;
    } else {
      out[o] = 0x20;
      i = j + 1;
      plus = b.indexOf(0x2b, i);
      if (plus < 0) plus = n;
    }
    changed[o] = 1;
    if (marks === at.length) {
      const grown = new Int32Array(marks * 2);
      grown.set(at);
      at = grown;
    }
    at[marks++] = o++;
  }
  return { bytes: out.subarray(0, o), changed: changed.subarray(0, o), at: at.subarray(0, marks) };
}

/** URL escapes worth a decoded layer: '%' + two hex digits, or a '+' between letters/digits. */
export function hasEscapes(b: Uint8Array): boolean {
  for (let i = 0; i + 2 < b.length; i++) {
    if (b[i] === 0x25 && isHexByte(b[i + 1]) && isHexByte(b[i + 2])) return true;
    if (b[i] === 0x2b && isAlnumByte(b[i + 1]) && i > 0 && isAlnumByte(b[i - 1])) return true;
  }
  return false;
}

function isAlnumByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

function isHexByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

function hexVal(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

/** True when b[at], b[at + 1] start like a gzip member or a zlib stream (method 8, header check). */
export function startsCompressed(b: Uint8Array, at = 0): boolean {
  const b0 = b[at];
  const b1 = b[at + 1];
  return (b0 === 0x1f && b1 === 0x8b) || ((b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0);
}

/** Inflates gzip, zlib or raw deflate data when the bytes start like one; null otherwise. */
export function inflateAny(b: Uint8Array, limit: number): Uint8Array | null {
  // The header checks fflate makes first (gzs, zls: method 8, window <= 32 KiB, no preset
  // dictionary) are made here, so text that merely starts like a header ("x ", "hC") throws
  // nothing; the bytes that pass them and still fail throw without a stack trace (capturing
  // one was most of the cost of a failed attempt: 1.8 % of the bench scan).
  if (b.length <= 6 || !startsCompressed(b)) return null;
  const gzip = b[0] === 0x1f && b[1] === 0x8b;
  if (gzip && b.length <= 18) return null;
  if (gzip ? b[2] !== 8 : b[0] >> 4 > 7 || (b[1] & 0x20) !== 0) return null;
  const traces = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return capped(gzip ? gunzipSync(b) : unzlibSync(b), limit);
  } catch {
    return null;
  } finally {
    Error.stackTraceLimit = traces;
  }
}

/** Tries raw deflate (no header); used only where a content coding said "deflate". */
export function inflateRaw(b: Uint8Array, limit: number): Uint8Array | null {
  try {
    return capped(inflateSync(b), limit);
  } catch {
    return null;
  }
}

function capped(b: Uint8Array, limit: number): Uint8Array | null {
  return b.length > 0 ? b.subarray(0, Math.min(b.length, limit)) : null;
}

/**
 * Share of bytes that are printable ASCII or tab/CR/LF; bytes >= 0x80 count only when they
 * form valid UTF-8 sequences (random binary rarely does, CJK text always does).
 */
export function printableShare(b: Uint8Array): number {
  if (b.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13) ok++;
    else if (c >= 0xc2 && c <= 0xf4) {
      const n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      let k = 1;
      while (k <= n && i + k < b.length && (b[i + k] & 0xc0) === 0x80) k++;
      if (k === n + 1) {
        ok += k;
        i += n;
      }
    }
  }
  return ok / b.length;
}

// --- byte-range decoders (no intermediate strings; same output as the string versions) ---

const HEX_VAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) HEX_VAL['0123456789abcdef'.charCodeAt(i)] = i;
for (let i = 10; i < 16; i++) HEX_VAL['ABCDEF'.charCodeAt(i - 10)] = i;
const B32_VAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 32; i++) {
  B32_VAL[B32.charCodeAt(i)] = i;
  B32_VAL[B32.toUpperCase().charCodeAt(i)] = i;
}

/** unbase64 of b[s, e) (trailing '=' ignored); null on a foreign byte or a dangling char. */
export function unbase64At(b: Uint8Array, s: number, e: number, into?: Uint8Array): Uint8Array | null {
  while (e > s && b[e - 1] === 0x3d) e--;
  if ((e - s) % 4 === 1) return null;
  return unpackBits(b, s, e, B64_VAL, 6, into);
}

/** unbase32 of b[s, e) (either case, trailing '=' ignored); null on a foreign byte. */
export function unbase32At(b: Uint8Array, s: number, e: number, into?: Uint8Array): Uint8Array | null {
  while (e > s && b[e - 1] === 0x3d) e--;
  return unpackBits(b, s, e, B32_VAL, 5, into);
}

/** Packs `width`-bit symbols (values from `table`, -1 = foreign) into bytes; leftover bits dropped. */
function unpackBits(b: Uint8Array, s: number, e: number, table: Int8Array, width: number, into?: Uint8Array): Uint8Array | null {
  const outLen = Math.floor(((e - s) * width) / 8);
  const out = into && into.length >= outLen ? into : new Uint8Array(outLen);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = s; i < e; i++) {
    const v = table[b[i]];
    if (v < 0) return null;
    acc = ((acc << width) | v) & 0xffffff; // 24 bits hold any pending bits plus one symbol
    bits += width;
    if (bits >= 8) {
      out[o++] = (acc >> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out.subarray(0, o);
}

/** unhex of b[s, e) (either case, even length); null otherwise. */
export function unhexAt(b: Uint8Array, s: number, e: number, into?: Uint8Array): Uint8Array | null {
  if ((e - s) % 2 !== 0) return null;
  const outLen = (e - s) / 2;
  const out = into && into.length >= outLen ? into : new Uint8Array(outLen);
  for (let i = 0; i < outLen; i++) {
    const h = HEX_VAL[b[s + 2 * i]];
    const l = HEX_VAL[b[s + 2 * i + 1]];
    if (h < 0 || l < 0) return null;
    out[i] = (h << 4) | l;
  }
  return out.subarray(0, outLen);
}

/**
 * printableShare(b) >= min, stopping as soon as the bytes not counted as printable make the
 * share unreachable (exact: same counting as printableShare).
 */
export function printableAtLeast(b: Uint8Array, min: number): boolean {
  if (b.length === 0) return false;
  const maxBad = b.length - min * b.length; // share >= min  <=>  not-ok bytes <= maxBad
  let bad = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13) continue;
    if (c >= 0xc2 && c <= 0xf4) {
      const n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      let k = 1;
      while (k <= n && i + k < b.length && (b[i + k] & 0xc0) === 0x80) k++;
      if (k === n + 1) {
        i += n;
        continue;
      }
    }
    if (++bad > maxBad + 1) return false;
  }
  return (b.length - bad) / b.length >= min;
}

const HEAD = new Uint8Array(16);

/**
 * True when decoding b[s, e) (n >= 16 bytes, all of the alphabet: 4 hex, 5 base32, 6 base64,
 * no '=') surely fails the layer test of a trial decode: not gzip/zlib-looking, and
 * printableAtLeast(decoding, 0.9) false. Judged from the first 16 characters alone (8, 10 or
 * 12 decoded bytes): noise, i.e. almost every identifier or path tried as base64, fails there,
 * so the whole run is never decoded. Counted as surely non-text are bytes that no valid UTF-8
 * sequence can absorb: control bytes, DEL, bytes absent from UTF-8, a continuation byte after
 * an ASCII byte, a lead byte not followed by a continuation byte. printableAtLeast counts at
 * least these, and gives up as soon as its count passes maxBad + 1.
 */
export function surelyNotText(b: Uint8Array, s: number, e: number, width: 4 | 5 | 6): boolean {
  const total = Math.floor(((e - s) * width) / 8);
  const head = width === 4 ? unhexAt(b, s, s + 16, HEAD)! : unpackBits(b, s, s + 16, width === 6 ? B64_VAL : B32_VAL, width, HEAD)!;
  const k = head.length;
  if (startsCompressed(head)) return false;
  const maxBad = total - 0.9 * total;
  let sure = 0;
  // (headNotText decides from the same count made in wasm.)
  for (let i = 0; i < k; i++) {
    const c = head[i];
    if (c < 0x20 ? c !== 9 && c !== 10 && c !== 13 : c === 0x7f || c === 0xc0 || c === 0xc1 || c >= 0xf5) sure++;
    else if ((c & 0xc0) === 0x80) { if (i === 0 || head[i - 1] < 0x80) sure++; }
    else if (c >= 0xc2 && i + 1 < k && (head[i + 1] & 0xc0) !== 0x80) sure++;
    else continue;
    if (sure > maxBad + 1) return true; // the count only grows
  }
  return false;
}

/**
 * surelyNotText(b, s, s + n, 6) from the count the wasm pass made of the run's head
 * (assembly/runs.ts head64Sure: the same bytes counted the same way, 0 for a gzip/zlib head):
 * the count only grows, so "it passed maxBad + 1 at some point" is "it ends above maxBad + 1".
 */
export function headNotText(sure: number, n: number): boolean {
  const total = Math.floor((n * 6) / 8);
  return sure > total - 0.9 * total + 1;
}

const PREFIX = new Uint8Array(96);
/** Characters decoded by prefixNotText: 96 bytes of hex, 95 of base32, 96 of base64. */
const PREFIX_CHARS = { 4: 192, 5: 152, 6: 128 } as const;

/**
 * True when the trial decode of the long run b[s, e) (all of the alphabet: 4 hex, 5 base32,
 * 6 base64; trailing '=' allowed) surely fails the layer test (not gzip/zlib-looking and
 * printableAtLeast(decoding, 0.9) false), judged from its first ~96 decoded bytes: the bytes
 * printableAtLeast counts as not printable there are counted the same way (stopping where a
 * UTF-8 sequence would need bytes beyond them), so when they already exceed maxBad + 1 of the
 * whole decoding, the whole decoding fails too. Runs of noise fail within their first 100
 * bytes; decoding their tail was 2-3 % of the bench scan. False for runs not longer than that.
 */
export function prefixNotText(b: Uint8Array, s: number, e: number, width: 4 | 5 | 6): boolean {
  const chars = PREFIX_CHARS[width];
  if (width !== 4) while (e > s && b[e - 1] === 0x3d) e--;
  if (e - s <= chars || (width === 6 && (e - s) % 4 === 1)) return false;
  const total = width === 4 ? (e - s) / 2 : Math.floor(((e - s) * width) / 8);
  if (width === 4 && (e - s) % 2 !== 0) return false;
  const p = width === 4 ? unhexAt(b, s, s + chars, PREFIX) : unpackBits(b, s, s + chars, width === 6 ? B64_VAL : B32_VAL, width, PREFIX);
  if (!p) return true; // a foreign byte: the whole decoding is null as well
  if (startsCompressed(p)) return false;
  const maxBad = total - 0.9 * total;
  const k = p.length;
  let bad = 0;
  for (let i = 0; i < k; i++) {
    const c = p[i];
    if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13) continue;
    if (c >= 0xc2 && c <= 0xf4) {
      const n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      if (i + n >= k) break; // the sequence reaches past the prefix: stop counting
      let j = 1;
      while (j <= n && (p[i + j] & 0xc0) === 0x80) j++;
      if (j === n + 1) {
        i += n;
        continue;
      }
    }
    if (++bad > maxBad + 1) return true;
  }
  return false;
}
