/**
 * npm run bench: speed and memory, measured (never asserted in tests).
 * 1. Engine end to end over a generated capture of >= 1 GiB: MB/s and peak memory.
 * 2. Scanner over 256 MiB of payload-like bytes (tests/bench/scanner.ts) beside wasm memory.copy.
 * 3. The scan pool with 1 and 2 workers (tests/bench/pool.ts).
 * 4. CLI end to end on the largest leak capture beside tshark, and --jobs 2 against --jobs 1
 *    (tests/bench/cli.ts).
 * 5. Browser: the built app in chromium, time to the first finding on screen against the end of
 *    the analysis on a 200 MB capture, and chromium's peak memory (tests/bench/browser.ts).
 * 6. Many tiny flows (issue 15): tinyFlows.ts generated on the fly, N = BENCH_FLOWS (200,000),
 *    CPU and peak RSS; tshark -q -z conv,tcp on the same capture written once to /tmp (up to 2M
 *    flows; BENCH_FLOWS=10000000 runs the engine alone, the capture generated and never stored).
 * 7. Speed of one capture (issue 16): the wild corpus as one ~157 MB pcap written by our own
 *    readers (labCapture.ts), CPU seconds of the CLI beside tshark -T fields and ndpiReader, and
 *    --jobs N against --jobs 1 on a batch of the wild captures (labRun.ts).
 * Sections run as child processes, one after the other; docs/benchmarks.md keeps the table.
 * BENCH_ONLY=engine,scanner,pool,cli,browser,flows,lab picks sections; BENCH_GB, BENCH_SCANNER_MB,
 * BENCH_BROWSER_MB, BENCH_FLOWS and BENCH_LAB_MB change sizes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBigCapture } from './bigCapture';
import { NODE_ALIASES } from '../../scripts/nodeAliases';
import { LEAKS, REPO_ROOT as root } from '../corpus';

const here = join(root, 'tests/bench');
const wasm = join(root, 'build/scanner.wasm');
const tsx = join(root, 'node_modules/.bin/tsx');

/**
 * Bench children that start scan workers run as esbuild bundles under plain node, as
 * `npm run scan` does: under tsx every worker thread gets its own loader thread as well.
 * Bundles tests/bench/NAME.ts with the scan worker into build/bench/.
 */
