import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { corpusInputs } from '../payload';
import { LeakScanner, loadScannerWasm } from '../../../src/core/scan';
import { PROFILE } from '../scanner';
const wb = readFileSync('build/scanner.wasm');
const inputs = await corpusInputs(wb);
const wasm = await loadScannerWasm(wb);
{ const s = new LeakScanner(wasm, PROFILE); for (const i of inputs) s.scan(i); }
const session = new Session(); session.connect();
await session.post('Profiler.enable'); await session.post('Profiler.start');
let inb = 0; for (const i of inputs) inb += i.bytes.length;
for (let k = 0; k < 2; k++) {
  const s = new LeakScanner(wasm, PROFILE);
  const t = performance.now();
  for (const i of inputs) s.scan(i);
  console.log('pass', k, (inb / 1e6 / ((performance.now() - t) / 1000)).toFixed(1), 'MB/s', s.count);
}
const { profile } = await session.post('Profiler.stop');
mkdirSync('/tmp/ls/prof2', { recursive: true });
writeFileSync('/tmp/ls/prof2/p.cpuprofile', JSON.stringify(profile));
