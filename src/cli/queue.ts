/**
 * leakscope queue add --redis URL [--queue NAME] CAPTURE...
 * leakscope queue wait --redis URL [--queue NAME]
 * `add` enqueues captures (absolute paths: the workers must see the same files) for
 * `leakscope worker`; re-adding a capture already queued or done adds nothing (lab/redis.ts
 * jobId). `wait` returns when nothing is waiting, active or delayed, prints the done and failed
 * counts and each failure, and exits 1 if any capture failed.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { connect, DEFAULT_QUEUE, fail, jobId, parseFlags, type ScanJobData } from './lab/redis';
import { sha256OfFile } from './reportFile';

const USAGE = `usage: leakscope queue add --redis URL [--queue NAME] CAPTURE...   (- reads paths from stdin, one a line)
       leakscope queue wait --redis URL [--queue NAME] [--poll MS]
  add   enqueue captures (absolute paths, as the workers see them); adding one again adds nothing;
        - : paths from stdin (find /data -name '*.pcap' | leakscope queue add --redis URL -)
  wait  return when the queue has no waiting, active or delayed job; print done/failed; exit 1 if any failed`;

function usage(code: number): never {
  (code ? console.error : console.log)(USAGE);
  process.exit(code);
}

/** Retries for a capture whose analysis failed in a way that may pass (worker.ts decides). */
const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: false, removeOnFail: false } as const;

/** Captures hashed and added this many at a time (one round trip each batch). */
const BATCH = 200;

async function add(queue: Queue<ScanJobData>, captures: string[]): Promise<void> {
  let added = 0;
  let known = 0;
  let unreadable = 0;
  for (let i = 0; i < captures.length; i += BATCH) {
    const jobs: Array<{ name: string; data: ScanJobData; opts: typeof JOB_OPTIONS & { jobId: string } }> = [];
    await Promise.all(
      captures.slice(i, i + BATCH).map(async (c) => {
        const path = resolve(c);
        try {
          if (!statSync(path).isFile()) throw new Error('not a file');
          const data = { path, sha256: await sha256OfFile(path) };
          jobs.push({ name: 'scan', data, opts: { ...JOB_OPTIONS, jobId: jobId(data) } });
        } catch (e) {
          unreadable++;
          console.error(`leakscope: ${path}: ${((e as Error).message ?? String(e)).split('\n')[0]}`);
        }
      }),
    );
    const exists = await Promise.all(jobs.map((j) => queue.getJob(j.opts.jobId)));
    const fresh = jobs.filter((_, k) => !exists[k]);
    known += jobs.length - fresh.length;
    if (fresh.length) await queue.addBulk(fresh);
    added += fresh.length;
  }
  console.log(`queued ${added} capture${added === 1 ? '' : 's'}${known ? `, ${known} already queued or done` : ''}${unreadable ? `, ${unreadable} unreadable` : ''}`);
  process.exitCode = added + known > 0 ? 0 : 1;
}

async function wait(queue: Queue<ScanJobData>, pollMs: number): Promise<void> {
  for (;;) {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(c).every((n) => n === 0)) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const { completed, failed } = await queue.getJobCounts('completed', 'failed');
  for (const job of await queue.getFailed(0, -1)) console.error(`leakscope: ${job.data.path}: ${job.failedReason}`);
  console.log(`done ${completed}, failed ${failed}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

async function main(): Promise<void> {
  const [command, ...argv] = process.argv.slice(2);
  if (command === '--help' || command === '-h') usage(0);
  if (command !== 'add' && command !== 'wait') usage(2);
  const { opts, rest } = parseFlags(argv, { redis: 'value', queue: 'value', poll: 'value' }, usage);
  if (typeof opts.redis !== 'string') fail('--redis URL is required (redis://host:port)');
  if (command === 'add' && rest.length === 0) usage(2);
  if (command === 'wait' && rest.length) fail(`unexpected ${rest[0]}`);
  const connection = connect(opts.redis);
  const queue = new Queue<ScanJobData>(typeof opts.queue === 'string' ? opts.queue : DEFAULT_QUEUE, { connection });
  try {
    // '-': the paths from stdin, for more captures than a command line holds.
    const captures = rest.flatMap((c) => (c === '-' ? readFileSync(0, 'utf8').split('\n').filter((l) => l.trim()) : [c]));
    if (command === 'add') await add(queue, captures);
    else await wait(queue, Math.max(50, Number(opts.poll) || 500));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

main().catch((e) => {
  console.error(`leakscope: ${(e as Error).message?.split('\n')[0] ?? e}`);
  process.exit(1);
});
