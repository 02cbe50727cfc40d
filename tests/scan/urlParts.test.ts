/**
 * Issue 16's shortcuts must not change a finding: URL-decoded layers scanned only near their
 * escapes (ScannerWasm.scanPart, LeakScanner's scanNearEscapes) and trial decodes rejected
 * from their first 96 bytes (prefixNotText). Checked on the leak captures' scan inputs and on
 * the capture files' own bytes, against the whole scan and the whole decoding.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeakScanner, loadScannerWasm } from '../../src/core/scan';
import { MODE_LITERALS, MODE_RUNS } from '../../src/core/scan/wasm';
import {
  base32, base64, bytesOf, hex, prefixNotText, printableAtLeast, unbase32At, unbase64At, unhexAt, unurl,
} from '../../src/core/scan/codecs';
import { corpusInputs } from '../bench/payload';
import type { Profile } from '../../src/core/report/types';
import { LEAKS, wasmBytes } from './helpers';

const captures = readdirSync(join(LEAKS, 'captures')).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort().map((f) => join(LEAKS, 'captures', f));
const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8')) as Profile;

describe('URL layers scanned near their escapes', () => {
  it('scanPart gives the whole scan\'s results between separators, in its order', async () => {
    const w = await loadScannerWasm(wasmBytes());
    new LeakScanner(w, profile); // loads the profile's literals (hash step > 1)
    // LeakScanner's separators less ',' (the profile's location literal holds one).
    const SEP = new Set([0x0a, 0x0d, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d]);
    let parts = 0;
    let results = 0;
    // The capture files' bytes (binary and text) and the scanner's inputs (text) of the leak captures.
    const inputs = (await corpusInputs(wasmBytes(), captures)).map((i) => i.bytes).filter((b) => b.length > 1000);
    const files = captures.map((path) => new Uint8Array(readFileSync(path)).subarray(0, 1 << 20));
    for (const raw of [...files, ...inputs]) {
      for (const bytes of [raw, unurl(raw).bytes]) {
        const whole: number[][] = [];
        w.scan(bytes, MODE_LITERALS | MODE_RUNS, (k, a, b, i) => whole.push([k, a, b, i]));
        const cuts = [0];
        for (let i = 1; i < bytes.length; i++) if (SEP.has(bytes[i - 1])) cuts.push(i);
        for (let c = 0; c + 7 < cuts.length; c += 1 + (c % 23)) {
          const from = cuts[c];
          const to = cuts[c + 7] - 1; // bytes[to] is a separator
          const got: number[][] = [];
          w.scanPart(bytes, from, to, MODE_LITERALS | MODE_RUNS, (k, a, b, i) => got.push([k, a, b, i]));
          expect(got).toEqual(whole.filter((r) => r[1] >= from && r[1] < to));
          parts++;
          results += got.length;
        }
      }
    }
    expect(parts).toBeGreaterThan(500);
    expect(results).toBeGreaterThan(500);
  });

  it('finds what the whole scan of each URL layer finds, in the same order (leak captures, profile and pattern mode)', async () => {
    const bytes = wasmBytes();
    const inputs = await corpusInputs(bytes, captures);
    const near = await loadScannerWasm(bytes);
    const whole = await loadScannerWasm(bytes);
    whole.partsFit = () => false;
    // Separators searched in JavaScript instead of in the wasm window (seps.ts).
    const walked = await loadScannerWasm(bytes);
    let held = 0;
    const holds = near.holds.bind(near);
    near.holds = (b) => { const h = holds(b); if (h) held++; return h; };
    walked.holds = () => false;
    for (const p of [profile, undefined]) {
      const a = new LeakScanner(near, p);
      const b = new LeakScanner(whole, p);
      const c = new LeakScanner(walked, p);
      for (const i of inputs) {
        a.scan(i);
        b.scan(i);
        c.scan(i);
      }
      expect(a.findings().length).toBeGreaterThan(50);
      expect(a.findings()).toEqual(b.findings());
      expect(a.placeholders()).toEqual(b.placeholders());
      expect(a.digestTokens().list()).toEqual(b.digestTokens().list());
      expect(c.findings()).toEqual(b.findings());
      expect(c.placeholders()).toEqual(b.placeholders());
    }
    expect(held).toBeGreaterThan(5);
  });
});

describe('separator search in the wasm window (seps.ts)', () => {
  it('finds the separator a byte walk finds, both ways, at every distance and alignment', async () => {
    const w = await loadScannerWasm(wasmBytes());
    let seed = 3;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    let checks = 0;
    for (let t = 0; t < 200; t++) {
      const seps = [0x0a, 0x2c, 0x3c, 0x7d, 0x5b, 0x0d, 0x3e, 0x7b, 0x5d].slice(0, t % 10);
      const n = 5 + Math.floor(r() * 700);
      const b = Uint8Array.from({ length: n }, () => (r() < 0.02 && seps.length ? seps[Math.floor(r() * seps.length)] : 0x61 + Math.floor(r() * 26)));
      const e = 1 + Math.floor(r() * (n - 4)); // an escape, so the decoded bytes stay in the window
      b.set([0x61, 0x2b, 0x62], e - 1);
      const u = w.unurlIfEscaped(b)!;
      expect(u.escapes).toBe(true);
      const d = u.bytes;
      expect(w.holds(d)).toBe(true);
      w.setSeparators(seps);
      const isSep = (c: number) => seps.includes(c);
      for (let q = 0; q < 40; q++) {
        const pos = Math.floor(r() * (n + 1));
        let f = pos;
        while (f < n && !isSep(d[f])) f++;
        expect(w.nextSeparator(pos, n)).toBe(f);
        const floor = Math.floor(r() * (pos + 1));
        let g = pos;
        while (g > floor && !isSep(d[g - 1])) g--;
        expect(w.prevSeparator(pos, floor)).toBe(g);
        checks++;
      }
    }
    expect(checks).toBe(8000);
  });
});

describe('prefixNotText', () => {
  it('never rejects a long trial decode that tryLayer would keep, and rejects noise', () => {
    let seed = 11;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const samples: Uint8Array[] = [];
    const words = ['hello', 'world', '中国联通', '{"imei":"862287025963539"}', 'é', '\n', '日本語テキスト'];
    for (let t = 0; t < 300; t++) {
      if (t % 3 === 0) {
        samples.push(Uint8Array.from({ length: 100 + Math.floor(r() * 400) }, () => Math.floor(r() * 256)));
        continue;
      }
      let s = '';
      while (s.length < 100 + r() * 300) s += words[Math.floor(r() * words.length)] + (t % 3 === 2 ? String.fromCharCode(Math.floor(r() * 32)) : ' ');
      samples.push(bytesOf(s));
    }
    // At the 90 % edge: control bytes spread so that the share is just kept or just not, and a
    // 4-byte UTF-8 character across the end of the 96 decoded bytes checked.
    for (let len = 100; len < 140; len++) {
      for (const bad of [Math.floor(len / 10), Math.floor(len / 10) + 1, Math.floor(len / 10) + 2]) {
        const b = new Uint8Array(len).fill(0x61);
        for (let k = 0; k < bad; k++) b[k] = 0x01;
        b.set([0xf0, 0x9f, 0x98, 0x80], 94);
        samples.push(b);
      }
    }
    const keeps = (d: Uint8Array | null) => d !== null && d.length >= 6 &&
      ((d[0] === 0x1f && d[1] === 0x8b) || ((d[0] & 0x0f) === 8 && ((d[0] << 8) | d[1]) % 31 === 0) || printableAtLeast(d, 0.9));
    let kept = 0;
    let rejected = 0;
    for (const b of samples) {
      const forms: [string, 4 | 5 | 6, (t: Uint8Array) => Uint8Array | null][] = [
        [hex(b), 4, (t) => unhexAt(t, 0, t.length)],
        [base32(b).toUpperCase(), 5, (t) => unbase32At(t, 0, t.length)],
        [base64(b), 6, (t) => unbase64At(t, 0, t.length)],
        [base64(b).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 6, (t) => unbase64At(t, 0, t.length)],
      ];
      for (const [text, width, decode] of forms) {
        const t = bytesOf(text);
        const keep = keeps(decode(t));
        const reject = prefixNotText(t, 0, t.length, width);
        if (keep) {
          kept++;
          expect(reject, `${text} ${width}`).toBe(false);
        } else if (reject) rejected++;
      }
    }
    expect(kept).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(300);
  });
});
