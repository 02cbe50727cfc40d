/**
 * npm run bench: speed and memory, measured (never asserted in tests).
 * 1. Engine end to end over a generated capture of >= 1 GiB: MB/s and peak memory.
 * Further sections are appended by the scanner work (docs/benchmarks.md keeps the table).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeBigCapture } from './bigCapture';
import { fileURLToPath as toPath } from 'node:url';
const here = toPath(new URL('.', import.meta.url));

const root = resolve(here, '../..');
const LEAKS = resolve(root, '../shared/corpus/leaks');
const wasm = join(root, 'build/scanner.wasm');
const tsx = join(root, 'node_modules/.bin/tsx');
const sizeGB = Number(process.env.BENCH_GB ?? '1.05');

function engineOn(path: string, withScanner: boolean, profile?: string) {
  const args = [join(here, 'engineBig.ts'), path, withScanner && existsSync(wasm) ? wasm : '-'];
  if (profile) args.push(profile);
  const out = execFileSync(tsx, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; bytes: number; frames: number; flows: number; findings: number; peakRssMB: number };
}

const dir = join(tmpdir(), 'leakscope-bench');
mkdirSync(dir, { recursive: true });
const big = join(dir, 'big.pcap');
console.log(`generating ${sizeGB} GB capture from 15-mixed.pcap …`);
const gen = writeBigCapture(join(LEAKS, 'captures/15-mixed.pcap'), big, sizeGB * 2 ** 30);
console.log(`wrote ${(gen.bytes / 2 ** 20).toFixed(0)} MiB, ${gen.records} records`);

const rows: string[] = ['| run | MiB | seconds | MiB/s | frames | flows | findings | peak RSS MiB |', '|---|---|---|---|---|---|---|---|'];
for (const [label, scanner, profile] of [
  ['engine, no scanner', false, undefined],
  ['engine + scanner + profile', true, join(LEAKS, 'profile.json')],
] as const) {
  const r = engineOn(big, scanner, profile);
  const mib = r.bytes / 2 ** 20;
  rows.push(`| ${label} | ${mib.toFixed(0)} | ${r.seconds.toFixed(1)} | ${(mib / r.seconds).toFixed(1)} | ${r.frames} | ${r.flows} | ${r.findings} | ${r.peakRssMB.toFixed(0)} |`);
  console.log(rows[rows.length - 1]);
}
rmSync(big);
console.log('\n' + rows.join('\n'));
