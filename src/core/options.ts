/**
 * What a caller gives the engine and what it hears back while a capture is read: apart from
 * engine.ts so that the analysis (which reads the options) and the engine (which runs it) do
 * not import each other.
 */
import type { Profile, Report } from './report/types';
import type { GeoTables } from './enrich/tables';
import type { ScanPool } from './scan/pool';

export interface Progress {
  /** Bytes of the file consumed so far (compressed bytes for .gz). */
  bytes: number;
  totalBytes: number | null;
  frames: number;
  flows: number;
  findings: number;
  /** Several files, one session: the file being read (its name, index from 0 and the count). */
  file?: { name: string; index: number; count: number };
}

export interface AnalyzeOptions {
  /** File name as given; used only for the report. */
  name: string;
  /** File size if known, for progress. */
  size?: number;
  profile?: Profile;
  /** SSLKEYLOGFILE text (issue 7). */
  keylog?: string;
  /** An App Privacy Report's NDJSON text, joined to the capture's flows (appreport/join.ts). */
  appReport?: string;
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
  /**
   * Flows the report lists at most besides those with a finding (default DEFAULT_FLOW_BOUND,
   * 5,000); the rest are folded into `flows_folded` (issue 15).
   */
  flowBound?: number;
  /** Called with the report so far every few seconds, so results appear as they are found. */
  onPartial?: (report: Report) => void;
}
