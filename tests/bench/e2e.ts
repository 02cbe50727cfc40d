/**
 * End-to-end LeakScanner.scan only (for profiling: node --cpu-prof), over the corpus inputs
 * tiled to the size. Run: npx tsx tests/bench/e2e.ts [MiB] [repeats]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LeakScanner, loadScannerWasm } from '../../src/core/scan';
import { PROFILE, concat, corpusInputs, tile } from './payload';
import { REPO_ROOT } from '../corpus';

async function main(): Promise<void> {
  const wasmBytes = readFileSync(join(REPO_ROOT, 'build/scanner.wasm'));
  const corpus = await corpusInputs(wasmBytes);
  const inputs = tile(corpus, Number(process.argv[2] ?? 64) << 20);
  const n = concat(inputs).length;
  const wasm = await loadScannerWasm(wasmBytes);
  const warm = new LeakScanner(wasm, PROFILE);
  for (const i of corpus) warm.scan(i);
  // Wall time and CPU time (the machine is shared: CPU time swings less under preemption).
  let best = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < Number(process.argv[3] ?? 3); r++) {
    const s = new LeakScanner(wasm, PROFILE);
    const t = performance.now();
    const c = process.cpuUsage();
    for (const i of inputs) s.scan(i);
    const u = process.cpuUsage(c);
    best = Math.min(best, performance.now() - t);
    bestCpu = Math.min(bestCpu, (u.user + u.system) / 1000);
  }
  console.log(`LeakScanner.scan end to end ${(n / 1e3 / best).toFixed(1)} MB/s wall, ${(n / 1e3 / bestCpu).toFixed(1)} MB/s cpu (best of runs)`);
}

void main();
