/**
 * The contract between the engine and its scan workers (browser module workers or Node worker
 * threads alike). It lives here, in the lowest layer that uses it; how calls cross the thread
 * boundary (Comlink, transfers) is host glue in workers/glue.ts.
 */
import type { ScanInput } from '../extract/types';
import type { Finding, PlaceholderSighting, Profile } from '../report/types';
import type { LayerCuts } from './layerCuts';
import type { DigestToken } from './hashed';

/** A scan input without its bytes: those travel in the batch's one buffer, in order. */
export type ScanInputMeta = Omit<ScanInput, 'bytes'> & { length: number };

/** Scan inputs packed for a scan worker: their bytes back to back in one transferred buffer. */
export interface ScanBatch {
  bytes: ArrayBuffer;
  inputs: ScanInputMeta[];
}

/** A batch's findings, its digest-shaped tokens (scan/hashed.ts) and its buffer, handed back. */
export interface ScanAnswer {
  findings: Finding[];
  placeholders: PlaceholderSighting[];
  digests: { tokens: DigestToken[]; dropped: number };
  /** Layers the batch left undecoded (depth or byte budget). */
  cuts?: LayerCuts;
  bytes: ArrayBuffer;
}

/**
 * A scan worker's API: the leak scanner (one wasm instance per worker, memory reused) behind
 * host glue (workers/glue.ts), in a module worker started by the engine worker
 * (workers/scan.worker.ts) or a Node worker thread (src/cli/scanWorker.ts). One session per
 * analysis. The glue moves `batch.bytes` (and the answer's `bytes`) instead of copying them.
 */
export interface ScanWorkerApi {
  /** Prepares a scanner for one analysis: the compiled scanner.wasm and the person's profile. */
  open(session: number, scanner: WebAssembly.Module, profile?: Profile): Promise<void>;
  /**
   * Scans a batch; answers its findings, folded within the batch, and hands the batch's buffer
   * back for the next one (fresh memory is what costs on a busy machine, not the copy).
   */
  scan(session: number, batch: ScanBatch): Promise<ScanAnswer>;
  /** Ends the session; the wasm instance goes back to the worker's idle list. */
  close(session: number): Promise<void>;
  /**
   * SHA-256 (hex) of a file, read here in parallel with the engine reading it, so the engine
   * thread does not hash. Rejects with an AbortError after cancelSha256(job).
   */
  sha256(job: number, file: Blob): Promise<string>;
  cancelSha256(job: number): Promise<void>;
}
