/**
 * The one API the page talks to: the engine worker exposes exactly this through Comlink.
 * Types only; both sides import it (workers/engine.worker.ts implements, src/app wraps).
 */
import type { Progress } from '../src/core/engine';
import type { Profile, Report } from '../src/core/report/types';

export type { Progress };

/** What the page asks for, besides the capture itself. */
export interface AnalyzeRequest {
  /** File name as given; used only for the report. */
  name: string;
  /** File size if known, for progress. */
  size?: number;
  profile?: Profile;
  /** SSLKEYLOGFILE text. */
  keylog?: string;
}

/** Whether an asset the engine uses (the scanner wasm, the offline tables) could be loaded. */
export type AssetStatus =
  | { state: 'ready' }
  | { state: 'missing' | 'failed'; message: string };

/** Whether the compiled scanner (build/scanner.wasm) could be loaded. */
export type ScannerStatus = AssetStatus;

/** What the worker can do, answered once at start-up. */
export interface EngineStatus {
  /** False when this build has no engine (src/core/engine.ts exports no analyzeStream). */
  engine: boolean;
  scanner: ScannerStatus;
  /** The offline country/ASN/tracker tables (src/data). */
  tables: AssetStatus;
}

/** The worker's API. Callbacks must be wrapped with Comlink.proxy by the caller. */
export interface EngineApi {
  /**
   * Streams a capture through the engine. `input` is a File/Blob (cloned to the worker, read
   * there as a stream) or a transferred ReadableStream. Rejects with a one-line Error when
   * nothing could be read, and with an AbortError after cancel().
   */
  analyze(
    input: Blob | ReadableStream<Uint8Array>,
    request: AnalyzeRequest,
    onProgress?: (p: Progress) => void,
    onPartial?: (report: Report) => void,
  ): Promise<Report>;
  /** Aborts the running analysis, if any. */
  cancel(): void;
  /** Engine and scanner availability. */
  status(): Promise<EngineStatus>;
}
