#!/usr/bin/env node
/**
 * The `leakscope` command (package.json "bin"; `npx leakscope …` from a clone). Subcommands run
 * the bundled CLI in build/cli. It builds what it needs first, once: the scanner
 * (build/scanner.wasm) and the bundle, when they are missing or older than the sources — so a
 * fresh clone never scans without its scanner, and a second call starts at once (checking the
 * sources' times costs a few ms; `npm run scan` used to rebuild before every call, 0.92 s where
 * the bundle alone took 0.14 s on a 2 kB capture).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUBCOMMANDS = { scan: 'build/cli/scan.mjs' };
Object.assign(SUBCOMMANDS, { queue: 'build/cli/queue.mjs', worker: 'build/cli/worker.mjs' }); // the lab (BullMQ)
SUBCOMMANDS.db = 'build/cli/db.mjs';

function usage(code) {
  const text = [
    'usage: leakscope <command> [options]',
    '',
    'commands:',
    '  scan [--profile FILE] [--keylog FILE]... [--app-report FILE] [--out DIR] [--jobs N] CAPTURE...',
    '       analyse captures (pcap, pcapng, gzip, HAR, mitmproxy, App Privacy Report); `leakscope scan --help`',
    '  queue add|wait --redis URL …   enqueue captures for workers / wait until done; `leakscope queue --help`',
    '  worker --redis URL --out DIR …   analyse queued captures; `leakscope worker --help`',
    '  db build RESULTS --out lab.duckdb | db summary lab.duckdb --out DIR | db export lab.duckdb --parquet DIR',
    '       one DuckDB database across many reports; `leakscope db --help`',
  ].join('\n');
  (code ? console.error : console.log)(text);
  process.exit(code);
}

/** Newest modification time of the files under a directory (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

function run(script) {
  // npm's own script runner, so the build is exactly what `npm run <script>` does.
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', script], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Builds the scanner and the CLI bundle when missing or stale. */
function ensureBuilt() {
  const wasm = join(root, 'build/scanner.wasm');
  if (mtime(wasm) < newest(join(root, 'assembly'))) {
    console.error('leakscope: building the scanner (npm run build:wasm)…');
    run('build:wasm');
  }
  const bundle = join(root, 'build/cli/built');
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'workers')), mtime(join(root, 'scripts/build-cli.ts')), mtime(join(root, 'package-lock.json')), mtime(wasm));
  if (mtime(bundle) < sources) {
    console.error('leakscope: building the command line (npm run build:cli)…');
    run('build:cli');
  }
}

const [command, ...rest] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h' || command === 'help') usage(command ? 0 : 2);
if (!(command in SUBCOMMANDS)) {
  console.error(`leakscope: unknown command ${command}`);
  usage(2);
}
ensureBuilt();
// The bundle reads process.argv: hand it the subcommand's arguments as if it were run alone.
process.argv = [process.argv[0], join(root, SUBCOMMANDS[command]), ...rest];
await import(pathToFileURL(join(root, SUBCOMMANDS[command])).href);
