/** Getting a report into the widget: a saved report.json, or a capture run through the engine worker. */
import type { Report } from '../core/report/types';
import { upgradeReport } from '../core/report/upgrade';
import { assetUrl } from './base';
import { reportError } from './validate';
import type { AnalyzeMessage, FromWorker, ProgressMessage } from './protocol';

/** A report as the widget uses it: the engine's, with the enrichment's `hosts` when present. */
export type WidgetReport = Report & { hosts?: unknown[] };

export interface Loaded {
  report: WidgetReport;
  notes: string[];
}

/** File name for a URL: its last path segment, decoded. */
export function fileName(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'capture';
  } catch {
    return 'capture';
  }
}

/**
 * Checks that parsed JSON is a capture report valid against docs/report.schema.json (after
 * filling the lists older reports may lack), so that a damaged one is the widget's error state
 * and `error` event, never an exception while rendering.
 */
export function asReport(parsed: unknown, what: string): WidgetReport {
  const r = parsed as Partial<Report> | null;
  if (!r || typeof r !== 'object' || r.format !== 'capture-report' || !r.capture || !Array.isArray(r.findings) || !Array.isArray(r.flows)) {
    throw new Error(`${what} is not a Leakscope capture report.`);
  }
  const report: WidgetReport = { ...upgradeReport(r as WidgetReport), warnings: r.warnings ?? [], dns: r.dns ?? [], http: r.http ?? [], tls: r.tls ?? [] };
  const problem = reportError(report);
  if (problem) throw new Error(`${what} is not a valid capture report (${problem}).`);
  return report;
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** Fetches and checks a saved report. `url` is absolute (resolved against the page). */
export async function loadReport(url: string, signal: AbortSignal): Promise<Loaded> {
  const name = fileName(url);
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new Error(`${name} could not be fetched (${reason(e)}).`);
  }
  if (!response.ok) throw new Error(`${name} could not be fetched (HTTP ${response.status}).`);
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    throw new Error(`${name} is not valid JSON.`);
  }
  return { report: asReport(parsed, name), notes: [] };
}

/**
 * A worker running widget-engine.js. Same origin: started directly. Another origin (the usual
 * case for a widget served from a CDN): a blob: worker that importScripts() it, since a page may
 * not start a worker from another origin's URL. Returns the worker and a cleanup function.
 */
function startWorker(url: string): { worker: Worker; dispose: () => void } {
  if (new URL(url).origin === location.origin) {
    const worker = new Worker(url, { name: 'capture-report-engine' });
    return { worker, dispose: () => worker.terminate() };
  }
  const blobUrl = URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(url)});`], { type: 'text/javascript' }));
  const worker = new Worker(blobUrl, { name: 'capture-report-engine' });
  return {
    worker,
    dispose: () => {
      worker.terminate();
      URL.revokeObjectURL(blobUrl);
    },
  };
}

/**
 * Runs a capture through the engine in a worker. `url` is absolute; the worker fetches it (its
 * origin is the page's, so the same CORS rules as for the page apply). `engineBase` overrides
 * where the engine files are (default: next to the widget script).
 */
export function analyzeCapture(
  url: string,
  engineBase: string | null,
  onProgress: (p: ProgressMessage) => void,
  signal: AbortSignal,
): Promise<Loaded> {
  return new Promise<Loaded>((resolve, reject) => {
    const engineUrl = assetUrl('widget-engine.js', engineBase);
    let started: ReturnType<typeof startWorker>;
    try {
      started = startWorker(engineUrl);
    } catch (e) {
      reject(new Error(`The analysis engine could not be started (${reason(e)}).`));
      return;
    }
    const { worker, dispose } = started;
    const finish = () => {
      dispose();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new DOMException('The analysis was cancelled.', 'AbortError'));
    };
    signal.addEventListener('abort', onAbort);
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === 'progress') onProgress(m);
      else if (m.type === 'report') {
        finish();
        resolve({ report: m.report, notes: m.notes });
      } else {
        finish();
        reject(new Error(m.message));
      }
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      finish();
      reject(new Error(`The analysis engine could not be loaded from ${engineUrl}${event.message ? ` (${event.message})` : ''}.`));
    });
    const message: AnalyzeMessage = {
      type: 'analyze',
      url,
      name: fileName(url),
      assets: {
        scanner: assetUrl('scanner.wasm', engineBase),
        country: assetUrl('country.bin.gz', engineBase),
        asn: assetUrl('asn.bin.gz', engineBase),
        trackers: assetUrl('trackers.json', engineBase),
      },
    };
    worker.postMessage(message);
  });
}
