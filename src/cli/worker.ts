/**
 * leakscope worker --redis URL --out DIR [--concurrency N] [--profile FILE] [--keylog FILE]...
 *                  [--app-report FILE] [--queue NAME] [--lock-duration MS]
 * Takes captures from the queue `leakscope queue add` fills and writes DIR/<capture name>.json
 * for each, with the code `scan --out` runs (captureJob.ts on analysis threads), so the bytes
 * are the same. BullMQ gives the rest: retries (3 attempts, exponential backoff; an error the
 * engine raised on the bytes is not retried), stalled-job recovery (a killed worker's jobs go
 * back to the queue once their lock expires), reconnection through a Redis restart.
 * SIGTERM/SIGINT: finish the jobs in hand, then exit (a second signal exits at once).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Profile } from '../core/report/types';
import { connect, DEFAULT_QUEUE, fail, parseFlags, type ScanJobData } from './lab/redis';
import { loadScannerModule } from './nodeAssets';
import { AnalyzePool } from './workerPool';

const USAGE = `usage: leakscope worker --redis URL --out DIR [--concurrency N] [--profile FILE] [--keylog FILE]...
                        [--app-report FILE] [--queue NAME] [--lock-duration MS]
  take captures from the queue (leakscope queue add) and write DIR/<capture name>.json, as scan --out does
  --concurrency N      captures at once, one analysis thread each (default 1)
  --lock-duration MS   how long a job stays with a worker that stopped answering before another
                       takes it (default 60000; the lock is renewed every MS/2 while it works)`;

function usage(code: number): never {
  (code ? console.error : console.log)(USAGE);
  process.exit(code);
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    fail(`cannot read ${what} ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const keylogs = argv.flatMap((a, i) => (a === '--keylog' && argv[i + 1] ? [argv[i + 1]] : []));
  const { opts, rest } = parseFlags(argv, { redis: 'value', out: 'value', concurrency: 'value', profile: 'value', keylog: 'value', 'app-report': 'value', queue: 'value', 'lock-duration': 'value' }, usage);
  if (rest.length) fail(`unexpected ${rest[0]}`);
  if (typeof opts.redis !== 'string') fail('--redis URL is required (redis://host:port)');
  if (typeof opts.out !== 'string') fail('--out DIR is required');
  const outDir = resolve(opts.out);
  const concurrency = Math.max(1, Number(opts.concurrency) || 1);
  // The analysis runs on threads, so this thread stays free to renew locks: a big capture needs
  // no longer lock than a small one, only one that outlasts a pause of the event loop or Redis.
  const lockDuration = Math.max(1000, Number(opts['lock-duration']) || 60_000);
  const profile = typeof opts.profile === 'string' ? (JSON.parse(readText(opts.profile, 'profile')) as Profile) : undefined;
  const keylog = keylogs.length ? keylogs.map((k) => readText(k, 'key log')).join('\n') : undefined;
  const appReport = typeof opts['app-report'] === 'string' ? readText(opts['app-report'], 'app privacy report') : undefined;
  const scannerWasm = await loadScannerModule();
  if (!scannerWasm) fail('the scanner is not built, so nothing would be found: run `npm run build:wasm` (or `npx leakscope worker …`, which builds what it needs)');
  mkdirSync(outDir, { recursive: true });

  // resume: a job run again (its worker died after writing) skips a report already current.
  const pool = new AnalyzePool(concurrency, { profile, keylog, appReport, scannerWasm, outDir, resume: true });
  const connection = connect(opts.redis);
  const worker = new Worker<ScanJobData>(
    typeof opts.queue === 'string' ? opts.queue : DEFAULT_QUEUE,
    async (job: Job<ScanJobData>) => {
      const r = await pool.run(job.data.path);
      if (r.kind === 'error') throw r.retry ? new Error(r.error) : new UnrecoverableError(r.error);
      return { file: r.kind === 'report' ? null : r.file, skipped: r.kind === 'skipped' };
    },
    { connection, concurrency, lockDuration, stalledInterval: Math.min(30_000, lockDuration), maxStalledCount: 2, autorun: true },
  );
  worker.on('completed', (job) => console.log(`done ${job.data.path}`));
  worker.on('failed', (job, e) => job && console.error(`leakscope: ${job.data.path}: ${e.message} (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1})`));
  let lastError = '';
  worker.on('error', (e) => {
    // Redis away: ioredis retries; say so once, not on every reconnect attempt.
    if (e.message !== lastError) console.error(`leakscope: worker: ${e.message.split('\n')[0]}`);
    lastError = e.message;
  });
  connection.on('ready', () => (lastError = ''));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.error(`leakscope: ${signal}: finishing the captures in hand`);
    await worker.close();
    await pool.close();
    connection.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  console.error(`leakscope: ${(e as Error).message?.split('\n')[0] ?? e}`);
  process.exit(1);
});
