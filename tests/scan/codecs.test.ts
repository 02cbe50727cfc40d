// The fast paths of the codecs against byte-by-byte definitions.
import { describe, expect, it } from 'vitest';
import { unurl } from '../../src/core/scan/codecs';

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** One byte at a time: '%' + two hex digits -> that byte, '+' -> ' '. */
function unurlRef(b: Uint8Array): { bytes: number[]; changed: number[] } {
  const bytes: number[] = [];
  const changed: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x25 && i + 2 < b.length && isHex(b[i + 1]) && isHex(b[i + 2])) {
      bytes.push(parseInt(String.fromCharCode(b[i + 1], b[i + 2]), 16));
      changed.push(1);
      i += 2;
    } else if (b[i] === 0x2b) {
      bytes.push(0x20);
      changed.push(1);
    } else {
      bytes.push(b[i]);
      changed.push(0);
    }
  }
  return { bytes, changed };
}

describe('unurl', () => {
  it('matches the byte-by-byte definition on random escape-heavy text', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const alphabet = '%%%++2Bb3dDfFgG0a9 xyz-_.';
    for (let t = 0; t < 3000; t++) {
      const n = Math.floor(rnd() * (t % 10 === 0 ? 400 : 40));
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = alphabet.charCodeAt(Math.floor(rnd() * alphabet.length));
      const ref = unurlRef(b);
      const got = unurl(b);
      expect([...got.bytes]).toEqual(ref.bytes);
      expect([...got.changed]).toEqual(ref.changed);
      expect([...got.at]).toEqual(ref.changed.flatMap((c, i) => (c ? [i] : [])));
    }
  });
});
