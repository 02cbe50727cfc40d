/** What a scan worker runs (browser module worker or Node worker thread alike). */
import { createSHA256 } from 'hash-wasm';
import type { ScanBatch, ScanWorkerApi } from './workerApi';
import { abortError, readChunks } from '../chunks';
import type { ScannerWasm } from './wasm';
import { LeakScanner } from './scanner';
import { inputOf } from './pool';
import { acquireScanner, releaseScanner } from '../scannerInstances';

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
        let sinceYield = 0;
        for await (const chunk of readChunks(file.stream())) {
          if (cancelled.has(job)) throw abortError('hashing cancelled');
          hasher.update(chunk);
          // An in-memory Blob streams through microtasks only: let cancel (and scan) messages in.
          if ((sinceYield += chunk.length) >= 16 << 20) {
            sinceYield = 0;
            await new Promise((resolve) => setTimeout(resolve, 0));
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
