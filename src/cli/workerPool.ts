/** A small pool of Node worker threads, each analysing whole captures (batch parallelism). */
import { Worker } from 'node:worker_threads';
import type { CliJob, CliResult, CliSetup } from './analyzeWorker';

/**
 * `size` analysis threads; `run(path)` resolves with the capture's outcome when a thread is free
 * and done. A thread that dies (out of memory, a crash) fails its capture with a retryable
 * error and is replaced, so one capture never costs the batch.
 */
export class AnalyzePool {
  private readonly url: URL;
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<{ path: string; resolve: (r: CliResult) => void }> = [];
  private readonly busy = new Map<Worker, (r: CliResult) => void>();
  private nextId = 0;
  private closed = false;

  constructor(size: number, private readonly setup: Omit<CliSetup, 'setup'>) {
    // Bundled (build/cli/*.mjs): the worker bundle sits beside this file. Under tsx (tests,
    // development) a boot file registers tsx in the thread first.
    const bundled = import.meta.url.endsWith('.mjs');
    this.url = new URL(bundled ? './analyzeWorker.mjs' : './analyzeWorker.boot.mjs', import.meta.url);
    for (let i = 0; i < Math.max(1, size); i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const w = new Worker(this.url);
    w.postMessage({ setup: true, ...this.setup } satisfies CliSetup);
    w.on('message', (r: CliResult) => {
      const done = this.busy.get(w);
      this.busy.delete(w);
      this.idle.push(w);
      done?.(r);
      this.pump();
    });
    let dead = false;
    const lost = (why: string) => {
      if (dead) return; // 'error' is followed by 'exit'
      dead = true;
      const done = this.busy.get(w);
      this.busy.delete(w);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      if (this.closed) return;
      done?.({ id: -1, kind: 'error', error: `analysis thread ${why}`, retry: true });
      this.idle.push(this.spawn());
      this.pump();
    };
    w.on('error', (e) => lost(`failed: ${e.message.split('\n')[0]}`));
    w.on('exit', (code) => lost(`exited with code ${code}`));
    return w;
  }

  private pump(): void {
    while (this.idle.length && this.waiting.length) {
      const w = this.idle.pop()!;
      const { path, resolve } = this.waiting.shift()!;
      this.busy.set(w, resolve);
      w.postMessage({ id: this.nextId++, path } satisfies CliJob);
    }
  }

  run(path: string): Promise<CliResult> {
    return new Promise((resolve) => {
      this.waiting.push({ path, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle, ...this.busy.keys()].map((w) => w.terminate()));
  }
}
