/**
 * The lab under faults (issue 16), on a real Redis: 300 captures, 3 workers; one worker is
 * killed with SIGKILL while it holds a job, another stopped with SIGTERM (finishes its job,
 * exits 0) and replaced, Redis restarted mid-run (appendonly, same port). The batch still ends
 * with one report per capture, byte-identical to `leakscope scan --out` on the same files (the
 * reports hold no timings, so nothing is stripped), nothing lost, no job twice; a file that is
 * not a capture fails once (not retried) and makes `queue wait` exit 1.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, LEAKS, REPO_ROOT as root } from '../corpus';
import { freePort } from '../net';

const CAPTURES = 300;
const bin = join(root, 'scripts/leakscope.mjs');
const workerCli = join(root, 'build/cli/worker.mjs');
const scanCli = join(root, 'build/cli/scan.mjs');
const children = new Set<ChildProcess>();
let dir: string;
let port: number;
let redisUrl: string;


function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

async function until(what: string, test: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** redis-server with an append-only file in `dir`, so the queue survives a restart. */
async function startRedis(): Promise<ChildProcess> {
  const child = track(spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', join(dir, 'redis')], { stdio: 'ignore' }));
  await until('redis', async () => {
    const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // refused until the server listens: connect() rejects too
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  });
  return child;
}

interface RunningWorker {
  child: ChildProcess;
  done: () => number;
}

function startWorker(out: string): RunningWorker {
  const child = track(spawn(process.execPath, [workerCli, '--redis', redisUrl, '--out', out, '--concurrency', '1', '--lock-duration', '4000'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.resume();
  return { child, done: () => text.split('\n').filter((l) => l.startsWith('done ')).length };
}

const reportsIn = (out: string) => readdirSync(out).filter((f) => f.endsWith('.json') && !f.startsWith('.'));

beforeAll(async () => {
  execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'leakscope-queue-'));
  mkdirSync(join(dir, 'redis'));
  mkdirSync(join(dir, 'captures'));
  port = await freePort();
  redisUrl = `redis://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  for (const child of [...children]) {
    child.kill('SIGKILL');
    await exited(child);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('leakscope queue + worker', () => {
  it('--help on each subcommand', () => {
    for (const args of [['queue', '--help'], ['queue', 'add', '--help'], ['worker', '--help']]) {
      const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^usage: leakscope (queue|worker)/);
    }
  });

  it('300 captures, 3 workers: SIGKILL one mid-job, SIGTERM another, restart Redis: every capture one report, identical to scan --out', async () => {
    const t0 = Date.now();
    // The leak and format corpora (small files; not the 7.6 MB 15-mixed.pcap) copied under
    // distinct names: same bytes, other names, so 300 jobs and 300 reports.
    const sources = [
      ...readdirSync(join(LEAKS, 'captures')).filter((f) => f !== '15-mixed.pcap').map((f) => join(LEAKS, 'captures', f)),
      ...readdirSync(join(FORMATS, 'captures')).map((f) => join(FORMATS, 'captures', f)),
    ].sort();
    const captures = Array.from({ length: CAPTURES }, (_, i) => {
      const src = sources[i % sources.length];
      const path = join(dir, 'captures', `${String(i).padStart(3, '0')}-${src.split('/').pop()}`);
      copyFileSync(src, path);
      return path;
    });
    const notACapture = join(dir, 'captures', 'not-a-capture.json');
    copyFileSync(join(LEAKS, 'profile.json'), notACapture);

    const ref = join(dir, 'ref');
    const scan = spawnSync(process.execPath, [scanCli, '--jobs', '2', '--out', ref, ...captures], { encoding: 'utf8' });
    expect(scan.status).toBe(0);
    const tRef = Date.now();

    const redis1 = await startRedis();
    // '-': paths on stdin, as `find … | leakscope queue add` gives them
    const add = spawnSync(process.execPath, [bin, 'queue', 'add', '--redis', redisUrl, '-'], { encoding: 'utf8', input: [...captures, notACapture].join('\n') + '\n' });
    expect(add.stdout.trim()).toBe(`queued ${CAPTURES + 1} captures`);
    const again = spawnSync(process.execPath, [bin, 'queue', 'add', '--redis', redisUrl, captures[0], captures[1]], { encoding: 'utf8' });
    expect(again.stdout.trim()).toBe('queued 0 captures, 2 already queued or done');

    const out = join(dir, 'out');
    const [a, b, c] = [startWorker(out), startWorker(out), startWorker(out)];
    // A holds a job whenever the queue has waiting ones: BullMQ hands the next job over in the
    // same script that completes the last, so after its 5th the kill lands mid-job.
    await until('worker A at work', () => a.done() >= 5);
    a.child.kill('SIGKILL');
    expect((await exited(a.child)).signal).toBe('SIGKILL');

    await until('100 reports', () => reportsIn(out).length >= 100);
    b.child.kill('SIGTERM');
    expect(await exited(b.child)).toEqual({ code: 0, signal: null });
    const d = startWorker(out); // B's replacement

    await until('170 reports', () => reportsIn(out).length >= 170);
    expect(reportsIn(out).length).toBeLessThan(CAPTURES); // the restart lands mid-run
    redis1.kill('SIGTERM'); // flushes the append-only file, as a clean restart does
    await exited(redis1);
    await startRedis();

    const wait = spawnSync(process.execPath, [bin, 'queue', 'wait', '--redis', redisUrl, '--poll', '200'], { encoding: 'utf8', timeout: 120_000 });
    expect(wait.stdout.trim()).toBe(`done ${CAPTURES}, failed 1`);
    expect(wait.stderr).toMatch(/not-a-capture\.json: not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file/);
    expect(wait.status).toBe(1);
    const tQueue = Date.now();

    // Nothing lost, nothing twice, the same bytes as scan --out.
    const names = reportsIn(out).sort();
    expect(names).toEqual(reportsIn(ref).sort());
    expect(names).toHaveLength(CAPTURES);
    const differ = names.filter((f) => !readFileSync(join(out, f)).equals(readFileSync(join(ref, f))));
    expect(differ).toEqual([]);
    // Only A, killed, may have left a temporary file, and it is hidden and never a .json.
    expect(readdirSync(out).filter((f) => !names.includes(f)).every((f) => f.startsWith('.') && f.endsWith('.tmp'))).toBe(true);

    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('leakscope-scan', { connection });
    try {
      expect(await queue.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed')).toEqual({ completed: CAPTURES, failed: 1, waiting: 0, active: 0, delayed: 0 });
      const completed = await queue.getCompleted(0, -1);
      expect(new Set(completed.map((j) => j.data.path)).size).toBe(CAPTURES);
      // A's job came back from the stalled checker and was finished by another worker.
      expect(completed.some((j) => j.stalledCounter >= 1)).toBe(true);
      const [failed] = await queue.getFailed(0, -1);
      expect(failed.data.path).toBe(notACapture);
      expect(failed.attemptsMade).toBe(1); // the engine's verdict on the bytes: not retried
    } finally {
      await queue.close();
      connection.disconnect();
    }
    for (const w of [c, d]) w.child.kill('SIGTERM');
    for (const w of [c, d]) expect((await exited(w.child)).code).toBe(0);
    console.log(`queue fault test: reference scan ${((tRef - t0) / 1000).toFixed(1)} s, queue run ${((tQueue - tRef) / 1000).toFixed(1)} s`);
  }, 180_000);
});
