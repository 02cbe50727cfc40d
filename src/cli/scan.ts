/**
 * Command line over the same engine the app uses:
 *   npm run scan -- [--profile FILE] [--keylog FILE]... [--app-report FILE] [--out DIR] [--session] CAPTURE...
 * --keylog may be repeated: key logs are keyed by client random, so one merged log serves all.
 * --app-report: an iPhone's App Privacy Report (.ndjson) whose apps are joined to every capture's
 * flows by host name and time (src/core/appreport/join.ts).
 * One capture and no --out: the report goes to stdout. Otherwise DIR/<capture name>.json each,
 * written as each finishes (atomically: reportFile.ts); a rerun with the same --out skips the
 * captures whose report is current (same capture SHA-256 and engine; --force rescans them).
 * --jobs N: whole captures on N threads, fed from a bounded window, so memory does not grow with
 * the number of captures. A terminal gets one progress line on stderr; failures are listed at
 * the end, one line each. Exit status: 0 when every capture was read; 1 when any could not be
 * (the others are still read and written); 2 for a usage error.
 * --session: all the captures are one session (a pcap and a HAR of the same traffic), read in
 * the order given into one report: stdout, or DIR/<first capture name>.session.json with --out.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import type { Profile } from '../core/report/types';
import { AnalyzePool } from './workerPool';
import { oneLine, runCaptureJob, type CaptureOutcome } from './captureJob';
import { BatchTally } from './batchTally';
import type { CliResult } from './analyzeWorker';
import { serializeReport, writeReportAtomic } from './reportFile';
import { analyzeSession } from './analyzeFile';
import { loadScannerModule } from './nodeAssets';
import { startScanPool } from './scanPool';
import { codeCacheReady } from './codeCache';
import { useNodeDigests } from './nodeDigests';

interface CliArgs {
  jobs: number;
  profile?: string;
  keylogs: string[];
  appReport?: string;
  out?: string;
  /** All captures are one session: one report. */
  session: boolean;
  /** Rescan captures whose report in --out is current. */
  force: boolean;
  captures: string[];
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { captures: [], keylogs: [], jobs: availableParallelism(), session: false, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--profile') args.profile = value();
    else if (a === '--keylog') args.keylogs.push(value());
    else if (a === '--app-report') args.appReport = value();
    else if (a === '--out') args.out = value();
    else if (a === '--session') args.session = true;
    else if (a === '--force') args.force = true;
    else if (a === '--jobs') args.jobs = Math.max(1, Number(value()) || 1);
    else if (a === '--help' || a === '-h') usage(0);
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else args.captures.push(a);
  }
  if (args.captures.length === 0) usage(2);
  return args;
}

function usage(code: number): never {
  (code ? console.error : console.log)('usage: npm run scan -- [--profile FILE] [--keylog FILE]... [--app-report FILE] [--out DIR [--force]] [--jobs N] [--session] CAPTURE...\n  --out DIR: a rerun skips captures whose report there is current (same SHA-256 and engine); --force rescans');
  process.exit(code);
}

function fail(message: string): never {
  console.error(`leakscope: ${message}`);
  process.exit(2);
}

/** Exit status when one capture or more could not be read (the others were). */
const EXIT_SOME_FAILED = 1;

/** Captures from this size on are scanned on scan threads (see main). */
const POOL_MIN_BYTES = 48 << 20;

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // reported when it is read
  }
}

