/**
 * Word runs judged in wasm (MODE_HEADS: base64 head counts; MODE_QUIET: runs LeakScanner
 * surely does nothing with are not reported) must not change a finding: LeakScanner on the
 * leak captures' scan inputs, profile and pattern mode, against the same scanner whose wasm
 * scans never get those bits.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeakScanner, loadScannerWasm } from '../../src/core/scan';
import { KIND_WORD, MODE_HEADS, MODE_LITERALS, MODE_QUIET, MODE_RUNS, MODE_UPLOAD } from '../../src/core/scan/wasm';
import { corpusInputs } from '../bench/payload';
import type { Profile } from '../../src/core/report/types';
import { LEAKS, wasmBytes } from './helpers';

const captures = readdirSync(join(LEAKS, 'captures')).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort().map((f) => join(LEAKS, 'captures', f));
const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8')) as Profile;

describe('word runs judged in wasm', () => {
  it('find what LeakScanner finds with every run reported (leak captures, profile and pattern mode)', async () => {
    const bytes = wasmBytes();
    const inputs = await corpusInputs(bytes, captures);
    const judged = await loadScannerWasm(bytes);
    const plain = await loadScannerWasm(bytes);
    let quietModes = 0;
    const scan = plain.scan.bind(plain);
    plain.scan = (b, mode, visit) => {
      if (mode & MODE_QUIET) quietModes++;
      scan(b, mode & ~(MODE_HEADS | MODE_QUIET | MODE_UPLOAD), visit);
    };
    for (const p of [profile, undefined]) {
      const a = new LeakScanner(judged, p);
      const b = new LeakScanner(plain, p);
      for (const i of inputs) {
        a.scan(i);
        b.scan(i);
      }
      expect(a.findings().length).toBeGreaterThan(50);
      expect(a.findings()).toEqual(b.findings());
      expect(a.placeholders()).toEqual(b.placeholders());
      expect(a.digestTokens().list()).toEqual(b.digestTokens().list());
      expect(a.layerCuts()).toEqual(b.layerCuts());
    }
    expect(quietModes).toBeGreaterThan(100);
  });

  it('drop a good share of the word runs of text (the point of MODE_QUIET)', async () => {
    const bytes = wasmBytes();
    const inputs = await corpusInputs(bytes, captures);
    const w = await loadScannerWasm(bytes);
    new LeakScanner(w, profile); // token-shape lengths
    let all = 0;
    let kept = 0;
    for (const i of inputs) {
      w.scan(i.bytes, MODE_LITERALS | MODE_RUNS, (k) => { if (k === KIND_WORD) all++; });
      w.scan(i.bytes, MODE_LITERALS | MODE_RUNS | MODE_HEADS | MODE_QUIET, (k) => { if (k === KIND_WORD) kept++; });
    }
    expect(all).toBeGreaterThan(200);
    expect(kept, `${kept} of ${all}`).toBeLessThan(all * 0.8);
    expect(kept).toBeGreaterThan(0);
  });
});
