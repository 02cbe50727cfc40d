/**
 * The CLI's scan pool (src/cli/scanPool.ts): threads started on their first batch, and each
 * analysis' first bytes of big inputs scanned inline (ScanPoolOptions.inlineFirstBytes).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanAnswer, ScanBatch, ScanWorkerApi } from '../../src/core/scan/workerApi';
import { INLINE_MAX_BYTES, ScanPool } from '../../src/core/scan/pool';
import { LeakScanner } from '../../src/core/scan';
import { input, scannerWasm as loadWasm } from '../scan/helpers';
import { INLINE_FIRST_BYTES, startScanPool, threadOnFirstUse } from '../../src/cli/scanPool';
import { LEAKS, analyzeFile, scannerWasm } from '../engine/corpus';

/** A worker that answers every batch with nothing and writes down what it was asked. */
function recordingWorker(calls: string[]): ScanWorkerApi {
  return {
    open: async (session) => void calls.push(`open ${session}`),
    scan: async (session, batch: ScanBatch): Promise<ScanAnswer> => {
      calls.push(`scan ${session} ${batch.inputs.map((m) => m.length).join(',')}`);
      return { findings: [], placeholders: [], digests: { tokens: [], dropped: 0 }, bytes: batch.bytes };
    },
    close: async (session) => void calls.push(`close ${session}`),
    sha256: async () => 'x',
    cancelSha256: async () => undefined,
  };
}

describe('CLI scan pool', () => {
  it('starts a thread on its first batch, opening the waiting session on it once, before the batch', async () => {
    const calls: string[] = [];
    let starts = 0;
    const worker = threadOnFirstUse(() => (starts++, recordingWorker(calls)));
    await worker.open(1, {} as WebAssembly.Module);
    await worker.close(1);
    expect([starts, calls]).toEqual([0, []]); // an analysis that sent nothing started nothing
    await worker.open(2, {} as WebAssembly.Module);
    const batch = (n: number): ScanBatch => ({ bytes: new ArrayBuffer(n), inputs: [{ flow: 0, direction: 'upload', protocol: 'http', part: 'body', frame: 1, encryptedOnWire: false, length: n }] });
    await Promise.all([worker.scan(2, batch(5)), worker.scan(2, batch(6))]);
    await worker.close(2);
    await worker.open(3, {} as WebAssembly.Module); // the thread is up: opened at once
    expect(starts).toBe(1);
    expect(calls).toEqual(['open 2', 'scan 2 5', 'scan 2 6', 'close 2', 'open 3']);
  });

  it('scans big inputs inline until the budget is spent, then sends every one (spent stays spent)', async () => {
    const calls: string[] = [];
    const big = INLINE_MAX_BYTES + 1000;
    const pool = new ScanPool([recordingWorker(calls)], undefined, { inlineFirstBytes: 2 * big + 10 });
    const scanner = pool.open(scannerWasm()!, undefined, new LeakScanner(await loadWasm()));
    for (const n of [big, big, big, 100, big - 500]) scanner.scan(input(new Uint8Array(n).fill(0x41)));
    await scanner.settle();
    scanner.close();
    // The third would overrun the budget: it and every big one after it go to the worker; the
    // small one is scanned inline and ends the batch before it.
    expect(calls.filter((c) => c.startsWith('scan'))).toEqual([`scan 1 ${big}`, `scan 1 ${big - 500}`]);
    expect(scanner.taken).toBe(5);
  });

  it('gives the same report as the scanner inline, with the CLI budget and with a budget spent early', async () => {
    expect(INLINE_FIRST_BYTES).toBe(32 << 20);
    const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8'));
    const cli = startScanPool(1);
    const early = startScanPool(1, { inlineFirstBytes: 4096 });
    try {
      for (const name of readdirSync(join(LEAKS, 'captures')).sort()) {
        const path = join(LEAKS, 'captures', name);
        const inline = JSON.stringify(await analyzeFile(path, { profile }));
        expect(JSON.stringify(await analyzeFile(path, { profile, scanPool: cli })), name).toBe(inline);
        expect(JSON.stringify(await analyzeFile(path, { profile, scanPool: early })), name).toBe(inline);
      }
    } finally {
      cli.terminate();
      early.terminate();
    }
  }, 120_000);
});
