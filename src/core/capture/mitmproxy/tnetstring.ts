/**
 * tnetstrings (https://tnetstrings.info), as mitmproxy writes its dumps: `<length>:<data><type>`
 * with types , (bytes) ; (UTF-8 text) # (integer) ^ (float) ! (boolean) ~ (null) ] (list)
 * } (dict of alternating keys and values). Decoded over a byte range with every length checked,
 * so damage gives a TnetError, never a read past the range; nesting is bounded.
 */
import { textOf } from '../../bytes';

export type TnetValue = Uint8Array | string | number | boolean | null | TnetValue[] | TnetDict;
export interface TnetDict {
  [key: string]: TnetValue;
}

export class TnetError extends Error {}

const MAX_DEPTH = 64;
/** Length prefixes longer than this many digits are damage (10^12 bytes). */
export const MAX_LENGTH_DIGITS = 12;

/** Reads a length prefix at `at`: the length and where its data begins; null if more bytes are needed. */
export function lengthPrefix(b: Uint8Array, at: number, end: number): { length: number; data: number } | null {
  let n = 0;
  let i = at;
  for (; i < end && i - at <= MAX_LENGTH_DIGITS; i++) {
    const c = b[i];
    if (c === 0x3a) {
      if (i === at) throw new TnetError('empty length prefix');
      return { length: n, data: i + 1 };
    }
    if (c < 0x30 || c > 0x39) throw new TnetError(`byte 0x${c.toString(16)} in a length prefix`);
    n = n * 10 + (c - 0x30);
  }
  if (i - at > MAX_LENGTH_DIGITS) throw new TnetError('length prefix too long');
  return null;
}

/** A dict key as text; a list or dict as a key is damage (String() of a prototype-less dict throws). */
function keyText(k: TnetValue): string {
  if (typeof k === 'string') return k;
  if (k instanceof Uint8Array) return textOf(k);
  if (typeof k === 'object' && k !== null) throw new TnetError('a list or dict as a dict key');
  return String(k);
}

/** Decodes the one value in b[at, end); returns it and where it ends. */
export function decodeTnet(b: Uint8Array, at: number, end: number, depth = 0): { value: TnetValue; next: number } {
  if (depth > MAX_DEPTH) throw new TnetError(`nesting deeper than ${MAX_DEPTH}`);
  const p = lengthPrefix(b, at, end);
  if (!p) throw new TnetError('value cut off in its length prefix');
  const dataEnd = p.data + p.length;
  if (dataEnd >= end) throw new TnetError(`value of ${p.length} bytes runs past its container`);
  const type = b[dataEnd];
  const data = b.subarray(p.data, dataEnd);
  const next = dataEnd + 1;
  switch (type) {
    case 0x2c: return { value: data, next };
    case 0x3b: return { value: textOf(data), next };
    case 0x23: case 0x5e: {
      const v = Number(textOf(data));
      if (!Number.isFinite(v)) throw new TnetError('bad number');
      return { value: v, next };
    }
    case 0x21: return { value: textOf(data) === 'true', next };
    case 0x7e:
      if (p.length) throw new TnetError('null with data');
      return { value: null, next };
    case 0x5d: {
      const list: TnetValue[] = [];
      for (let i = p.data; i < dataEnd;) {
        const r = decodeTnet(b, i, dataEnd, depth + 1);
        if (r.next > dataEnd) throw new TnetError('list item runs past the list');
        list.push(r.value);
        i = r.next;
      }
      return { value: list, next };
    }
    case 0x7d: {
      const dict: TnetDict = Object.create(null) as TnetDict;
      for (let i = p.data; i < dataEnd;) {
        const k = decodeTnet(b, i, dataEnd, depth + 1);
        if (k.next >= dataEnd) throw new TnetError('dict key without a value');
        const v = decodeTnet(b, k.next, dataEnd, depth + 1);
        if (v.next > dataEnd) throw new TnetError('dict value runs past the dict');
        dict[keyText(k.value)] = v.value;
        i = v.next;
      }
      return { value: dict, next };
    }
    default:
      throw new TnetError(`unknown type '${String.fromCharCode(type)}'`);
  }
}
