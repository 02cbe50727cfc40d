import { readFileSync } from 'node:fs';
import { corpusInputs, concat, tile } from '../payload';
import { LeakScanner, loadScannerWasm } from '../../../src/core/scan';
import { PROFILE } from '../scanner';
const wb = readFileSync(process.argv[2] ?? 'build/scanner.wasm');
const data = concat(tile(await corpusInputs(readFileSync('build/scanner.wasm')), 32 << 20));
const wasm = await loadScannerWasm(wb);
new LeakScanner(wasm, process.env.NOPROF ? undefined : PROFILE);
const C = 1 << 20;
const modes = (process.env.MODES ?? '0,1,2,3,9').split(',').map(Number);
const best = new Map<number, number>(modes.map((m) => [m, 0]));
for (let o = 0; o < data.length; o += C) {
  const c = data.subarray(o, o + C); wasm.load(c);
  for (const m of modes) {
    let b = Infinity;
    for (let r = 0; r < 5; r++) { const t = performance.now(); if (m === 9) wasm.copyBaseline(c.length); else wasm.scanLoaded(c.length, m); b = Math.min(b, performance.now() - t); }
    best.set(m, best.get(m)! + b);
  }
}
for (const m of modes) console.log(m === 9 ? 'copy' : 'mode ' + m, (data.length / 1e6 / (best.get(m)! / 1000)).toFixed(0), 'MB/s');
