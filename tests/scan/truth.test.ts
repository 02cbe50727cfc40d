/**
 * Every planted record of every truth file, handed to the scanner as a ScanInput with
 * realistic surroundings: found with the right type, value and encoding, with and without the
 * profile (digests only with it), and no decoy reported.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { expandProfile, LeakScanner, type ScannerWasm } from '../../src/core/scan';
import type { Finding, Profile } from '../../src/core/report/types';
import {
  corpusProfile, input, plainIfCoding, sameType, sameValue, scannerWasm, surround, truths, type Planted,
} from './helpers';

const DIGESTS = new Set(['md5', 'sha1', 'sha256']);
const TRANSFORMS = new Set(['url', 'base64', 'hex', 'base32', 'md5', 'sha1', 'sha256']);

let wasm: ScannerWasm;
beforeAll(async () => {
  wasm = await scannerWasm();
});

function scanPlanted(p: Planted, profile?: Profile, gzip = false): Finding[] {
  const s = new LeakScanner(wasm, profile);
  const { bytes, protocol, part } = surround(p);
  s.scan(input(gzip ? gzipSync(bytes) : bytes, {
    protocol, part, direction: p.direction, encryptedOnWire: p.encrypted_on_wire, frame: p.frames[0] ?? 1, flow: 3,
  }));
  return s.findings();
}

function hit(fs: Finding[], p: Planted): Finding | undefined {
  return fs.find((f) => sameType(f.type, p.type) && sameValue(p.type, f.value, p.value) &&
    plainIfCoding(f.encoding) === plainIfCoding(p.encoding));
}

const all = truths().flatMap(([name, t]) => t.planted.map((p, i) => [`${name} #${i} ${p.type} ${p.encoding} ${p.variant ?? ''}`, p] as const));
const unique = [...new Map(all.map(([n, p]) => [`${p.type}|${p.encoding}|${p.wire}|${p.field}|${p.protocol}|${p.direction}`, [n, p] as const])).values()];

describe('profile expansion', () => {
  const lits = expandProfile(corpusProfile());
  it('stays within a few thousand literals', () => {
    expect(lits.length).toBeGreaterThan(300);
    expect(lits.length).toBeLessThan(4000);
  });
  it.each(unique.filter(([, p]) => TRANSFORMS.has(p.encoding)))('%s: a literal is in the wire text', (_n, p) => {
    const wire = p.wire.toLowerCase();
    const found = lits.find((l) => l.type === p.type && sameValue(p.type, l.value, p.value) && l.encoding === p.encoding &&
      (l.caseless ? wire.includes(l.text) : p.wire.includes(l.text)));
    expect(found, p.wire).toBeDefined();
  });
  it('digest literals are 16-character prefixes in hex, base64 and base64url', () => {
    const md5 = lits.filter((l) => l.type === 'imei' && l.encoding === 'md5').map((l) => l.text);
    expect(md5).toContain('8cc26b9a18f51ad5');
    expect(md5.every((t) => t.length === 16)).toBe(true);
  });
  it('phone spellings include national, dashed, 0086 and E.164 forms', () => {
    const own = lits.filter((l) => l.type === 'phone' && l.encoding === 'plain').map((l) => l.text);
    for (const s of ['+8618611428769', '8618611428769', '008618611428769', '18611428769', '186 1142 8769', '186-1142-8769', '+86 186 1142 8769', '+86 186-1142-8769']) {
      expect(own).toContain(s);
    }
  });
});

describe('with the profile', () => {
  const profile = corpusProfile();
  it.each(unique)('%s', (_n, p) => {
    const fs = scanPlanted(p, profile);
    const f = hit(fs, p);
    expect(f, JSON.stringify(fs.map((x) => [x.type, x.value, x.encoding]))).toBeDefined();
    expect(f!.flow).toBe(3);
    expect(f!.direction).toBe(p.direction);
    expect(f!.encrypted_on_wire).toBe(p.encrypted_on_wire);
    expect(f!.frame).toBe(p.frames[0] ?? 1);
    expect(f!.context.length).toBeGreaterThan(0);
  });
  it.each(unique.filter(([, p]) => p.encoding === 'gzip'))('%s, still gzip-compressed', (_n, p) => {
    expect(hit(scanPlanted(p, profile, true), p)).toBeDefined();
  });
});

describe('pattern mode (no profile)', () => {
  it.each(unique.filter(([, p]) => !DIGESTS.has(p.encoding)))('%s', (_n, p) => {
    const fs = scanPlanted(p);
    expect(hit(fs, p), JSON.stringify(fs.map((x) => [x.type, x.value, x.encoding]))).toBeDefined();
    expect(hit(fs, p)!.source).toBe('pattern');
  });
  it('finds no digest without a profile', () => {
    for (const [, p] of unique.filter(([, x]) => DIGESTS.has(x.encoding))) expect(hit(scanPlanted(p), p)).toBeUndefined();
  });
});

describe('decoys', () => {
  const cases = truths().flatMap(([name, t]) => t.decoys.map((d) => [`${name} ${d.looks_like} ${d.value} (${d.where})`, d] as const));
  it.each(cases)('%s is not reported', (_n, d) => {
    const key = (d.where.split(/[ .]/).filter((w) => /^[a-z_]+$/.test(w)).pop()) ?? 'id';
    const text = `${key}=${d.value}&x=1 {"${key}":"${d.value}","n":${/^\d+$/.test(d.value) ? d.value : 0}} ` +
      `<li class="item" data-id="${d.value}" data-ts="${d.value}"><a href="/a/${d.value}.html">${d.value}</a></li> ${d.value}`;
    for (const profile of [undefined, corpusProfile()]) {
      const s = new LeakScanner(wasm, profile);
      s.scan(input(text));
      s.scan(input(text, { direction: 'download' }));
      const bad = s.findings().filter((f) => sameValue(d.looks_like, f.value, d.value));
      expect(bad).toEqual([]);
    }
  });
});

describe('folding', () => {
  it('one finding per (type, value, encoding, flow, protocol, direction) with all frames', () => {
    const s = new LeakScanner(wasm);
    for (const frame of [7, 3, 7, 9]) s.scan(input('imei=862287025963539&x=1', { frame }));
    s.scan(input('imei=862287025963539', { frame: 11, direction: 'download' }));
    const fs = s.findings().filter((f) => f.type === 'imei');
    expect(fs).toHaveLength(2);
    expect(fs[0]).toMatchObject({ value: '862287025963539', encoding: 'plain', frame: 7, frames: [3, 7, 9], source: 'pattern', host: null, country: null });
  });
});
