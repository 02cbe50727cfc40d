import { readFileSync } from 'node:fs';
import { corpusInputs } from '/work/main/tests/bench/payload';
import { LeakScanner, loadScannerWasm } from '/work/main/src/core/scan';
import { PROFILE } from '/work/main/tests/bench/scanner';
const wb = readFileSync('/work/main/build/scanner.wasm');
const inputs = await corpusInputs(wb);
const wasm = await loadScannerWasm(wb);
for (let k = 0; k < 3; k++) {
  const s = new LeakScanner(wasm, PROFILE);
  const t = performance.now();
  for (const i of inputs) s.scan(i);
  const ms = performance.now() - t;
  console.log('pass', k, (19.6e6 / 1e6 / (ms / 1000)).toFixed(1), 'MB/s', s.count);
}
