/**
 * Messages between the widget (page side) and its engine worker (engine.worker.ts).
 * Plain structured-clone data only.
 */
import type { Report } from '../core/report/types';

/** Absolute URLs of the engine's assets, next to the widget script. */
export interface EngineAssets {
  scanner: string;
  country: string;
  asn: string;
  trackers: string;
}

/** Page -> worker: analyse the capture at `url` (absolute; fetched by the worker). */
export interface AnalyzeMessage {
  type: 'analyze';
  url: string;
  /** File name for the report. */
  name: string;
  assets: EngineAssets;
}

export interface ProgressMessage {
  type: 'progress';
  bytes: number;
  totalBytes: number | null;
  frames: number;
  findings: number;
}

export interface ReportMessage {
  type: 'report';
  report: Report;
  /** Things the reader should know about this analysis, e.g. a table that did not load. */
  notes: string[];
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type FromWorker = ProgressMessage | ReportMessage | ErrorMessage;
