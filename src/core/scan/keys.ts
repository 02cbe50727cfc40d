/**
 * Key names: which field an identifier sits in. Key context raises confidence, unlocks
 * shape-less types (carrier, model, serial, location) and vetoes fields known to hold
 * counters and timestamps.
 */
import type { FindingType } from '../report/types';
import { KINDS } from '../identifiers/registry';

/** Key literals handed to the wasm matcher (case-insensitive, >= 4 bytes), with what they lead to: every kind's. */
export const KEY_LITERALS: readonly { text: string; type: FindingType; compound: boolean }[] = KINDS.flatMap((k) =>
  (k.keys?.literals ?? []).map((text) => ({ text, type: k.type, compound: k.keys?.compound?.includes(text) ?? false })),
);

/** What a key name says about its value. */
export type KeyClass = FindingType | 'negative' | null;

/** Fields known to hold counters, timestamps and tokens: their numbers are no identifiers. */
const NEGATIVE = /^(ts|t|time|timestamp|seq|seqno|order|orderid|orderno|id|uid|userid|nonce|token|csrf|csrftoken|sign|sig|signature|ver|version|v|date|reqid|requestid|crc|size|len|length|count|_|cb|rnd|rand|random|session|sessionid|sid|price|amount|qq)$/;

/** The negative rule, then every kind's rule in registry order: the first match decides. */
const RULES: [RegExp, KeyClass][] = [
  [NEGATIVE, 'negative'],
  ...KINDS.flatMap((k): [RegExp, KeyClass][] => (k.keys?.rule ? [[k.keys.rule, k.type]] : [])),
];

/** Classifies a key name (case, '_', '-' and '.' ignored). */
export function classifyKey(key: string | null): KeyClass {
  if (!key) return null;
  const k = key.toLowerCase().replace(/[_.\-]/g, '');
  for (const [re, c] of RULES) if (re.test(k)) return c;
  return null;
}

function isKeyChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f || c === 0x2d || c === 0x2e;
}

/**
 * The key of the field whose value starts at `start`: `key=`, `"key":"`, `key: `, `<key>`,
 * or the previous path segment in `/key/value`. Looks back at most 48 bytes.
 */
export function keyBefore(b: Uint8Array, start: number): string | null {
  let i = start - 1;
  const floor = Math.max(0, start - 48);
  // A '+' or "%2B" in front of a phone number belongs to the value.
  if (i >= 2 && b[i] === 0x42 && b[i - 1] === 0x32 && b[i - 2] === 0x25) i -= 3;
  else if (i >= 2 && b[i] === 0x62 && b[i - 1] === 0x32 && b[i - 2] === 0x25) i -= 3;
  if (i >= 0 && b[i] === 0x2b) i--;
  while (i >= floor && (b[i] === 0x22 || b[i] === 0x27 || b[i] === 0x20 || b[i] === 0x09)) i--;
  if (i < floor) return null;
  const sep = b[i];
  if (sep !== 0x3d && sep !== 0x3a && sep !== 0x3e && sep !== 0x2f) return null; // = : > /
  i--;
  while (i >= floor && (b[i] === 0x22 || b[i] === 0x27 || b[i] === 0x20)) i--;
  const end = i + 1;
  while (i >= floor && isKeyChar(b[i])) i--;
  if (end - (i + 1) <= 0) return null;
  let key = '';
  for (let k = i + 1; k < end; k++) key += String.fromCharCode(b[k]);
  return key;
}

/**
 * A number right after a `tel:` URI scheme (`href="tel:+18889935273"`): a link for the reader to
 * call, anyone's number (a shop's, a help line), unlike a data key naming an account's number
 * (`"phone":"+86…"`). Phone numbers found so are medium confidence, which a download does not keep.
 */
export function afterTelScheme(b: Uint8Array, start: number): boolean {
  let i = start - 1;
  if (i >= 2 && b[i - 2] === 0x25 && b[i - 1] === 0x32 && (b[i] === 0x42 || b[i] === 0x62)) i -= 3;
  else if (i >= 0 && b[i] === 0x2b) i--;
  if (i < 3 || b[i] !== 0x3a) return false;
  const t = b[i - 3] | 0x20, e = b[i - 2] | 0x20, l = b[i - 1] | 0x20;
  return t === 0x74 && e === 0x65 && l === 0x6c && (i < 4 || !isKeyChar(b[i - 4]));
}
