/** The page's side of the engine worker: one worker, typed through workers/api.ts. */
import { callback, wrapApi, type Remote } from '../../../workers/glue';
import type { Report } from '../../core/report/types';
import { isEngineJson } from './engine-formats';
import { CAPTURE_NOT_STORED, type AnalyzeRequest, type EngineApi, type EngineStatus, type FlowStream, type FlowStreamRequest, type Progress } from '../../../workers/api';

export type { Progress, EngineStatus, FlowStream, FlowStreamRequest };
export { CAPTURE_NOT_STORED };

/** Anything that can analyze a capture for the page (the worker, or the dev fixture). */
export interface Analyzer {
  status(): Promise<EngineStatus>;
  /** One capture, or several files read as one session (EngineApi.analyze). */
  analyze(file: File | File[], request: AnalyzeRequest, onProgress: (p: Progress) => void, onPartial: (r: Report) => void): Promise<Report>;
  /** Stops the running analysis; its promise rejects with an AbortError. */
  cancel(): void;
  /** One flow's payload (see EngineApi.followStream); absent where there is no engine. */
  followStream?(request: FlowStreamRequest, capture?: Blob | Blob[]): Promise<FlowStream>;
}

/** True for followStream's rejection when no capture is at hand. */
export function isCaptureNotStored(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === CAPTURE_NOT_STORED;
}

/** True for the rejection of a cancelled analysis. */
export function isAbort(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'AbortError';
}

/** Runs the engine in a module worker. Cancel drops the worker: a new one starts on demand. */
export class WorkerAnalyzer implements Analyzer {
  #worker: Worker | null = null;
  #api: Remote<EngineApi> | null = null;
  #reject: ((e: unknown) => void) | null = null;
  /** Other calls in flight, rejected too if the worker is dropped. */
  #pending = new Set<(e: unknown) => void>();

  #remote(): Remote<EngineApi> {
    if (!this.#api) {
      this.#worker = new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'leakscope-engine',
      });
      this.#api = wrapApi<EngineApi>(this.#worker);
    }
    return this.#api;
  }

  status(): Promise<EngineStatus> {
    return this.#remote().status();
  }

  analyze(file: File | File[], request: AnalyzeRequest, onProgress: (p: Progress) => void, onPartial: (r: Report) => void): Promise<Report> {
    const api = this.#remote();
    return new Promise<Report>((resolve, reject) => {
      this.#reject = reject;
      api
        .analyze(file, request, callback(onProgress), callback(onPartial))
        .then(resolve, reject)
        .finally(() => {
          if (this.#reject === reject) this.#reject = null;
        });
    });
  }

  followStream(request: FlowStreamRequest, capture?: Blob | Blob[]): Promise<FlowStream> {
    const api = this.#remote();
    return new Promise<FlowStream>((resolve, reject) => {
      this.#pending.add(reject);
      api
        .followStream(request, capture)
        .then(resolve, reject)
        .finally(() => this.#pending.delete(reject));
    });
  }

  cancel(): void {
    // The engine may be deep in a chunk: terminating is immediate and frees its memory.
    this.#worker?.terminate();
    this.#worker = null;
    this.#api = null;
    this.#reject?.(new DOMException('The analysis was cancelled.', 'AbortError'));
    this.#reject = null;
    for (const reject of this.#pending) reject(new DOMException('The engine was stopped.', 'AbortError'));
    this.#pending.clear();
  }
}

/** A report JSON (an export, or the CLI's output) rather than a capture? Judged from the bytes. */
export async function readReportFile(file: File): Promise<Report | null> {
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 BOM
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] !== 0x7b /* { */) return null;
  // An App Privacy Report or a HAR: the engine's to read.
  if (await isEngineJson(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    throw new Error(`${file.name} looks like JSON but could not be parsed.`);
  }
  const r = parsed as Partial<Report>;
  if (r?.format !== 'capture-report' || !r.capture || !Array.isArray(r.findings) || !Array.isArray(r.flows)) {
    throw new Error(`${file.name} is JSON but not a Leakscope report.`);
  }
  return {
    ...(r as Report),
    warnings: r.warnings ?? [],
    dns: r.dns ?? [],
    http: r.http ?? [],
    tls: r.tls ?? [],
  };
}
