/**
 * LeakScanner.scan end to end against ripgrep's literal search on the same bytes, alternating
 * in one sitting (the machine is shared: only same-run ratios mean something). The bytes are
 * the scanner bench's (payload.ts: the corpus' scan inputs tiled to the size); ripgrep gets them
 * as one file and every literal of the matcher as a pattern file (`rg -F -a --count-matches -f`,
 * page-cached, one thread: ripgrep searches one file on one thread).
 * Also prints a digest of the findings, so a change can be checked to find the same.
 * Run: npm run build:wasm && npx tsx tests/bench/scanE2e.ts [MiB] [rounds] [out-prefix]
 * (files go to <out-prefix>-payload.bin / -literals.txt, default /tmp/leakscope-bench).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LeakScanner, loadScannerWasm } from '../../src/core/scan';
import { matcherLiterals } from '../../src/core/scan/scanner';
import { PROFILE, concat, corpusInputs, tile } from './payload';
import { REPO_ROOT } from '../corpus';

const MIB = Number(process.argv[2] ?? 64);
const ROUNDS = Number(process.argv[3] ?? 3);
const PREFIX = process.argv[4] ?? '/tmp/leakscope-bench';

async function main(): Promise<void> {
  const wasmBytes = readFileSync(join(REPO_ROOT, 'build/scanner.wasm'));
  const corpus = await corpusInputs(wasmBytes);
  const inputs = tile(corpus, MIB << 20);
  const data = concat(inputs);
  const n = data.length;
  const payload = `${PREFIX}-payload.bin`;
  const patterns = `${PREFIX}-literals.txt`;
  writeFileSync(payload, data);
  // One pattern a line; none of the literals holds a line break.
  const lits = matcherLiterals(PROFILE).map((l) => Buffer.from(l.bytes));
  writeFileSync(patterns, Buffer.concat(lits.flatMap((l) => [l, Buffer.from('\n')])));

  const wasm = await loadScannerWasm(wasmBytes);
  const warm = new LeakScanner(wasm, PROFILE);
  for (const i of corpus) warm.scan(i); // JIT warm-up, untimed
  const rg = () => execFileSync('rg', ['-F', '-a', '--count-matches', '-f', patterns, payload], { encoding: 'utf8' });
  rg(); // page cache

  const scanMs: number[] = [];
  const scanCpuMs: number[] = [];
  const rgMs: number[] = [];
  let digest = '';
  let count = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const s = new LeakScanner(wasm, PROFILE);
    let t = performance.now();
    const cpu = process.cpuUsage();
    for (const i of inputs) s.scan(i);
    scanMs.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    scanCpuMs.push((used.user + used.system) / 1000);
    const f = s.findings();
    count = f.length;
    digest = createHash('sha256').update(JSON.stringify([f, s.digestTokens().list(), s.placeholders(), s.layerCuts()])).digest('hex').slice(0, 16);
    t = performance.now();
    rg();
    rgMs.push(performance.now() - t);
  }
  const mbps = (ms: number) => n / 1e3 / ms;
  const best = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const r = {
    mib: n / 2 ** 20, inputs: inputs.length, literals: lits.length, findings: count, digest,
    scan: mbps(best(scanMs)), scanMedian: mbps(median(scanMs)), scanCpu: mbps(best(scanCpuMs)), rg: mbps(best(rgMs)), rgMedian: mbps(median(rgMs)),
    pairs: scanMs.map((m, i) => rgMs[i] / m),
  };
  console.log(`payload ${r.mib.toFixed(0)} MiB, ${r.inputs} inputs, ${r.literals} literals, ${r.findings} findings (digest ${digest})`);
  console.log(`LeakScanner.scan end to end  best ${r.scan.toFixed(1)} MB/s  median ${r.scanMedian.toFixed(1)} MB/s  (CPU time: ${r.scanCpu.toFixed(1)} MB/s)`);
  console.log(`rg -F -a --count-matches -f  best ${r.rg.toFixed(1)} MB/s  median ${r.rgMedian.toFixed(1)} MB/s`);
  console.log(`scanner / rg by round: ${r.pairs.map((x) => x.toFixed(2)).join(', ')}; best/best ${(r.scan / r.rg).toFixed(2)}`);
  console.log(JSON.stringify(r));
}

void main();
