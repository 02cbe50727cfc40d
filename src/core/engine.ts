/**
 * The engine's one entry point: capture bytes in, report out. Used by the worker, the CLI and
 * tests alike. Pushes chunks through capture -> decode -> flow -> extract -> scan -> report.
 */
import type { Profile, Report } from './report/types';

export interface Progress {
  /** Bytes of the file consumed so far (compressed bytes for .gz). */
  bytes: number;
  totalBytes: number | null;
  frames: number;
  flows: number;
  findings: number;
}

export interface AnalyzeOptions {
  /** File name as given; used only for the report. */
  name: string;
  /** File size if known, for progress. */
  size?: number;
  profile?: Profile;
  /** SSLKEYLOGFILE text (issue 7). */
  keylog?: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Compiled scanner (build/scanner.wasm): bytes or a module. Without it no findings. */
  scannerWasm?: BufferSource | WebAssembly.Module;
  /** Called with the report so far every few seconds, so results appear as they are found. */
  onPartial?: (report: Report) => void;
}

/** Streams a capture through the engine. Resolves to a report even for damaged input where
 * anything could be read; rejects with a one-line Error when nothing could. */
export declare function analyzeStream(
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: AnalyzeOptions,
): Promise<Report>;
