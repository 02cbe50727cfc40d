/**
 * The scan pool (src/core/scan/pool.ts) on Node worker threads: the same report as the scanner
 * inline, byte for byte, and a clear warning instead of a hang when a worker fails.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanWorkerApi } from '../../src/core/scan/workerApi';
import { INLINE_MAX_BYTES, INLINE_RUN_INPUTS, ScanPool } from '../../src/core/scan/pool';
import { LeakScanner } from '../../src/core/scan';
import { WORKERS_ONLY, input, scannerWasm as loadWasm } from './helpers';
import { startScanPool } from '../../src/cli/scanPool';
import type { Report } from '../../src/core/report/types';
import { LEAKS, analyzeFile, scannerWasm } from '../engine/corpus';

const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8'));
const captures = readdirSync(join(LEAKS, 'captures')).sort();
const pool = startScanPool(2, WORKERS_ONLY);
afterAll(() => pool.terminate());

const stable = (r: Report) => JSON.stringify(r);

type Scan = ScanWorkerApi['scan'];

/** A pool over the one worker of `real` whose scan() calls go through `scan(args, workerScan)`. */
function wrappedPool(real: ScanPool, scan: (args: Parameters<Scan>, workerScan: Scan) => ReturnType<Scan>): ScanPool {
  const worker = (real as unknown as { workers: ScanWorkerApi[] }).workers[0];
  return new ScanPool([new Proxy({} as ScanWorkerApi, {
    get: (_t, key: keyof ScanWorkerApi) => (key === 'scan' ? (...args: Parameters<Scan>) => scan(args, (...a) => worker.scan(...a)) : worker[key]),
  })]);
}

describe('scan pool', () => {
  it.each(captures)('%s: same report with two scan threads as inline', async (name) => {
    const path = join(LEAKS, 'captures', name);
    const inline = await analyzeFile(path, { profile });
    const pooled = await analyzeFile(path, { profile, scanPool: pool });
    expect(pooled.findings.length).toBe(inline.findings.length);
    expect(stable(pooled)).toBe(stable(inline));
  }, 60_000);

  it('small inputs are scanned on the engine thread, only bigger ones are sent; the same report', async () => {
    const real = startScanPool(1, WORKERS_ONLY);
    const sent: number[] = [];
    const counting = wrappedPool(real, (args, scan) => (sent.push(...args[1].inputs.map((m) => m.length)), scan(...args)));
    try {
      let inputs = 0;
      for (const name of captures) {
        const path = join(LEAKS, 'captures', name);
        const inline = await analyzeFile(path, { profile });
        expect(stable(await analyzeFile(path, { profile, scanPool: counting }))).toBe(stable(inline));
        inputs++;
      }
      expect(inputs).toBe(captures.length);
      // Leak captures carry bodies bigger than the cut: some go to the worker, none smaller.
      expect(sent.length).toBeGreaterThan(0);
      expect(Math.min(...sent)).toBeGreaterThan(INLINE_MAX_BYTES);
    } finally {
      real.terminate();
    }
  }, 120_000);

  it('counts the inputs answered: inline runs at their end, sent batches when the worker answers', async () => {
    // A worker that holds its answers until released: what is sent stays unanswered.
    const real = startScanPool(1, WORKERS_ONLY);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const slow = wrappedPool(real, (args, scan) => held.then(() => scan(...args)));
    try {
      const scanner = slow.open(scannerWasm()!, profile, new LeakScanner(await loadWasm(), profile));
      const small = input('GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n');
      for (let i = 0; i < INLINE_RUN_INPUTS + 10; i++) scanner.scan(small);
      // No flush yet: the first full run is merged, the 10 after it wait for theirs to end.
      expect([scanner.taken, scanner.answered]).toEqual([INLINE_RUN_INPUTS + 10, INLINE_RUN_INPUTS]);
      scanner.scan(input(new Uint8Array(INLINE_MAX_BYTES + 1).fill(0x41)));
      // The big input ends the run before it; it is sent and not answered.
      expect([scanner.taken, scanner.answered]).toEqual([INLINE_RUN_INPUTS + 11, INLINE_RUN_INPUTS + 10]);
      scanner.flush();
      await new Promise((r) => setTimeout(r, 50));
      expect(scanner.answered).toBe(INLINE_RUN_INPUTS + 10);
      release();
      await scanner.settle();
      expect(scanner.answered).toBe(INLINE_RUN_INPUTS + 11);
      scanner.close();
    } finally {
      real.terminate();
    }
  }, 60_000);

  it('keeps nothing of finished analyses (the pool outlives them)', () => {
    expect((pool as unknown as { listeners: Set<unknown> }).listeners.size).toBe(0);
  });

  it('hashes a file in a worker (the SHA-256 the engine would compute), and stops when aborted', async () => {
    const bytes = readFileSync(join(LEAKS, 'captures/15-mixed.pcap'));
    const { createHash } = await import('node:crypto');
    expect(await pool.sha256(new Blob([bytes]))).toBe(createHash('sha256').update(bytes).digest('hex'));
    const big = new Blob(Array.from({ length: 64 }, () => bytes)); // ~480 MB read lazily
    const abort = new AbortController();
    const hashing = pool.sha256(big, abort.signal);
    setTimeout(() => abort.abort(), 20);
    await expect(hashing).rejects.toThrow(/hashing cancelled/);
  }, 60_000);

  it('a batch the worker rejects becomes a warning; the rest of the findings stay', async () => {
    let calls = 0;
    const real = startScanPool(1, WORKERS_ONLY);
    const flaky = wrappedPool(real, (args, scan) => (calls++ === 0 ? Promise.reject(new Error('boom')) : scan(...args)));
    try {
      const r = await analyzeFile(join(LEAKS, 'captures/15-mixed.pcap'), { profile, scanPool: flaky });
      expect(r.warnings.some((w) => w.code === 'scan-incomplete' && /failed: boom/.test(w.message))).toBe(true);
      expect(calls).toBeGreaterThan(1);
      expect(r.findings.length).toBeGreaterThan(0);
    } finally {
      real.terminate();
    }
  }, 60_000);

  it('a worker that dies: the analysis ends with a warning, no hang', async () => {
    const dead = new ScanPool([{ open: () => Promise.resolve(), scan: () => new Promise(() => undefined), close: () => Promise.resolve() } as unknown as ScanWorkerApi]);
    setTimeout(() => dead.workerLost(new Error('thread exited with code 1')), 50);
    const r = await analyzeFile(join(LEAKS, 'captures/15-mixed.pcap'), { profile, scanPool: dead });
    expect(r.capture.frames).toBeGreaterThan(0);
    expect(r.warnings.find((w) => w.code === 'scan-incomplete')?.message).toMatch(/a scan worker stopped \(thread exited with code 1\)/);
  }, 60_000);
});
