/**
 * The scan pool over the scanner bench's payload (payload.ts: the corpus' real scan inputs tiled
 * to 256 MiB, default rules + the 10-identifier profile): MB/s with 1 scan worker and with 2,
 * each worker a Node thread running the same Comlink API and LeakScanner as the browser's scan
 * workers. This thread only packs inputs into transferred batches and merges findings, as the
 * engine thread does. Runs 1, 2, 1, 2, … workers (BENCH_POOL_ROUNDS rounds, default 5) and keeps
 * the best of each. Prints a table, then one JSON line (the last) for run.ts.
 * Run through npm run bench (BENCH_ONLY=pool): it runs as a bundle, without tsx's loader threads.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScanPool } from '../../src/cli/scanPool';
import type { ScanInput } from '../../src/core/extract/types';
import { PROFILE, corpusInputs, tile } from './payload';

// tests/bench/ or, bundled, build/bench/: two levels below the root either way.
const HERE = dirname(fileURLToPath(import.meta.url));
const TOTAL = Number(process.argv[2] ?? 256) << 20;

async function run(workers: number, module: WebAssembly.Module, corpus: ScanInput[], inputs: ScanInput[]) {
  const pool = startScanPool(workers);
  try {
    // Untimed warm-up, the corpus twice through the pool: every worker's JIT has to meet the
    // few large JSON bodies that take most of the time (two 5 MB bodies: 55 % of a corpus pass).
    const warm = pool.open(module, PROFILE);
    for (let r = 0; r < 2; r++) {
      for (const i of corpus) {
        warm.scan(i);
        await warm.backlog();
      }
    }
    await warm.settle();
    warm.close();
    const t = performance.now();
    const scanner = pool.open(module, PROFILE);
    for (const i of inputs) {
      scanner.scan(i);
      await scanner.backlog();
    }
    await scanner.settle();
    const ms = performance.now() - t;
    scanner.close();
    return { ms, findings: scanner.count };
  } finally {
    pool.terminate();
  }
}

async function main(): Promise<void> {
  const wasmBytes = readFileSync(join(HERE, '../../build/scanner.wasm'));
  const module = new WebAssembly.Module(wasmBytes);
  const corpus = await corpusInputs(wasmBytes);
  const inputs = tile(corpus, TOTAL);
  const bytes = inputs.reduce((n, i) => n + i.bytes.length, 0);
  // Alternating, best of ROUNDS each: on the bench VM the same run swings between two speeds
  // (~1.6x apart, whichever way the host schedules it), so a ratio of single runs is luck.
  const rounds = Number(process.env.BENCH_POOL_ROUNDS ?? 5);
  const runs: { n: number; ms: number; findings: number }[] = [];
  for (let k = 0; k < rounds; k++) {
    for (const n of [1, 2]) {
      const r = await run(n, module, corpus, inputs);
      runs.push({ n, ...r });
      console.log(`  round ${k + 1}: ${n} worker(s) ${(bytes / 1e6 / (r.ms / 1000)).toFixed(1)} MB/s`);
    }
  }
  const best = (n: number) => runs.filter((r) => r.n === n).reduce((a, b) => (b.ms < a.ms ? b : a));
  const one = best(1);
  const two = best(2);
  const r = { mib: bytes / 2 ** 20, one: bytes / 1e6 / (one.ms / 1000), two: bytes / 1e6 / (two.ms / 1000), findings: [one.findings, two.findings] };
  console.log(`scan pool over ${r.mib.toFixed(0)} MiB: 1 worker ${r.one.toFixed(1)} MB/s, 2 workers ${r.two.toFixed(1)} MB/s (${(r.two / r.one).toFixed(2)}x); findings ${one.findings} / ${two.findings}`);
  console.log(JSON.stringify(r));
}

void main();
