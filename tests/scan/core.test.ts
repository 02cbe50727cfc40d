/**
 * The wasm core against plain JavaScript references: every literal occurrence (Teddy for short
 * literals, sampled hash for long ones, caseless or exact), every phone-like digit run and
 * every word run of random text, at every alignment and across window edges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScannerWasm, type ScannerWasm } from '../../src/core/scan';
import {
  KIND_AT, KIND_DIGITS, KIND_LITERAL, KIND_MAC, KIND_WORD, WORD_B32L, WORD_B32U, WORD_B64, WORD_EQ, WORD_HEX, WORD_KNOWN,
  WORD_HEAD64, WORD_LETTER,
} from '../../src/core/scan/wasm';
import { headNotText, surelyNotText, unbase64At } from '../../src/core/scan/codecs';
import { wasmBytes } from './helpers';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const enc = new TextEncoder();
const LITS: { text: string; caseless: boolean }[] = [
  { text: '&sn=', caseless: true }, { text: '"lat"', caseless: true }, { text: 'model', caseless: true },
  { text: 'carrier', caseless: true }, { text: 'HM 1S', caseless: false }, { text: '39.9834', caseless: false },
  { text: 'c7a2f9d4', caseless: true }, { text: '862287025963539', caseless: false },
  { text: 'ODYyMjg3MDI1OTYz', caseless: false }, { text: 'Orange F', caseless: false },
  { text: '3066379a45367b62', caseless: true }, { text: 'zhangwei.bj88@163.com', caseless: false },
];
const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +-()/=_%@:."&?\n\x00\xff';

function text(r: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.1) { // plant a literal, sometimes in the other case
      const l = LITS[Math.floor(r() * LITS.length)];
      let t = l.text;
      if (l.caseless && r() < 0.5) t = t.toUpperCase();
      const b = enc.encode(t);
      out.set(b.subarray(0, Math.min(b.length, n - i)), i);
      i += b.length - 1;
    } else if (x < 0.2) { // digits with separators
      const k = 3 + Math.floor(r() * 14);
      for (let j = 0; j < k && i < n; j++, i++) out[i] = r() < 0.8 ? 0x30 + Math.floor(r() * 10) : ' -+()'.charCodeAt(Math.floor(r() * 5));
      i--;
    } else out[i] = ALPHA.charCodeAt(Math.floor(r() * ALPHA.length)) & 0xff;
  }
  return out;
}

const lower = (c: number) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSep = (c: number) => c === 0x20 || c === 0x2d || c === 0x2b || c === 0x28 || c === 0x29;
const isWord = (c: number) => { const l = c | 0x20; return isDigit(c) || (l >= 0x61 && l <= 0x7a) || [0x2b, 0x2d, 0x2f, 0x3d, 0x5f, 0x25].includes(c); };

function refLiterals(b: Uint8Array): string[] {
  const out: string[] = [];
  LITS.forEach((l, id) => {
    const t = enc.encode(l.caseless ? l.text.toLowerCase() : l.text);
    for (let i = 0; i + t.length <= b.length; i++) {
      let k = 0;
      while (k < t.length && (l.caseless ? lower(b[i + k]) : b[i + k]) === t[k]) k++;
      if (k === t.length) out.push(`${i}:${id}`);
    }
  });
  return out.sort();
}

/** The phone-run rule of runs.ts, byte by byte. */
function refDigits(b: Uint8Array): string[] {
  const keep = (i: number) => isDigit(b[i]) ||
    (isSep(b[i]) && i > 0 && isDigit(b[i - 1]) && i + 1 < b.length && isDigit(b[i + 1])) ||
    (b[i] === 0x2b && i + 1 < b.length && isDigit(b[i + 1]));
  const out: string[] = [];
  for (let i = 0; i < b.length;) {
    if (!keep(i)) { i++; continue; }
    let j = i;
    let d = 0;
    while (j < b.length && keep(j)) { if (isDigit(b[j])) d++; j++; }
    if (d >= 7) out.push(`${i}-${j}`);
    i = j;
  }
  return out;
}

function refWords(b: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.length;) {
    if (!isWord(b[i])) { i++; continue; }
    let j = i;
    while (j < b.length && isWord(b[j])) j++;
    if (j - i >= 16) out.push(`${i}-${j}`);
    i = j;
  }
  return out;
}

let wasm: ScannerWasm;
let small: ScannerWasm;
beforeAll(async () => {
  wasm = await loadScannerWasm(wasmBytes());
  small = await loadScannerWasm(wasmBytes(), { inputBytes: 4096, results: 1 << 14, literals: 64, literalBytes: 4096 });
});

function run(w: ScannerWasm, b: Uint8Array) {
  const lits: string[] = [];
  const digits: string[] = [];
  const words: string[] = [];
  w.scan(b, 3, (kind, a, c) => {
    if (kind === KIND_LITERAL) lits.push(`${a}:${c}`);
    else if (kind === KIND_DIGITS) digits.push(`${a}-${c}`);
    else if (kind === KIND_WORD) words.push(`${a}-${c}`);
  });
  return { lits: lits.sort(), digits, words };
}

