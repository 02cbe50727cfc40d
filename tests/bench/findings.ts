/**
 * Dumps every finding LeakScanner reports for every corpus capture (leaks, external,
 * malformed), under several rule sets and window sizes, one JSON line per (config, capture).
 * Run it before and after a scanner change and diff the two files: any difference in a
 * finding (value, encoding, frames, confidence, context) shows up.
 * Run: npm run build:wasm && npx tsx tests/bench/findings.ts > /tmp/findings-before.jsonl
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LeakScanner, loadScannerWasm } from '../../src/core/scan';
import { DEFAULT_SIZES } from '../../src/core/scan/wasm';
import type { Profile } from '../../src/core/report/types';
import type { ScanInput } from '../../src/core/extract/types';
import { PROFILE, corpusInputs } from './payload';
import { CORPUS, REPO_ROOT } from '../corpus';

async function main(): Promise<void> {
  const wasmBytes = readFileSync(join(REPO_ROOT, 'build/scanner.wasm'));
  const leakProfile = JSON.parse(readFileSync(join(CORPUS, 'leaks/profile.json'), 'utf8')) as Profile;
  const captures: string[] = [];
  for (const d of ['leaks/captures', 'external/captures', 'malformed']) {
    for (const f of readdirSync(join(CORPUS, d)).sort()) {
      if (/\.(pcap|pcapng|cap)(\.gz)?$/.test(f)) captures.push(join(d, f));
    }
  }
  const big = await loadScannerWasm(wasmBytes);
  // Small windows put many literals and runs across window edges.
  const small = await loadScannerWasm(wasmBytes, { ...DEFAULT_SIZES, inputBytes: 4096 });
  const configs: [string, Profile | undefined, typeof big][] = [
    ['pattern', undefined, big], ['leaks', leakProfile, big], ['bench', PROFILE, big], ['bench-4k', PROFILE, small],
  ];
  for (const c of captures) {
    const inputs: ScanInput[] = await corpusInputs(wasmBytes, [join(CORPUS, c)]);
    for (const [name, profile, wasm] of configs) {
      const s = new LeakScanner(wasm, profile);
      for (const i of inputs) s.scan(i);
      console.log(JSON.stringify({ config: name, capture: c, findings: s.findings() }));
    }
  }
}

void main();
