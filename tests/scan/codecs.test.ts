// The fast paths of the codecs against byte-by-byte definitions.
import { describe, expect, it } from 'vitest';
import {
  base32, base64, bytesOf, hasEscapes, hex, printableAtLeast, surelyNotText, unbase32At, unbase64At, unhexAt, unurl,
} from '../../src/core/scan/codecs';

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

describe('surelyNotText', () => {
  const rng = (seed: number) => () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  it('never skips a trial decode that tryLayer would keep', () => {
    // Text (ASCII, CJK, control bytes) and binary of many lengths, hex / base32 / base64 encoded,
    // with UTF-8 sequences across the end of the decoded head and non-text at the 90 % edge.
    const r = rng(3);
    const samples: Uint8Array[] = [];
    const words = ['hello', 'world', '中国联通', 'json', '{"imei":"862287025963539"}', 'é', '\n', '日本語テキスト'];
    for (let t = 0; t < 400; t++) {
      const kind = t % 4;
      let b: Uint8Array;
      if (kind === 3) b = Uint8Array.from({ length: 8 + Math.floor(r() * 120) }, () => Math.floor(r() * 256));
      else {
        let s = '';
        while (s.length < 6 + r() * 150) s += words[Math.floor(r() * words.length)] + (kind === 2 ? String.fromCharCode(Math.floor(r() * 32)) : ' ');
        b = bytesOf(s);
      }
      if (t % 37 === 0) b.set([0x1f, 0x8b]);
      if (t % 41 === 0) b.set([0x78, 0x9c]);
      samples.push(b);
    }
    // At the edge: as many control bytes as 90 % allows, and a 4-byte UTF-8 character across
    // the end of the 48 checked bytes (valid in the whole decoding, cut in the prefix).
    for (let len = 52; len < 72; len++) {
      for (let at = 44; at < 48; at++) {
        const b = new Uint8Array(len).fill(0x61);
        for (let k = 0; k < Math.floor(len / 10); k++) b[k * 3] = 0x01;
        b.set([0xf0, 0x9f, 0x98, 0x80], at);
        samples.push(b);
      }
    }
    // UTF-8 characters within the first 8 bytes, where the wasm side counts sure non-text
    // bytes in one go, with control bytes right at the 90 % edge after them.
    for (let len = 8; len < 40; len++) {
      for (let at = 0; at < 8; at++) {
        for (const ch of [[0xc3, 0xa9], [0xe4, 0xb8, 0xad], [0xf0, 0x9f, 0x98, 0x80]]) {
          if (at + ch.length > len) continue;
          const b = new Uint8Array(len).fill(0x62);
          b.set(ch, at);
          for (let k = 0, put = 0; put < Math.floor(len / 10) && k < len; k++) {
            if (k < at || k >= at + ch.length) { b[len - 1 - k] = 0x02; put++; }
          }
          samples.push(b);
        }
      }
    }
    const keeps = (d: Uint8Array | null) => d !== null && d.length >= 6 &&
      ((d[0] === 0x1f && d[1] === 0x8b) || ((d[0] & 0x0f) === 8 && ((d[0] << 8) | d[1]) % 31 === 0) || printableAtLeast(d, 0.9));
    let kept = 0;
    let skipped = 0;
    const enc = new TextEncoder();
    for (const b of samples) {
      const forms: [string, 4 | 5 | 6, (t: Uint8Array) => Uint8Array | null][] = [
        [hex(b), 4, (t) => unhexAt(t, 0, t.length)], [hex(b).toUpperCase(), 4, (t) => unhexAt(t, 0, t.length)],
        [base32(b), 5, (t) => unbase32At(t, 0, t.length)], [base32(b).toUpperCase(), 5, (t) => unbase32At(t, 0, t.length)],
        [base64(b).replace(/=+$/, ''), 6, (t) => unbase64At(t, 0, t.length)],
        [base64(b).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 6, (t) => unbase64At(t, 0, t.length)],
      ];
      for (const [text, width, decode] of forms) {
        const t = enc.encode(text);
        if (t.length < 16 || (width === 6 && t.length % 4 === 1)) continue;
        const keep = keeps(decode(t));
        const skip = surelyNotText(t, 0, t.length, width);
        if (keep) { kept++; expect(skip, `${text} ${width}`).toBe(false); }
        else if (skip) skipped++;
      }
    }
    expect(kept).toBeGreaterThan(1000);
    expect(skipped).toBeGreaterThan(50);
  });
});