/** The alphabet bits of a word run, byte by byte (runs.ts wordInfo). */
function refInfo(b: Uint8Array, s: number, e: number): number {
  const t = [...b.subarray(s, e)];
  const alpha = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  const b32d = (c: number) => c >= 0x32 && c <= 0x37;
  let f = WORD_KNOWN;
  if (t.includes(0x3d)) f |= WORD_EQ;
  if (t.every((c) => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66))) f |= WORD_HEX;
  if (t.every((c) => (c >= 0x61 && c <= 0x7a) || b32d(c))) f |= WORD_B32L;
  if (t.every((c) => (c >= 0x41 && c <= 0x5a) || b32d(c))) f |= WORD_B32U;
  if (!t.includes(0x25)) f |= WORD_B64;
  if (t.some(alpha)) f |= WORD_LETTER;
  return f;
}

describe('wasm core matches the references', () => {
  for (const [name, set] of [['short + long literals', LITS], ['long literals only', LITS.filter((l) => l.text.length >= 8)]] as const) {
    it(`${name}: literals, digit runs and word runs on random text`, () => {
      const lits = set.map((l) => ({ bytes: enc.encode(l.caseless ? l.text.toLowerCase() : l.text), caseless: l.caseless }));
      const r = rng(name.length);
      for (const w of [wasm, small]) {
        w.setLiterals(lits);
        for (let t = 0; t < 12; t++) {
          const b = text(r, 200 + Math.floor(r() * 9000));
          const got = run(w, b);
          const want = refLiterals(b).filter((x) => set.includes(LITS[Number(x.split(':')[1])]))
            .map((x) => `${x.split(':')[0]}:${set.indexOf(LITS[Number(x.split(':')[1])])}`).sort();
          expect(got.lits).toEqual(want);
          expect(got.digits).toEqual(refDigits(b));
          expect(got.words).toEqual(refWords(b));
        }
      }
    });
  }

  it('MAC and e-mail candidates', () => {
    const hexd = '0123456789abcdefABCDEF';
    const r = rng(5);
    const pick = <T,>(t: ArrayLike<T>): T => t[Math.floor(r() * t.length)];
    const isHex = (c: number) => hexd.includes(String.fromCharCode(c));
    const local = (c: number) => /[A-Za-z0-9._%+-]/.test(String.fromCharCode(c));
    const alnum = (c: number) => /[A-Za-z0-9]/.test(String.fromCharCode(c));
    for (const w of [wasm, small]) {
      w.setLiterals([]);
      for (let t = 0; t < 10; t++) {
        let s = '';
        while (s.length < 12000) {
          const x = r();
          if (x < 0.3) { // a MAC, sometimes broken or glued to more hex/colons
            const parts = Array.from({ length: 6 }, () => pick(hexd) + pick(hexd));
            if (r() < 0.2) parts[Math.floor(r() * 6)] = pick(hexd) + ':';
            s += parts.join(r() < 0.9 ? ':' : '-') + (r() < 0.2 ? pick(':a0') : '');
          } else if (x < 0.45) s += pick(['a@b.cd', 'x@y', '@@', 'zhang.wei@163.com', '"@types/node"', 'a@-b.c9', 'q@w.e.r']);
          else s += pick('abc:: 0123456789@.-"{}');
        }
        const b = enc.encode(s);
        const refMac: number[] = [];
        const refAt: number[] = [];
        for (let p = 0; p < b.length; p++) {
          if (p >= 2 && p + 15 <= b.length && b[p] === 0x3a) {
            let ok = true;
            for (let k = 0; k < 17; k++) ok &&= k % 3 === 2 ? b[p - 2 + k] === 0x3a : isHex(b[p - 2 + k]);
            if (ok && p >= 3 && (isHex(b[p - 3]) || b[p - 3] === 0x3a)) ok = false;
            if (ok && p + 15 < b.length && (isHex(b[p + 15]) || b[p + 15] === 0x3a)) ok = false;
            if (ok) refMac.push(p - 2);
          }
          if (b[p] === 0x40 && p > 0 && p + 4 <= b.length && local(b[p - 1]) && (alnum(b[p + 1]) || b[p + 1] === 0x2d)) {
            const end = Math.min(b.length, p + 256);
            for (let i = p + 2; i + 1 < end; i++) {
              if (b[i] === 0x2e) { if (/[A-Za-z]/.test(String.fromCharCode(b[i + 1]))) { refAt.push(p); break; } }
              else if (!alnum(b[i]) && b[i] !== 0x2d) break;
            }
          }
        }
        const mac: number[] = [];
        const at: number[] = [];
        w.scan(b, 2, (kind, a) => {
          if (kind === KIND_MAC) mac.push(a);
          else if (kind === KIND_AT) at.push(a);
        });
        expect(mac).toEqual(refMac);
        expect(at).toEqual(refAt);
        expect(refMac.length).toBeGreaterThan(3);
      }
    }
  });

  it('word-run alphabet bits', () => {
    // Runs drawn from one alphabet each (hex, base32 either case, base64, with '=' or '%'),
    // with a stray byte of another alphabet now and then, so every bit flips both ways.
    const alphabets = ['0123456789abcdef', '0123456789ABCDEF', 'abcdefghijklmnopqrstuvwxyz234567',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 'abcXYZ019+/-_', '0123456789', 'abc=123', 'ab%3D12'];
    const r = rng(99);
    for (const w of [wasm, small]) {
      w.setLiterals([]);
      for (let t = 0; t < 20; t++) {
        const parts: string[] = [];
        for (let k = 0; k < 200; k++) {
          const al = alphabets[Math.floor(r() * alphabets.length)];
          const n = 14 + Math.floor(r() * 60);
          let run = '';
          for (let i = 0; i < n; i++) run += al[Math.floor(r() * al.length)];
          if (r() < 0.3) {
            const i = Math.floor(r() * n);
            run = run.slice(0, i) + 'gG7=%+z'[Math.floor(r() * 7)] + run.slice(i + 1);
          }
          parts.push(run);
        }
        const b = enc.encode(parts.join(r() < 0.5 ? ' ' : '.'));
        let n = 0;
        w.scan(b, 3, (kind, a, c, info) => {
          if (kind !== KIND_WORD || info === 0) return;
          expect(info, `${a}-${c}`).toBe(refInfo(b, a, c));
          n++;
        });
        expect(n).toBeGreaterThan(100);
      }
    }
  });

  it('base64 head counts (MODE_HEADS) give surelyNotText verdicts', () => {
    // Runs of base64 text whose decodings are random bytes, UTF-8 text with multi-byte
    // sequences, control bytes, gzip and zlib heads: the count is the reference's, byte for
    // byte, and the verdict surelyNotText's.
    const r = rng(7);
    const b64 = (d: Uint8Array) => Buffer.from(d).toString('base64').replace(/=+$/, '');
    const decodings = (): Uint8Array => {
      const n = 12 + Math.floor(r() * 60);
      const x = r();
      if (x < 0.2) return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
      if (x < 0.4) return enc.encode('héllo wörld €漢字 \t'.repeat(8)).subarray(Math.floor(r() * 6), n + 6);
      if (x < 0.5) return Uint8Array.from([0x1f, 0x8b, ...Array.from({ length: n }, () => Math.floor(r() * 256))]);
      if (x < 0.6) return Uint8Array.from([0x78, 0x9c, ...Array.from({ length: n }, () => Math.floor(r() * 256))]);
      const pick = [0x09, 0x0a, 0x0d, 0x1b, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xe4, 0xf4, 0xf5, 0xff];
      return Uint8Array.from({ length: n }, () => (r() < 0.5 ? 0x61 : pick[Math.floor(r() * pick.length)]));
    };
    const refCount = (b: Uint8Array, a: number): number => {
      const h = unbase64At(b, a, a + 16)!;
      if ((h[0] === 0x1f && h[1] === 0x8b) || ((h[0] & 0x0f) === 8 && ((h[0] << 8) | h[1]) % 31 === 0)) return 0;
      let sure = 0;
      for (let i = 0; i < h.length; i++) {
        const c = h[i];
        if (c < 0x20 ? c !== 9 && c !== 10 && c !== 13 : c === 0x7f || c === 0xc0 || c === 0xc1 || c >= 0xf5) sure++;
        else if ((c & 0xc0) === 0x80) { if (i === 0 || h[i - 1] < 0x80) sure++; }
        else if (c >= 0xc2 && i + 1 < h.length && (h[i + 1] & 0xc0) !== 0x80) sure++;
      }
      return sure;
    };
    for (const w of [wasm, small]) {
      w.setLiterals([]);
      let counted = 0;
      let verdicts = 0;
      for (let t = 0; t < 20; t++) {
        const parts: string[] = [];
        for (let k = 0; k < 200; k++) {
          let run = b64(decodings());
          if (r() < 0.3) run = run.replace(/\+/g, '-').replace(/\//g, '_');
          parts.push(run);
        }
        const b = enc.encode(parts.join(' '));
        w.scan(b, 3, (kind, _a, _c, info) => { if (kind === KIND_WORD) expect(info & WORD_HEAD64).toBe(0); });
        w.scan(b, 7, (kind, a, c, info) => {
          if (kind !== KIND_WORD || info === 0) return;
          const want = (refInfo(b, a, c) & (WORD_EQ | WORD_B64 | WORD_LETTER)) === (WORD_B64 | WORD_LETTER) && (c - a) % 4 !== 1;
          expect((info & WORD_HEAD64) !== 0, `${a}-${c}`).toBe(want);
          if (!want) return;
          const sure = (info >>> 8) & 15;
          expect(sure, `${a}-${c}`).toBe(refCount(b, a));
          expect(headNotText(sure, c - a)).toBe(surelyNotText(b, a, c, 6));
          counted++;
          if (headNotText(sure, c - a)) verdicts++;
        });
      }
      expect(counted).toBeGreaterThan(2000);
      expect(verdicts).toBeGreaterThan(200);
      expect(counted - verdicts).toBeGreaterThan(200);
    }
  });
});