function readJson<T>(path: string, what: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    fail(`cannot read ${what} ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  useNodeDigests();
  const profile = args.profile ? readJson<Profile>(args.profile, 'profile') : undefined;
  let keylog: string | undefined;
  for (const path of args.keylogs) {
    try {
      keylog = (keylog ? keylog + '\n' : '') + readFileSync(path, 'utf8');
    } catch (e) {
      fail(`cannot read key log ${path}: ${(e as Error).message}`);
    }
  }
  let appReport: string | undefined;
  if (args.appReport) {
    try {
      appReport = readFileSync(args.appReport, 'utf8');
    } catch (e) {
      fail(`cannot read app privacy report ${args.appReport}: ${(e as Error).message}`);
    }
  }
  const scannerWasm = await loadScannerModule();
  // Without its scanner a scan finds nothing, and a report without findings reads as "no leaks":
  // refuse rather than write reports that look clean.
  if (!scannerWasm) fail('the scanner is not built, so nothing would be found: run `npm run build:wasm` (or `npx leakscope scan …`, which builds what it needs), then scan again');
  if (args.out) mkdirSync(args.out, { recursive: true });
  const toStdout = !args.out && args.captures.length === 1;
  const tally = new BatchTally(args.captures.length);
  const take = (path: string, r: CaptureOutcome | Extract<CliResult, { kind: 'error' }>) => {
    if (r.kind === 'error') return tally.fail(path, r.error);
    tally.ok(r.kind === 'skipped');
    if (r.kind !== 'report') return;
    if (toStdout) process.stdout.write(serializeReport(r.report) + '\n');
    else process.stdout.write(JSON.stringify(r.report) + '\n'); // several captures: one JSON per line
    codeCacheReady();
  };
  const resume = !args.force;
  let sessionRead = false;
  if (args.session) {
    // One report for all: the engine on this thread, the scanning on the others when big.
    const big = args.captures.reduce((sum, path) => sum + sizeOf(path), 0) >= POOL_MIN_BYTES;
    const scanPool = args.jobs > 1 && scannerWasm && big ? startScanPool(args.jobs - 1) : undefined;
    try {
      const report = await analyzeSession(args.captures, { profile, keylog, appReport, scannerWasm, scanPool });
      sessionRead = true;
      if (args.out) writeReportAtomic(join(args.out, `${basename(args.captures[0])}.session.json`), serializeReport(report));
      else process.stdout.write(serializeReport(report) + '\n');
      codeCacheReady();
    } catch (e) {
      console.error(`leakscope: ${oneLine(e)}`);
    } finally {
      scanPool?.terminate();
    }
  } else if (args.jobs > 1 && args.captures.length > 1) {
    // Batch: whole captures in parallel on worker threads running the same engine. At most
    // WINDOW captures are in flight or waiting to be taken in order, so however many captures,
    // only that many outcomes (reports, without --out) are held.
    const pool = new AnalyzePool(Math.min(args.jobs, args.captures.length), { profile, keylog, appReport, scannerWasm, outDir: args.out, resume });
    const window = args.jobs * 4;
    const inFlight: Array<{ path: string; result: Promise<CliResult> }> = [];
    try {
      for (const path of args.captures) {
        inFlight.push({ path, result: pool.run(path) });
        if (inFlight.length >= window) {
          const head = inFlight.shift()!;
          take(head.path, await head.result);
        }
      }
      for (const head of inFlight) take(head.path, await head.result);
    } finally {
      await pool.close();
    }
  } else {
    // One capture at a time: the engine on this thread, the scanning on the others — for big
    // captures only: a scan thread needs ~0.2 s to start and expand the profile, more than it
    // saves below a few tens of MB (15-mixed.pcap, 7.6 MB: 0.52 s inline, 0.65 s with one).
    const big = args.captures.some((path) => sizeOf(path) >= POOL_MIN_BYTES);
    const scanPool = args.jobs > 1 && scannerWasm && big ? startScanPool(args.jobs - 1) : undefined;
    try {
      for (const path of args.captures) {
        try {
          take(path, await runCaptureJob(path, { profile, keylog, appReport, scannerWasm, scanPool }, args.out, resume));
          if (args.out) codeCacheReady();
        } catch (e) {
          take(path, { id: -1, kind: 'error', error: oneLine(e), retry: false });
        }
      }
    } finally {
      scanPool?.terminate();
    }
  }
  if (!args.session) tally.finish();
  // Any capture that could not be read makes the run fail (1), after the others were written
  // and the failures listed: a script or CI looping over captures must not take a partly
  // failed batch for a clean one (it did, exiting 0 whenever one capture was read).
  const failed = args.session ? !sessionRead : tally.failed > 0;
  if (failed && !args.session && tally.failed < args.captures.length) {
    console.error(`leakscope: ${tally.failed} of ${args.captures.length} captures could not be read (listed above); the others' reports were written`);
  }
  process.exitCode = failed ? EXIT_SOME_FAILED : 0;
}

main().catch((e) => {
  console.error(`leakscope: ${(e as Error).message?.split('\n')[0] ?? e}`);
  process.exit(1);
});
