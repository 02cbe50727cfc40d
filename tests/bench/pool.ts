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
import { join } from 'node:path';
import { startScanPool } from '../../src/cli/scanPool';
import type { ScanInput } from '../../src/core/extract/types';
import type { PooledScanner } from '../../src/core/scan/pool';
import { PROFILE, corpusInputs, tile } from './payload';
import { REPO_ROOT } from '../corpus';

const TOTAL = Number(process.argv[2] ?? 256) << 20;

/** Hands the inputs over as the engine does (engine.ts): backlog() awaited once per read chunk (1 MiB), not per input. */
async function feed(scanner: PooledScanner, inputs: ScanInput[]): Promise<void> {
  let chunk = 0;
  for (const i of inputs) {
    scanner.scan(i);
    if ((chunk += i.bytes.length) >= 1 << 20) {
      chunk = 0;
      await scanner.backlog();
    }
  }
}

async function run(workers: number, module: WebAssembly.Module, corpus: ScanInput[], inputs: ScanInput[]) {
  const pool = startScanPool(workers);
  try {
    // Untimed warm-up, the corpus twice per worker through the pool (the pool spreads it, so each
    // worker meets about two passes' worth): every worker's JIT has to meet the few large JSON
    // bodies that take most of the time (two 5 MB bodies: 55 % of a corpus pass).
    const warm = pool.open(module, PROFILE);
    for (let r = 0; r < 2 * workers; r++) await feed(warm, corpus);
    await warm.settle();
    warm.close();
    const t = performance.now();
    const scanner = pool.open(module, PROFILE);
    await feed(scanner, inputs);
    await scanner.settle();
    const ms = performance.now() - t;
    scanner.close();
    return { ms, findings: scanner.count };
  } finally {
    pool.terminate();
  }
}

async function main(): Promise<void> {
  const wasmBytes = readFileSync(join(REPO_ROOT, 'build/scanner.wasm'));
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
  const median = (n: number) => {
    const ms = runs.filter((r) => r.n === n).map((r) => r.ms).sort((a, b) => a - b);
    return ms.length % 2 ? ms[ms.length >> 1] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  };
  const one = best(1);
  const two = best(2);
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  // Each round's two runs are adjacent in time, so their ratio shares the machine's state of the
  // moment: the median of those is the steadiest of the three figures on this VM.
  const pairRatios = Array.from({ length: rounds }, (_, k) => runs[2 * k].ms / runs[2 * k + 1].ms).sort((a, b) => a - b);
  const pairMedian = rounds % 2 ? pairRatios[rounds >> 1] : (pairRatios[rounds / 2 - 1] + pairRatios[rounds / 2]) / 2;
  const r = {
    mib: bytes / 2 ** 20, rounds, one: mbps(one.ms), two: mbps(two.ms), oneMedian: mbps(median(1)), twoMedian: mbps(median(2)),
    pairRatios, pairMedian, findings: [one.findings, two.findings],
  };
  console.log(`scan pool over ${r.mib.toFixed(0)} MiB, best of ${rounds}: 1 worker ${r.one.toFixed(1)} MB/s, 2 workers ${r.two.toFixed(1)} MB/s (${(r.two / r.one).toFixed(2)}x); median: ${r.oneMedian.toFixed(1)} / ${r.twoMedian.toFixed(1)} MB/s (${(r.twoMedian / r.oneMedian).toFixed(2)}x); round by round ${pairRatios.map((x) => x.toFixed(2)).join(', ')}x, median ${pairMedian.toFixed(2)}x; findings ${one.findings} / ${two.findings}`);
  console.log(JSON.stringify(r));
}

void main();
