import { readFileSync } from 'node:fs';
import { corpusInputs, concat, tile } from '../payload';
import { LeakScanner, loadScannerWasm } from '../../../src/core/scan';
import { PROFILE } from '../scanner';
const wb = readFileSync(process.argv[2] ?? 'build/scanner.wasm');
const data = concat(tile(await corpusInputs(readFileSync('build/scanner.wasm')), 32 << 20));
const wasm = await loadScannerWasm(wb);
new LeakScanner(wasm, process.env.NOPROF ? undefined : PROFILE);
const x = (wasm as any).x;
const C = 4 << 20;
for (const mode of (process.env.MODES ?? "0,1,2,3,9").split(",").map(Number)) {
  if (mode === 9) { let ms = 0; for (let o = 0; o < data.length; o += C) { const c = data.subarray(o, o + C); wasm.load(c); const t = process.cpuUsage(); wasm.copyBaseline(c.length); const u = process.cpuUsage(t); ms += (u.user + u.system) / 1000; } console.log('copy', (data.length / 1e6 / (ms / 1000)).toFixed(0)); continue; }
  let ms = 0, res = 0;
  for (let pass = 0; pass < 2; pass++) for (let o = 0; o < data.length; o += C) {
    const c = data.subarray(o, o + C); wasm.load(c);
    const t = process.cpuUsage(); res += wasm.scanLoaded(c.length, mode); if (pass) { const u = process.cpuUsage(t); ms += (u.user + u.system) / 1000; }
  }
  console.log('mode', mode, (data.length / 1e6 / (ms / 1000)).toFixed(0), 'MB/s', 'results', res / 2, x.teddyHits ? 'teddy ' + x.teddyHits() : '');
}
