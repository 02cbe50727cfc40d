/**
 * The engine's one entry point: capture bytes in, report out. Used by the worker, the CLI and
 * tests alike. Chunks go through capture -> decode -> flow -> extract -> scan -> report.
 */
import type { Profile, Report } from './report/types';
import type { GeoTables } from './enrich/tables';
import type { ScanPool } from './scan/pool';
import { CaptureAnalysis } from './analysis';
import { abortError, readChunks } from './chunks';

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
  /**
   * The capture's SHA-256 (hex) computed elsewhere — another thread reading the same file, or a
   * native hash — so this thread does not hash every byte. Without it the engine hashes inline.
   */
  sha256?: Promise<string>;
  /** Scan workers to spread the scanning over (else the scanner runs in this thread). */
  scanPool?: ScanPool;
  /** Offline country/ASN/tracker tables (src/data), loaded once per worker or process. */
  geo?: GeoTables;
  /** Called with the report so far every few seconds, so results appear as they are found. */
  onPartial?: (report: Report) => void;
}

const PROGRESS_EVERY_MS = 100;
const PARTIAL_EVERY_MS = 2000;

/** Streams a capture through the engine. Resolves to a report even for damaged input where
 * anything could be read; rejects with a one-line Error when nothing could. */
export async function analyzeStream(
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: AnalyzeOptions,
): Promise<Report> {
  const analysis = await CaptureAnalysis.create(options);
  let lastProgress = 0;
  let lastPartial = Date.now();
  try {
    for await (const chunk of readChunks(stream)) {
      if (options.signal?.aborted) throw abortError('analysis cancelled');
      analysis.push(chunk);
      // Scan workers behind: wait for them rather than queue the capture up in memory.
      await analysis.backlog();
      const now = Date.now();
      if (options.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        options.onProgress(analysis.progress());
      }
      if (options.onPartial && now - lastPartial >= PARTIAL_EVERY_MS) {
        lastPartial = now;
        options.onPartial(analysis.snapshot());
      }
    }
    if (options.signal?.aborted) throw abortError('analysis cancelled');
  } catch (e) {
    analysis.dispose();
    throw e;
  }
  const report = await analysis.finish();
  options.onProgress?.(analysis.progress());
  return report;
}

