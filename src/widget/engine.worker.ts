/**
 * The widget's engine worker: fetches a capture and runs src/core/engine.ts over it, with the
 * scanner (scanner.wasm) and the offline tables (country/ASN/trackers) fetched from the URLs the
 * page sends (next to the widget script). Built as one classic script (dist/widget/widget-engine.js)
 * so that a page on another origin can start it through a blob: trampoline with importScripts().
 * Nothing here is part of widget.js: report-only pages never load it.
 */
import { analyzeStream } from '../core/engine';
import { assetNotes, fetchSource, loadScanner, loadTables } from '../core/assets';
import { errorText as reason } from '../core/warnings';
import type { AnalyzeMessage, FromWorker } from './protocol';

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;

function post(message: FromWorker): void {
  scope.postMessage(message);
}

async function analyze(message: AnalyzeMessage): Promise<void> {
  // The page sends where the assets are (next to the widget script); nothing else is fetched.
  const source = fetchSource((name) => message.assets[name]);
  const [scanner, tables, response] = await Promise.all([
    loadScanner(source),
    loadTables(source),
    fetch(message.url).catch((e: unknown) => {
      throw new Error(`${message.name} could not be fetched (${reason(e)}).`);
    }),
  ]);
  if (!response.ok || !response.body) throw new Error(`${message.name} could not be fetched (HTTP ${response.status}).`);
  // With Content-Encoding the length is that of the compressed body: progress is then approximate.
  const length = Number(response.headers.get('content-length'));
  const report = await analyzeStream(response.body, {
    name: message.name,
    size: length > 0 ? length : undefined,
    scannerWasm: scanner.module,
    geo: tables.geo,
    onProgress: (p) => post({ type: 'progress', bytes: p.bytes, totalBytes: p.totalBytes, frames: p.frames, findings: p.findings }),
  });
  post({ type: 'report', report, notes: assetNotes(scanner.status, tables.status) });
}

scope.addEventListener('message', (event: MessageEvent<AnalyzeMessage>) => {
  if (event.data?.type !== 'analyze') return;
  analyze(event.data).catch((e: unknown) => post({ type: 'error', message: reason(e) }));
});
