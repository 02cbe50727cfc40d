/**
 * Node worker thread for the CLI: analyses one capture file per message with the same engine
 * the browser worker uses, and posts the report back.
 */
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { Profile, Report } from '../core/report/types';
import { analyzeFile } from './analyzeFile';
import { codeCacheReady } from './codeCache';
import { useNodeDigests } from './nodeDigests';

/** One job for a CLI worker. */
export interface CliJob {
  id: number;
  path: string;
  profile?: Profile;
  keylog?: string;
  appReport?: string;
  scannerWasm?: WebAssembly.Module;
  /** Write the report here from the worker (keeps the main thread out of the hot path). */
  outFile?: string;
}

/** What a CLI worker posts back for a job. */
export type CliResult = { id: number; report: Report } | { id: number; written: string } | { id: number; error: string };

// Every message brings a fresh copy of the module object; keep the first so the thread's
// scanner instance (keyed by module) is reused across captures.
let scannerModule: WebAssembly.Module | undefined;
useNodeDigests();

parentPort?.on('message', async (job: CliJob) => {
  scannerModule ??= job.scannerWasm;
  try {
    const report = await analyzeFile(job.path, { profile: job.profile, keylog: job.keylog, appReport: job.appReport, scannerWasm: job.scannerWasm ? scannerModule : undefined });
    if (job.outFile) {
      writeFileSync(job.outFile, JSON.stringify(report, null, 1));
      parentPort!.postMessage({ id: job.id, written: job.outFile } satisfies CliResult);
    } else {
      parentPort!.postMessage({ id: job.id, report } satisfies CliResult);
    }
    codeCacheReady();
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: ((e as Error).message ?? String(e)).split('\n')[0] } satisfies CliResult);
  }
});
