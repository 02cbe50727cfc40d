/**
 * Same-process A/B of scanner.wasm builds on the corpus bytes (the machine is shared: separate
 * processes swing more than most changes). Each 4 MiB chunk is timed for every build in turn,
 * best of N: memory.copy, literals (mode 1), runs (mode 2), core (mode 3).
 * Run: npx tsx tests/bench/wasmAB.ts old.wasm new.wasm [N]
 */
import { readFileSync } from 'node:fs';
import { LeakScanner, loadScannerWasm } from '../../src/core/scan';
import { PROFILE, concat, corpusInputs } from './payload';

const OPS = ['copy', 'lits', 'runs', 'core'] as const;

async function main(): Promise<void> {
  const files = process.argv.slice(2).filter((a) => a.endsWith('.wasm'));
  const reps = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
  const data = concat(await corpusInputs(readFileSync(files[0])));
  const ws = await Promise.all(files.map(async (f) => {
    const w = await loadScannerWasm(readFileSync(f));
    new LeakScanner(w, PROFILE); // loads the bench literals
    return w;
  }));
  const CH = 4 << 20;
  const best = ws.map(() => new Map<string, number>());
  for (let pass = 0; pass < 2; pass++) { // pass 0 warms the JIT tiers up
    for (let o = 0; o < data.length; o += CH) {
      const c = data.subarray(o, Math.min(data.length, o + CH));
      for (let r = 0; r < reps; r++) {
        ws.forEach((w, k) => {
          w.load(c);
          OPS.forEach((op, m) => {
            const t = performance.now();
            if (m === 0) w.copyBaseline(c.length);
            else w.scanLoaded(c.length, m);
            const d = performance.now() - t;
            const key = `${o}:${op}`;
            if (pass) best[k].set(key, Math.min(best[k].get(key) ?? Infinity, d));
          });
        });
      }
    }
  }
  files.forEach((f, k) => {
    const ms = (op: string) => [...best[k]].filter(([key]) => key.endsWith(':' + op)).reduce((s, [, v]) => s + v, 0);
    console.log(f.padEnd(40), OPS.map((op) => `${op} ${(data.length / 1e3 / ms(op)).toFixed(0)}`).join('  '), 'MB/s');
  });
}

void main();
