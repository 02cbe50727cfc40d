/** A small pool of Node worker threads, each analysing whole captures (batch parallelism). */
import { Worker } from 'node:worker_threads';
import type { CliJob, CliResult } from './analyzeWorker';

/** Runs jobs on `size` threads; results come back in job order through `onResult`. */
export async function runPool(jobs: Omit<CliJob, 'id'>[], size: number, onResult: (job: Omit<CliJob, 'id'>, r: CliResult) => void): Promise<void> {
  // Bundled (build/cli/*.mjs, npm run scan): the worker bundle sits beside this file. Under tsx
  // (tests, development) a boot file registers tsx in the thread first.
  const bundled = import.meta.url.endsWith('.mjs');
  const url = new URL(bundled ? './analyzeWorker.mjs' : './analyzeWorker.boot.mjs', import.meta.url);
  const workers = Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, () => new Worker(url));
  const results = new Map<number, CliResult>();
  let next = 0;
  let emitted = 0;
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const feed = () => {
            if (next >= jobs.length) {
              resolve();
              return;
            }
            const id = next++;
            w.postMessage({ ...jobs[id], id });
          };
          w.on('message', (r: CliResult) => {
            results.set(r.id, r);
            while (results.has(emitted)) {
              onResult(jobs[emitted], results.get(emitted)!);
              results.delete(emitted);
              emitted++;
            }
            feed();
          });
          w.on('error', reject);
          feed();
        }),
    ),
  );
  await Promise.all(workers.map((w) => w.terminate()));
}