function bundle(name: string): string {
  const dir = join(root, 'build/bench');
  execFileSync(join(root, 'node_modules/.bin/esbuild'), [
    join(here, `${name}.ts`), join(root, 'src/cli/scanWorker.ts'), '--bundle', '--platform=node', '--format=esm', '--target=node20',
    `--outdir=${dir}`, '--entry-names=[name]', '--out-extension:.js=.mjs', '--main-fields=module,main', ...Object.entries(NODE_ALIASES).map(([from, to]) => `--alias:${from}=${to}`), '--log-level=warning',
    "--banner:js=import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  ], { cwd: root });
  return join(dir, `${name}.mjs`);
}
const engineBundle = () => bundle('engineBig');
const sizeGB = Number(process.env.BENCH_GB ?? '1.05');

function engineOn(path: string, withScanner: boolean, profile?: string, scanWorkers = 0) {
  const args = [engineBundle(), path, withScanner && existsSync(wasm) ? wasm : '-', profile ?? '-', String(scanWorkers)];
  // Plain node on a bundle, as `npm run scan` runs: tsx's loader alone adds ~50 MiB of RSS.
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; bytes: number; frames: number; flows: number; findings: number; peakRssMB: number };
}

const only = new Set((process.env.BENCH_ONLY ?? 'engine,scanner,pool,cli,browser,flows,lab').split(','));
const summary: string[] = [];

function child(script: string, args: string[] = []): Record<string, unknown> {
  const out = execFileSync(tsx, [join(here, script), ...args], { encoding: 'utf8', maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  for (const l of lines.slice(0, -1)) console.log(l);
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

if (only.has('engine')) {
  const dir = join(tmpdir(), 'leakscope-bench');
  mkdirSync(dir, { recursive: true });
  const big = join(dir, 'big.pcap');
  console.log(`generating ${sizeGB} GB capture from 15-mixed.pcap …`);
  const gen = writeBigCapture(join(LEAKS, 'captures/15-mixed.pcap'), big, sizeGB * 2 ** 30);
  console.log(`wrote ${(gen.bytes / 2 ** 20).toFixed(0)} MiB, ${gen.records} records`);

  const rows: string[] = ['| run | MiB | seconds | MiB/s | frames | flows | findings | peak RSS MiB |', '|---|---|---|---|---|---|---|---|'];
  for (const [label, scanner, profile, workers] of [
    ['engine, no scanner', false, undefined, 0],
    ['engine + scanner inline + profile (--jobs 1)', true, join(LEAKS, 'profile.json'), 0],
    ['engine + 1 scan worker + profile (--jobs 2)', true, join(LEAKS, 'profile.json'), 1],
  ] as const) {
    const r = engineOn(big, scanner, profile, workers);
    const mib = r.bytes / 2 ** 20;
    rows.push(`| ${label} | ${mib.toFixed(0)} | ${r.seconds.toFixed(1)} | ${(mib / r.seconds).toFixed(1)} | ${r.frames} | ${r.flows} | ${r.findings} | ${r.peakRssMB.toFixed(0)} |`);
    console.log(rows[rows.length - 1]);
  }
  rmSync(big);
  summary.push(rows.join('\n'));
}

if (only.has('scanner')) {
  console.log('\nscanner: 256 MiB of payload-like bytes, default rules + 10-identifier profile …');
  const r = child('scanner.ts', [process.env.BENCH_SCANNER_MB ?? '256']) as Record<string, number> & { rg: { mbps: number; literals: number; left: number } | null };
  const rg = (x: number) => (r.rg ? (x / r.rg.mbps).toFixed(2) : '—');
  summary.push([
    '| scanner (same process, same bytes) | MB/s | vs memory.copy | vs ripgrep |',
    '|---|---|---|---|',
    `| wasm memory.copy | ${r.copy.toFixed(0)} | 1 | |`,
    `| floor: read-only pass (assembly/floor.ts) | ${r.read.toFixed(0)} | ${(r.read / r.copy).toFixed(3)} | |`,
    `| floor: byte classes (2 swizzles per 16 bytes) | ${r.classes.toFixed(0)} | ${(r.classes / r.copy).toFixed(3)} | |`,
    `| floor: byte classes + Teddy tables (8 swizzles per 16 bytes) | ${r.teddy.toFixed(0)} | ${(r.teddy / r.copy).toFixed(3)} | |`,
    r.rg ? `| ripgrep: rg -F -a --count-matches, ${r.rg.literals} literals (${r.rg.left} not expressible as lines), same bytes from /tmp | ${r.rg.mbps.toFixed(0)} | ${(r.rg.mbps / r.copy).toFixed(3)} | 1 |` : '| ripgrep | skipped: rg not installed | | |',
    `| wasm literal pass | ${r.lits.toFixed(0)} | ${(r.lits / r.copy).toFixed(3)} | ${rg(r.lits)} |`,
    `| wasm core: literals + candidate runs | ${r.core.toFixed(0)} | ${(r.core / r.copy).toFixed(3)} | ${rg(r.core)} |`,
    `| LeakScanner.scan end to end (copy in, wasm, JS validation, nested decoding) | ${r.scan.toFixed(1)} | ${(r.scan / r.copy).toFixed(4)} | ${rg(r.scan)} (goal >= 1) |`,
  ].join('\n'));
}

if (only.has('pool')) {
  console.log('\nscan pool: the same payload through 1 and 2 scan workers …');
  const out = execFileSync(process.execPath, [bundle('pool'), process.env.BENCH_SCANNER_MB ?? '256'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = out.trim().split('\n');
  for (const l of lines.slice(0, -1)) console.log(l);
  const r = JSON.parse(lines[lines.length - 1]) as { mib: number; rounds: number; one: number; two: number; oneMedian: number; twoMedian: number; pairRatios: number[]; pairMedian: number };
  summary.push([
    `| scan pool (${r.mib.toFixed(0)} MiB, scan workers on Node threads, ${r.rounds} alternating rounds) | best MB/s | ratio | median MB/s | ratio |`,
    '|---|---|---|---|---|',
    `| 1 worker | ${r.one.toFixed(1)} | 1 | ${r.oneMedian.toFixed(1)} | 1 |`,
    `| 2 workers | ${r.two.toFixed(1)} | ${(r.two / r.one).toFixed(2)} | ${r.twoMedian.toFixed(1)} | ${(r.twoMedian / r.oneMedian).toFixed(2)} |`,
    '',
    `2 workers / 1 worker round by round (adjacent runs): ${r.pairRatios.map((x) => x.toFixed(2)).join(', ')}; median **${r.pairMedian.toFixed(2)}x**`,
  ].join('\n'));
}

if (only.has('cli')) {
  console.log('\nCLI: largest leak capture vs tshark; --jobs 2 vs --jobs 1 …');
  const r = child('cli.ts') as { capture: string; sizeMB: number; cli: number; cliMedian: number; tshark: number | null; tsharkLits: number | null; literals: number; values: number; batch: number; batchMB: number; jobs1: number; jobs2: number };
  summary.push([
    '| CLI end to end | seconds | ratio |',
    '|---|---|---|',
    `| npm run scan -- --profile … ${r.capture} (${r.sizeMB.toFixed(1)} MB), best of 5 (median) | ${r.cli.toFixed(2)} (${r.cliMedian.toFixed(2)}) | |`,
    ...(r.tshark === null || r.tsharkLits === null
      ? ['| tshark -Y \'frame contains …\' | skipped: tshark not installed | |']
      : [
        `| tshark -Y 'frame contains …' x ${r.literals} literals (every literal the scanner's matcher holds) | ${r.tsharkLits.toFixed(2)} | tshark / CLI = ${(r.tsharkLits / r.cli).toFixed(1)} |`,
        `| tshark -Y 'frame contains …' x ${r.values} values as typed | ${r.tshark.toFixed(2)} | tshark / CLI = ${(r.tshark / r.cli).toFixed(2)} |`,
      ]),
    `| --jobs 1, ${r.batch} captures (${r.batchMB.toFixed(1)} MB) | ${r.jobs1.toFixed(2)} | |`,
    `| --jobs 2, same batch | ${r.jobs2.toFixed(2)} | jobs1 / jobs2 = ${(r.jobs1 / r.jobs2).toFixed(2)} |`,
  ].join('\n'));
}

if (only.has('browser')) {
  const mb = Number(process.env.BENCH_BROWSER_MB ?? '200');
  console.log(`\nbrowser: the built app in chromium, a ${mb} MB capture dropped on it …`);
  const r = child('browser.ts', [String(mb)]) as { skipped?: string; firstFindingMs: number | null; firstFindingMarkMs: number | null; earlyFirstFindingMs: number | null; earlyFirstFindingMarkMs: number | null; endMs: number; peakRssMB: number; flows: number; flowsEndMs: number | null; flowsPeakRssMB: number | null };
  summary.push(r.skipped ? `| browser | skipped: ${r.skipped} |` : [
    '| browser (chromium, built app) | ms | ratio |',
    '|---|---|---|',
    `| ${mb} MB capture: first finding on screen | ${r.firstFindingMs ?? '—'} | first / end = ${r.firstFindingMs === null ? '—' : (r.firstFindingMs / r.endMs).toFixed(3)} |`,
    `| ${mb} MB capture: first finding painted (the page's mark) | ${r.firstFindingMarkMs ?? '—'} | |`,
    `| ${mb} MB capture: analysis ended | ${r.endMs} | |`,
    `| ${mb} MB capture with an IMEI in its first 2 kB: first finding on screen (page mark) | ${r.earlyFirstFindingMs ?? '—'} (${r.earlyFirstFindingMarkMs ?? '—'}) | goal 300 |`,
    `| chromium peak memory (PSS, all processes) | ${r.peakRssMB} MiB | |`,
    ...(r.flowsEndMs === null ? [] : [`| ${r.flows} tiny flows: analysis ended, saved | ${r.flowsEndMs} | chromium peak memory (PSS) ${r.flowsPeakRssMB} MiB |`]),
  ].join('\n'));
}

/** Largest tiny-flows run tshark is given (its RSS grows ~3 GB per 1M flows). */
const TSHARK_MAX_FLOWS = 2_000_000;

if (only.has('flows')) {
  const n = Number(process.env.BENCH_FLOWS ?? '200000');
  console.log(`\nflows: ${n} tiny TCP flows generated on the fly (tests/bench/tinyFlows.ts) …`);
  const runner = bundle('tinyFlowsRun');
  const run = (workers: number) => JSON.parse(execFileSync(process.execPath, [runner, String(n), wasm, String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop()!) as
    { flows: number; listed: number; folded: number; findings: number; cpuSeconds: number; seconds: number; peakRssMB: number; reportMB: number };
  const rows = ['| run | flows | listed | folded | findings | CPU s | peak RSS MiB | report MiB |', '|---|---|---|---|---|---|---|---|'];
  for (const [label, workers] of [['engine, scanner inline', 0], ['engine + 1 scan worker', 1]] as const) {
    const r = run(workers);
    rows.push(`| ${label} | ${r.flows} | ${r.listed} | ${r.folded} | ${r.findings} | ${r.cpuSeconds.toFixed(1)} | ${r.peakRssMB.toFixed(0)} | ${r.reportMB.toFixed(1)} |`);
    console.log(rows[rows.length - 1]);
  }
  // tshark holds every conversation: ~3 GB per 1M tiny flows measured, so past TSHARK_MAX_FLOWS
  // it is not run (nor the capture written: the engine rows above never store it).
  const tshark = n <= TSHARK_MAX_FLOWS ? tsharkConv(runner, n) : null;
  rows.push(tshark ? `| tshark -q -z conv,tcp (same capture, from /tmp) | ${n} | | | | ${tshark.cpu.toFixed(1)} | ${tshark.rssMB.toFixed(0)} | |` : `| tshark -q -z conv,tcp | skipped: ${n > TSHARK_MAX_FLOWS ? `more than ${TSHARK_MAX_FLOWS} flows` : 'tshark not installed'} | | | | | | |`);
  console.log(rows[rows.length - 1]);
  summary.push(rows.join('\n'));
}

if (only.has('lab')) {
  console.log('\nlab: the wild corpus as one capture; CPU seconds beside tshark and ndpiReader …');
  type T = { cpu: number; wall: number } | null;
  const r = child('labRun.ts') as { mb: number; records: number; sources: number; copies: number; ours: NonNullable<T>; tshark: T; ndpi: T; batch: number; batchMB: number; jobs: number; jobs1: number; jobsN: number };
  const ratio = (t: T, goal: string) => (t ? `ours / this = ${(r.ours.cpu / t.cpu).toFixed(2)} (goal ${goal})` : '');
  summary.push([
    `| lab capture: wild corpus, ${r.mb.toFixed(1)} MB, ${r.records} records (${r.sources} captures x ${r.copies}) | CPU s (median of 3) | ratio |`,
    '|---|---|---|',
    `| node build/cli/scan.mjs --out DIR (default rules) | ${r.ours.cpu.toFixed(2)} | |`,
    r.tshark ? `| tshark -T fields -e http.host -e tls…server_name -e http.request.uri -e dns.qry.name | ${r.tshark.cpu.toFixed(2)} | ${ratio(r.tshark, '<= 0.1')} |` : '| tshark | skipped: not installed | |',
    r.ndpi ? `| ndpiReader -q -i | ${r.ndpi.cpu.toFixed(2)} | ${ratio(r.ndpi, '<= 3')} |` : '| ndpiReader | skipped: not installed | |',
    `| --jobs 1, ${r.batch} wild captures (${r.batchMB.toFixed(1)} MB), wall s | ${r.jobs1.toFixed(2)} | |`,
    `| --jobs ${r.jobs}, same batch, wall s | ${r.jobsN.toFixed(2)} | jobs1 / jobs${r.jobs} = ${(r.jobs1 / r.jobsN).toFixed(2)} |`,
  ].join('\n'));
}

/** tshark's CPU seconds and peak RSS on the tiny-flows capture, written to /tmp once and deleted. */
function tsharkConv(runner: string, n: number): { cpu: number; rssMB: number } | null {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const path = join(tmpdir(), `leakscope-tiny-${n}.pcap`);
  execFileSync(process.execPath, [runner, String(n), '-', '0', path]);
  try {
    // /usr/bin/time -f: user+system seconds and max RSS (KiB) of tshark alone.
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', 'tshark', '-q', '-n', '-z', 'conv,tcp', '-r', path], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
    const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
    return m ? { cpu: Number(m[1]) + Number(m[2]), rssMB: Number(m[3]) / 1024 } : null;
  } finally {
    rmSync(path, { force: true });
  }
}

console.log('\n' + summary.join('\n\n'));
