/**
 * Where the time goes per packet (issue 16): the CLI bundle itself (`npm run build:cli`) on one
 * capture, `node --cpu-prof build/cli/scan.mjs --jobs 1 --force --out TMP CAPTURE` (scanning
 * inline, on the one thread profiled), then the profile's self time added up by source folder
 * (core/decode, flow, extract, scan, protocols, …; node internals, GC, wasm) as ns per packet
 * and % per stage.
 *
 * Samples name the bundle (build/cli/scan.main.cjs), not the .ts files: esbuild's unminified
 * bundle starts each module's code with a `// src/core/decode/tcp.ts` line, so a sample's line
 * number finds its module. A builtin (TypedArray.set, JSON.stringify, …) counts for the stage of
 * the JS function that called it. Run under tsx instead, a quarter of the samples were tsx's
 * loader compiling modules.
 * Run: npx tsx tests/bench/profileStages.ts CAPTURE   (the lab capture: LAB_KEEP=1 npx tsx tests/bench/labRun.ts)
 * Prints a markdown table, then one JSON line (the last).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT as root } from '../corpus';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** The stage of a module path as esbuild names it ("src/core/decode/tcp.ts", "node_modules/fflate/esm/index.mjs"). */
export function stageOfModule(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return `node_modules/${path.slice(nm + 13).split('/')[0].replace(/^(@[^/]+)$/, (s) => `${s}/${path.slice(nm + 13).split('/')[1]}`)}`;
  const parts = path.split('/');
  if (parts[0] === 'src' && parts[1] === 'core') return parts.length > 3 ? `core/${parts[2]}` : `core/${parts[2]}`;
  return parts.slice(0, 2).join('/');
}

/** For each line of a bundle, the module whose code it is (from esbuild's `// path` lines). */
function moduleLines(bundle: string): string[] {
  const lines = readFileSync(bundle, 'utf8').split('\n');
  const out: string[] = [];
  let cur = '(bundle prelude)';
  for (const l of lines) {
    const m = /^\/\/ ((?:src|node_modules|scripts|\.\.)\/\S+\.(?:ts|js|mjs|cjs|json))$/.exec(l);
    if (m) cur = stageOfModule(m[1]);
    out.push(cur);
  }
  return out;
}

/** Self time (µs) per stage over the profiles in `dir`, idle left out. */
export function selfTimeByStage(dir: string, bundles: Map<string, string[]>): Map<string, number> {
  const by = new Map<string, number>();
  const stageOf = (cf: ProfileNode['callFrame']): string => {
    if (!cf.url) return cf.functionName === '(garbage collector)' ? 'GC' : /^\((idle|program|root)\)$/.test(cf.functionName) ? cf.functionName : 'native';
    if (cf.url.startsWith('wasm://')) return 'scan (wasm)';
    if (cf.url.startsWith('node:')) return 'node internals';
    for (const [file, lines] of bundles) if (cf.url.endsWith(file)) return lines[cf.lineNumber] ?? 'other';
    return 'other';
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const stage = new Map<number, string>();
    const stageFor = (id: number): string => {
      const known = stage.get(id);
      if (known) return known;
      let s = stageOf(byId.get(id)!.callFrame);
      if (s === 'native' && parent.has(id)) {
        const up = stageFor(parent.get(id)!);
        if (up !== '(root)') s = up;
      }
      stage.set(id, s);
      return s;
    };
    for (let i = 0; i < p.samples.length; i++) {
      const s = stageFor(p.samples[i]);
      if (s !== '(idle)') by.set(s, (by.get(s) ?? 0) + (p.timeDeltas[i] ?? 0));
    }
  }
  return by;
}

function main(): void {
  const capture = process.argv[2];
  if (!capture) throw new Error('usage: npx tsx tests/bench/profileStages.ts CAPTURE');
  execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
  const cli = join(root, 'build/cli');
  const profDir = mkdtempSync(join(tmpdir(), 'leakscope-prof-'));
  const outDir = mkdtempSync(join(tmpdir(), 'leakscope-prof-out-'));
  try {
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, join(cli, 'scan.mjs'), '--jobs', '1', '--force', '--out', outDir, capture], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const report = JSON.parse(readFileSync(join(outDir, readdirSync(outDir).find((n) => n.endsWith('.json'))!), 'utf8')) as { capture: { frames: number } };
    const packets = report.capture.frames;
    const bundles = new Map(readdirSync(cli).filter((n) => n.endsWith('.main.cjs')).map((n) => [`/${n}`, moduleLines(join(cli, n))]));
    const by = selfTimeByStage(profDir, bundles);
    const total = [...by.values()].reduce((a, b) => a + b, 0);
    const rows = [...by.entries()].sort((a, b) => b[1] - a[1]);
    console.log(`| stage (self time) | ns / packet | % |\n|---|---|---|`);
    for (const [s, us] of rows) console.log(`| ${s} | ${((us * 1000) / packets).toFixed(0)} | ${((us / total) * 100).toFixed(1)} |`);
    console.log(`| all (${packets} packets, ${(total / 1e6).toFixed(2)} s sampled) | ${((total * 1000) / packets).toFixed(0)} | 100 |`);
    console.log(JSON.stringify({ packets, totalUs: total, stages: Object.fromEntries(rows) }));
  } finally {
    rmSync(profDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

main();
