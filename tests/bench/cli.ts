/**
 * End-to-end CLI timings (child processes, wall clock):
 *  - `npm run scan -- --profile P --out D` on the largest leak capture beside
 *    `tshark -r FILE -Y 'frame contains "l1" || frame contains "l2" ...'` for the same literals
 *    the scanner looks for (the profile's values expanded into every spelling, encoding and
 *    digest; caseless ones in both cases), and for the values as typed (tshark skipped with a
 *    note when it is not installed);
 *  - `--jobs 2` against `--jobs 1` over a batch (the leak captures, 16 times over).
 * Prints a table, then one JSON line (the last) for run.ts.
 * Run: npx tsx tests/bench/cli.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matcherLiterals } from '../../src/core/scan/scanner';
import type { Profile } from '../../src/core/report/types';
import { LEAKS, REPO_ROOT as root } from '../corpus';
import { jobsBatch } from './cpuTime';

// The bundle `npm run scan` runs (built here first), not tsx: start-up is part of what we measure.
execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
const tsx = process.execPath;
const cli = join(root, 'build/cli/scan.mjs');
const profile = join(LEAKS, 'profile.json');

/** CPU seconds (user + sys) of the last child, when /usr/bin/time is there. */
const cpu: Record<string, number> = {};
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function seconds(cmd: string, args: string[], label?: string): number {
  const t = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '@cpu %U %S', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 })
    : spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  const m = /@cpu ([\d.]+) ([\d.]+)/.exec(String(r.stderr));
  if (label && m) cpu[label] = Math.min(cpu[label] ?? Infinity, Number(m[1]) + Number(m[2]));
  return wall;
}

/** Best of n runs (shared machine). */
function best(n: number, f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) b = Math.min(b, f());
  return b;
}

function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The profile's values as the person typed them (the literals handed to tshark). */
function profileValues(): string[] {
  const p = JSON.parse(readFileSync(profile, 'utf8')) as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, v] of Object.entries(p)) {
    if (k === 'location') for (const l of v as { lat: number; lon: number }[]) out.push(String(l.lat), String(l.lon));
    else for (const s of v as string[]) out.push(s);
  }
  return out;
}

/** tshark display-filter string literal for arbitrary bytes (a string: its latin1 bytes). */
function dfString(text: string | Uint8Array): string {
  let out = '"';
  for (const b of typeof text === 'string' ? Buffer.from(text, 'latin1') : text) {
    if (b === 0x22 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b < 0x20 || b > 0x7e) out += '\\x' + b.toString(16).padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out + '"';
}

/**
 * Every literal the scanner's matcher holds for this profile (the profile's values expanded into
 * every spelling, encoding and digest, plus the key names and carrier names it always looks
 * for) as `frame contains` filters; caseless literals in lower and upper case. Split so each
 * filter stays under the kernel's 128 KiB limit for one argument (tshark then runs once per
 * filter; times are summed).
 */
function literalFilters(): { filters: string[]; literals: number } {
  const texts = new Map<string, Uint8Array>();
  const add = (b: Uint8Array) => texts.set(Buffer.from(b).toString('hex'), b);
  const upper = (b: Uint8Array) => b.map((c) => (c >= 0x61 && c <= 0x7a ? c - 0x20 : c));
  for (const l of matcherLiterals(JSON.parse(readFileSync(profile, 'utf8')) as Profile)) {
    add(l.bytes); // caseless literals are stored lower-case
    if (l.caseless) add(upper(l.bytes));
  }
  const filters: string[] = [];
  let cur: string[] = [];
  let len = 0;
  for (const t of texts.values()) {
    const clause = `frame contains ${dfString(t)}`;
    if (len + clause.length + 4 > 120_000 && cur.length) {
      filters.push(cur.join(' || '));
      cur = [];
      len = 0;
    }
    cur.push(clause);
    len += clause.length + 4;
  }
  if (cur.length) filters.push(cur.join(' || '));
  return { filters, literals: texts.size };
}

const captures = readdirSync(join(LEAKS, 'captures')).map((f) => join(LEAKS, 'captures', f));
const largest = captures.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
const out = mkdtempSync(join(tmpdir(), 'leakscope-cli-'));
const values = profileValues();

// As `npm run scan` runs by default: the engine on one thread, the scanning on the others.
// One run first, untimed: if the build changed the bundle, this run writes its code cache.
seconds(tsx, [cli, '--force', '--profile', profile, '--out', out, largest]);
const cliRuns = Array.from({ length: 5 }, () => seconds(tsx, [cli, '--force', '--profile', profile, '--out', out, largest], 'cli')).sort((a, b) => a - b);
const cliOne = cliRuns[0];
const cliMedian = cliRuns[2];
let tshark: number | null = null;
let tsharkLits: number | null = null;
const { filters, literals } = literalFilters();
if (hasTshark()) {
  const filter = values.map((v) => `frame contains ${dfString(v)}`).join(' || ');
  tshark = best(3, () => seconds('tshark', ['-r', largest, '-Y', filter], 'tshark'));
  tsharkLits = best(2, () => filters.reduce((sum, f) => sum + seconds('tshark', ['-r', largest, '-Y', f]), 0));
}
// Enough work (about 10 s on one thread) that the workers' fixed start-up (module, tables) does not dominate.
const batch = Array.from({ length: 16 }, () => captures).flat();
const batchMB = batch.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
// --force: the batch repeats captures, and a rerun with the same --out would skip current reports.
const { jobs1, jobsN: jobs2 } = jobsBatch(tsx, cli, out, batch, 2, ['--force', '--profile', profile]);
rmSync(out, { recursive: true, force: true });

const name = largest.split('/').pop()!;
const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
console.log(`load average ${load}; CPU seconds (user+sys): ${JSON.stringify(cpu)}`);
const sizeMB = statSync(largest).size / 1e6;
console.log(`CLI --profile on ${name} (${sizeMB.toFixed(1)} MB): best of 5 ${cliOne.toFixed(2)} s, median ${cliMedian.toFixed(2)} s`);
console.log(tshark === null || tsharkLits === null
  ? 'tshark: not installed, rows skipped'
  : [
    `tshark -Y 'frame contains' x ${literals} literals (the scanner's, ${filters.length} run(s)) on ${name}: ${tsharkLits.toFixed(2)} s  (CLI is ${(tsharkLits / cliOne).toFixed(1)}x faster)`,
    `tshark -Y 'frame contains' x ${values.length} values as typed on ${name}: ${tshark.toFixed(2)} s  (CLI is ${(tshark / cliOne).toFixed(2)}x tshark's speed)`,
  ].join('\n'));
console.log(`batch of ${batch.length} captures (${batchMB.toFixed(1)} MB): --jobs 1 ${jobs1.toFixed(2)} s, --jobs 2 ${jobs2.toFixed(2)} s  (${(jobs1 / jobs2).toFixed(2)}x)`);
console.log(JSON.stringify({ capture: name, sizeMB, cli: cliOne, cliMedian, tshark, tsharkLits, literals, values: values.length, batch: batch.length, batchMB, jobs1, jobs2, cpu, load }));
