/**
 * Node worker thread for the CLI: analyses one capture file per message with the same engine
 * the browser worker uses (captureJob.ts), and posts the outcome back. What every capture shares
 * (profile, key log, scanner) comes once, in the first message, not with each of thousands.
 */
import { parentPort } from 'node:worker_threads';
import type { Profile } from '../core/report/types';
import { codeCacheReady } from './codeCache';
import { useNodeDigests } from './nodeDigests';
import { oneLine, runCaptureJob, transient, type CaptureOutcome } from './captureJob';

/** The first message to a CLI worker: what all its captures share. */
export interface CliSetup {
  setup: true;
  profile?: Profile;
  keylog?: string;
  appReport?: string;
  scannerWasm?: WebAssembly.Module;
  /** Write reports here from the worker (keeps the main thread out of the hot path). */
  outDir?: string;
  /** Skip captures whose report in outDir is current (captureJob.ts). */
  resume?: boolean;
}

/** One capture for a CLI worker. */
export interface CliJob {
  id: number;
  path: string;
}

/** What a CLI worker posts back for a job; `retry` when trying again could help. */
export type CliResult = ({ id: number } & CaptureOutcome) | { id: number; kind: 'error'; error: string; retry: boolean };

let setup: CliSetup | undefined;
useNodeDigests();

parentPort?.on('message', async (msg: CliSetup | CliJob) => {
  if ('setup' in msg) {
    setup = msg;
    return;
  }
  const s = setup!;
  try {
    const outcome = await runCaptureJob(msg.path, { profile: s.profile, keylog: s.keylog, appReport: s.appReport, scannerWasm: s.scannerWasm }, s.outDir, s.resume);
    parentPort!.postMessage({ id: msg.id, ...outcome } satisfies CliResult);
    if (outcome.kind !== 'skipped') codeCacheReady();
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, kind: 'error', error: oneLine(e), retry: transient(e) } satisfies CliResult);
  }
});
