/** What a scan worker runs (browser module worker or Node worker thread alike). */
import { createSHA256 } from 'hash-wasm';
import type { ScanBatch, ScanWorkerApi } from './workerApi';
import { abortError, readReusing } from '../chunks';
import { eventTurn } from '../eventTurn';
import type { ScannerWasm } from './wasm';
import { LeakScanner } from './scanner';
import { inputOf } from './pool';
import { acquireScanner, releaseScanner } from '../scannerInstances';

/** Hashing goes in slices of this many bytes, giving the event loop a turn every HASH_TURN_MS. */
const HASH_SLICE = 256 << 10;
const HASH_TURN_MS = 4;

/** The ScanWorkerApi implementation; host glue (workers/glue.ts exposeScanWorker) serves it. */
export function createScanWorkerApi(): ScanWorkerApi {
  const sessions = new Map<number, { scanner: LeakScanner; wasm: ScannerWasm }>();
  // Each message brings its own structured-clone copy of the module: key the worker's wasm
  // instances by the first one, so every session reuses the same instance and its memory.
  let moduleKey: WebAssembly.Module | null = null;
  const cancelled = new Set<number>();
  return {
    async open(session, scanner, profile) {
      moduleKey ??= scanner;
      const wasm = await acquireScanner(moduleKey);
      sessions.set(session, { scanner: new LeakScanner(wasm, profile), wasm });
    },
    async scan(session, batch: ScanBatch) {
      const s = sessions.get(session);
      if (!s) throw new Error(`scan session ${session} is not open`);
      const bytes = new Uint8Array(batch.bytes);
      let at = 0;
      for (const m of batch.inputs) {
        s.scanner.scan(inputOf(m, bytes.subarray(at, at + m.length)));
        at += m.length;
      }
      // The scanner copied what it needed into wasm memory: the buffer can go back (the glue moves it).
      return { findings: s.scanner.takeFindings(), placeholders: s.scanner.takePlaceholders(), digests: s.scanner.takeDigestTokens(), cuts: s.scanner.takeLayerCuts(), bytes: batch.bytes };
    },
    async sha256(job, file) {
      const hasher = await createSHA256();
      hasher.init();
      try {
        let lastTurn = performance.now();
        for await (const chunk of readReusing(file.stream())) {
          for (let at = 0; at < chunk.length; at += HASH_SLICE) {
            if (cancelled.has(job)) throw abortError('hashing cancelled');
            hasher.update(chunk.subarray(at, at + HASH_SLICE));
            // An in-memory Blob streams through microtasks only: let scan (and cancel) messages
            // in every few ms. The worker hashes beside scanning; the first batches of an analysis
            // waited up to 180 ms behind 16 MiB of hashing here (chromium, 200 MB, 2 cores).
            if (performance.now() - lastTurn >= HASH_TURN_MS) {
              await eventTurn();
              lastTurn = performance.now();
            }
          }
        }
        return hasher.digest('hex');
      } finally {
        cancelled.delete(job);
      }
    },
    async cancelSha256(job) {
      cancelled.add(job);
    },
    async close(session) {
      const s = sessions.get(session);
      if (!s) return;
      sessions.delete(session);
      if (moduleKey) releaseScanner(moduleKey, s.wasm);
    },
  };
}
