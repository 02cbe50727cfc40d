/** The scan pool on Node worker threads: the same ScanWorkerApi as the browser's scan workers. */
import { wrapScanWorker } from '../../workers/glue';
import { nodeEndpoint } from '../../workers/nodeEndpoint';
import { Worker } from 'node:worker_threads';
import { ScanPool, type ScanPoolOptions } from '../core/scan/pool';
import type { ScanWorkerApi } from '../core/scan/workerApi';
import type { Profile } from '../core/report/types';

/**
 * Each capture's first bytes of big scan inputs are scanned on the engine thread, and a scan
 * thread starts on its first batch. Why: on the 157 MB lab capture (tests/bench/labRun.ts) only
 * 14.6 MB in 1,006 inputs went to the thread, which cost 0.92 CPU s more than scanning them
 * inline (3.84 against 2.92 s) to save 0.2 s of wall time; scanning 32 MiB inline takes ~0.17 s
 * (~190 MB/s, tests/bench/scanE2e.ts). A body-heavy capture passes this early and gets its thread.
 */
export const INLINE_FIRST_BYTES = 32 << 20;

/**
 * Scan threads for the CLI, each started on its first batch; terminate() the pool when done or
 * the process will not exit. Tests of the workers' path pass `{ inlineFirstBytes: 0 }`.
 */
export function startScanPool(size: number, options: ScanPoolOptions = { inlineFirstBytes: INLINE_FIRST_BYTES }): ScanPool {
  // Bundled (build/cli/*.mjs): the worker bundle sits beside this file; under tsx a boot file
  // registers tsx in the thread first.
  const bundled = import.meta.url.endsWith('.mjs');
  const url = new URL(bundled ? './scanWorker.mjs' : './scanWorker.boot.mjs', import.meta.url);
  const threads: Worker[] = [];
  let stopping = false;
  const start = (): ScanWorkerApi => {
    const t = new Worker(url);
    threads.push(t);
    t.on('error', (e) => pool.workerLost(e));
    t.on('exit', (code) => stopping || pool.workerLost(new Error(`scan thread exited with code ${code}`)));
    return wrapScanWorker(nodeEndpoint(t));
  };
  const pool: ScanPool = new ScanPool(
    Array.from({ length: size }, () => threadOnFirstUse(start)),
    () => {
      stopping = true;
      for (const t of threads) void t.terminate();
    },
    options,
  );
  return pool;
}

/**
 * A scan worker whose thread starts on the first call that needs it (a batch or a hash). The
 * sessions opened before that are opened on it then, each once, before its first batch.
 */
export function threadOnFirstUse(start: () => ScanWorkerApi): ScanWorkerApi {
  let api: ScanWorkerApi | null = null;
  const started = (): ScanWorkerApi => (api ??= start());
  const waiting = new Map<number, { scanner: WebAssembly.Module; profile?: Profile }>();
  const opening = new Map<number, Promise<void>>();
  const opened = (session: number): Promise<void> | undefined => {
    const args = waiting.get(session);
    if (args) {
      waiting.delete(session);
      opening.set(session, started().open(session, args.scanner, args.profile));
    }
    return opening.get(session);
  };
  return {
    async open(session, scanner, profile) {
      if (api) opening.set(session, api.open(session, scanner, profile));
      else waiting.set(session, { scanner, profile });
      return opening.get(session);
    },
    async scan(session, batch) {
      await opened(session);
      return started().scan(session, batch);
    },
    async close(session) {
      waiting.delete(session);
      const was = opening.get(session);
      opening.delete(session);
      if (api && was) await api.close(session);
    },
    sha256: (job, file) => started().sha256(job, file),
    async cancelSha256(job) {
      if (api) await api.cancelSha256(job);
    },
  };
}
