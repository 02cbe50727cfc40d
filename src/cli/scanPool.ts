/** The scan pool on Node worker threads: the same ScanWorkerApi as the browser's scan workers. */
import { wrapScanWorker } from '../../workers/glue';
import { nodeEndpoint } from '../../workers/nodeEndpoint';
import { Worker } from 'node:worker_threads';
import { ScanPool } from '../core/scan/pool';

/** Starts `size` scan threads; terminate() the pool when done or the process will not exit. */
export function startScanPool(size: number): ScanPool {
  // Bundled (build/cli/*.mjs): the worker bundle sits beside this file; under tsx a boot file
  // registers tsx in the thread first.
  const bundled = import.meta.url.endsWith('.mjs');
  const url = new URL(bundled ? './scanWorker.mjs' : './scanWorker.boot.mjs', import.meta.url);
  const threads = Array.from({ length: size }, () => new Worker(url));
  let stopping = false;
  const pool = new ScanPool(
    threads.map((t) => wrapScanWorker(nodeEndpoint(t))),
    () => {
      stopping = true;
      for (const t of threads) void t.terminate();
    },
  );
  for (const t of threads) {
    t.on('error', (e) => pool.workerLost(e));
    t.on('exit', (code) => stopping || pool.workerLost(new Error(`scan thread exited with code ${code}`)));
  }
  return pool;
}
