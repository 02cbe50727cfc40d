/**
 * CPU profile of LeakScanner.scan alone on the bench bytes (corpus loading not profiled):
 * self time per function, top 40. Run bundled like the CLI:
 * npx esbuild tests/bench/scanProfile.ts --bundle --platform=node --format=esm --packages=external --outfile=build/bench/scanProfile.mjs && node build/bench/scanProfile.mjs [MiB] [rounds]
 */
import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LeakScanner, loadScannerWasm } from '../../src/core/scan';
import { PROFILE, corpusInputs, tile } from './payload';
import { REPO_ROOT } from '../corpus';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; positionTicks?: { line: number; ticks: number }[] }

async function main(): Promise<void> {
  const wasmBytes = readFileSync(join(REPO_ROOT, 'build/scanner.wasm'));
  const corpus = await corpusInputs(wasmBytes);
  const inputs = tile(corpus, Number(process.argv[2] ?? 64) << 20);
  const wasm = await loadScannerWasm(wasmBytes);
  const warm = new LeakScanner(wasm, PROFILE);
  for (const i of corpus) warm.scan(i);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  for (let r = 0; r < Number(process.argv[3] ?? 2); r++) {
    const s = new LeakScanner(wasm, PROFILE);
    for (const i of inputs) s.scan(i);
  }
  const { profile } = await session.post('Profiler.stop') as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + profile.timeDeltas[i]);
    total += profile.timeDeltas[i];
  });
  const lines = new Map<string, number>();
  for (const n of profile.nodes) for (const p of n.positionTicks ?? []) { const k = `${n.callFrame.functionName}:${p.line}`; lines.set(k, (lines.get(k) ?? 0) + p.ticks); }
  if (process.env.LINES) for (const [k, t] of [...lines].sort((x, y) => y[1] - x[1]).slice(0, Number(process.env.LINES))) console.log(String(t).padStart(6), k);
  for (const [k, t] of [...self].sort((x, y) => y[1] - x[1]).slice(0, 40)) console.log((100 * t / total).toFixed(1).padStart(5), k);
}

void main();