describe('wasm unurl', () => {
  it('matches codecs unurl and hasEscapes on escape-heavy and escape-sparse text', async () => {
    const { loadScannerWasm } = await import('../../src/core/scan');
    const { wasmBytes } = await import('./helpers');
    const w = await loadScannerWasm(wasmBytes(), { inputBytes: 1 << 16, results: 64, literals: 16, literalBytes: 1024 });
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    let overflowed = 0;
    for (let t = 0; t < 3000; t++) {
      const dense = t % 3 === 0;
      const alphabet = dense ? '%%++2Bb3dDfFgG0a9 xyz-_.' : 'abcdefghijklmnopqrstuvwxyz0123456789 ."{}:,%+';
      const n = Math.floor(rnd() * (t % 10 === 0 ? 3000 : 90));
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const x = rnd();
        b[i] = dense || x < 0.05 ? alphabet.charCodeAt(Math.floor(rnd() * alphabet.length)) : 0x61 + Math.floor(x * 26);
      }
      const got = w.unurl(b);
      if (!got) { overflowed++; continue; } // more escapes than 64 results x 3 slots: JavaScript decodes
      const ref = unurl(b);
      expect([...got.bytes]).toEqual([...ref.bytes]);
      expect([...got.at]).toEqual([...ref.at]);
      expect(got.escapes).toBe(hasEscapes(b));
    }
    expect(overflowed).toBeGreaterThan(0);
    expect(overflowed).toBeLessThan(500);
  });
});

describe('wasm printable share', () => {
  it("gives printableShare's verdict at every threshold edge (ASCII vectors, UTF-8 sequences across them, controls)", async () => {
    const { loadScannerWasm } = await import('../../src/core/scan');
    const { wasmBytes } = await import('./helpers');
    const { printableShare } = await import('../../src/core/scan/codecs');
    const w = await loadScannerWasm(wasmBytes(), { inputBytes: 1 << 16, results: 1 << 12, literals: 16, literalBytes: 1024 });
    let seed = 5;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pieces = [bytesOf('plain ascii+text, %41'), bytesOf('é'), bytesOf('中文'), bytesOf('😀'), Uint8Array.of(0), Uint8Array.of(9, 10, 13),
      Uint8Array.of(0x7f), Uint8Array.of(0xc3), Uint8Array.of(0xe4, 0xb8), Uint8Array.of(0x80), Uint8Array.of(0xff), Uint8Array.of(0xf0, 0x9f, 0x98)];
    let kept = 0;
    let dropped = 0;
    for (let t = 0; t < 2000; t++) {
      const parts: number[] = [];
      const n = Math.floor(rnd() * (t % 10 === 0 ? 6000 : 200));
      const noisy = rnd() * 0.9;
      while (parts.length < n) parts.push(...(rnd() < noisy ? pieces[1 + Math.floor(rnd() * (pieces.length - 1))] : pieces[0].subarray(0, 1 + Math.floor(rnd() * 17))));
      const b = Uint8Array.from(parts.slice(0, n));
      const got = w.unurlIfEscaped(b, undefined, 0.9);
      if (got === null) continue; // more escapes than the results region holds: JavaScript decodes
      const text = b.length > 0 && printableShare(b.subarray(0, 4096)) >= 0.9;
      if (!text) {
        expect(got?.escapes, `t=${t}`).toBe(false);
        dropped++;
      } else {
        expect(got?.escapes, `t=${t}`).toBe(hasEscapes(b));
        kept++;
      }
    }
    expect(kept).toBeGreaterThan(300);
    expect(dropped).toBeGreaterThan(300);
  });
});
