/**
 * The one API the page talks to: the engine worker exposes exactly this through Comlink.
 * Types (and one error name); both sides import it (workers/engine.worker.ts implements, src/app wraps).
 */
import type { Progress } from '../src/core/engine';
import type { FlowStream, StreamSegment } from '../src/core/flowStream';
import type { Finding, Profile, Report } from '../src/core/report/types';
import type { AssetStatus } from '../src/core/assets';

export type { Progress, FlowStream, StreamSegment, AssetStatus };
export type { ScanBatch, ScanInputMeta, ScanWorkerApi } from '../src/core/scan/workerApi';

/** What the page asks for, besides the capture itself. */
export interface AnalyzeRequest {
  /** File name as given; used only for the report. */
  name: string;
  /** File size if known, for progress. */
  size?: number;
  profile?: Profile;
  /** SSLKEYLOGFILE text. */
  keylog?: string;
  /** An App Privacy Report's NDJSON text, joined to the capture's flows (AnalyzeOptions.appReport). */
  appReport?: string;
}

/** Which flow to follow, of which capture. */
export interface FlowStreamRequest {
  /** The flow's id (its index in the report's flows). */
  flowId: number;
  /** The report's flow `last_frame`: reading stops there instead of at the end of the file. */
  lastFrame?: number;
  /** Payload bytes kept at most, both directions together (default 4 MiB). */
  maxBytes?: number;
  /**
   * The report's capture.sha256. With no capture given, the worker follows the flow in the
   * capture it analysed last, if that is this one.
   */
  sha256?: string;
  /** SSLKEYLOGFILE text the report was made with: a TLS flow then also comes out decrypted. */
  keylog?: string;
}

/** Error name of followStream's rejection when it has no capture to read. */
export const CAPTURE_NOT_STORED = 'CaptureNotStoredError';


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
   * there as a stream), a transferred ReadableStream, or several Files read as one session in
   * that order (engine analyzeStreams; request.name and size are then theirs). Rejects with a
   * one-line Error when nothing could be read, and with an AbortError after cancel().
   */
  analyze(
    input: Blob | ReadableStream<Uint8Array> | File[],
    request: AnalyzeRequest,
    onProgress?: (p: Progress) => void,
    onPartial?: (report: Report) => void,
  ): Promise<Report>;
  /**
   * One flow's payload, both directions in order of arrival (the evidence dialog's "Follow
   * stream"), read again from `capture`, or when none is given from the last capture analysed
   * if its SHA-256 is `request.sha256`. Rejects with an Error named CAPTURE_NOT_STORED when
   * there is no capture to read. The segments' bytes share one transferred buffer. A session of
   * several files: all of them, in the order analysed.
   */
  followStream(request: FlowStreamRequest, capture?: Blob | Blob[]): Promise<FlowStream>;
  /** Aborts the running analysis, if any. */
  cancel(): void;
  /** Engine and scanner availability. */
  status(): Promise<EngineStatus>;
}
