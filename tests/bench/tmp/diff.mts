// Differential: old scanner (HEAD) vs new on every corpus input, with and without a profile.
import { readFileSync } from 'node:fs';
import { corpusInputs } from '../payload';
import * as NEW from '../../../src/core/scan';
import * as OLD from './old/scan/index';
const newWasm = readFileSync('build/scanner.wasm');
const oldWasm = readFileSync('/tmp/ls/oldbuild/scanner.wasm');
const inputs = await corpusInputs(newWasm);
const profile = JSON.parse(readFileSync('../shared/corpus/leaks/profile.json', 'utf8'));
const key = (f: any) => [f.type, f.value, f.encoding, f.flow, f.protocol, f.direction, f.frames.join(',')].join('|');
for (const prof of [profile, undefined]) {
  const sets: Set<string>[] = [];
  const times: number[] = [];
  for (const [mod, wb] of [[OLD, oldWasm], [NEW, newWasm]] as const) {
    const w = await (mod as any).loadScannerWasm(wb);
    // one scanner per "capture" would be closer, but one for all is fine for a set comparison
    const s = new (mod as any).LeakScanner(w, prof);
    const t = performance.now();
    for (const i of inputs) s.scan(i);
    times.push(performance.now() - t);
    sets.push(new Set(s.findings().map(key)));
  }
  const [o, n] = sets;
  const lost = [...o].filter((k) => !n.has(k)), gained = [...n].filter((k) => !o.has(k));
  console.log(prof ? 'profile' : 'pattern', 'old', o.size, 'new', n.size, 'lost', lost.length, 'gained', gained.length, 'ms', times.map((x) => x.toFixed(0)));
  for (const k of lost.slice(0, 20)) console.log('  LOST', k);
  for (const k of gained.slice(0, 20)) console.log('  GAINED', k);
}
