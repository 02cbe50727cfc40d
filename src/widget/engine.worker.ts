/**
 * The widget's engine worker: fetches a capture and runs src/core/engine.ts over it, with the
 * scanner (scanner.wasm) and the offline tables (country/ASN/trackers) fetched from the URLs the
 * page sends (next to the widget script). Built as one classic script (dist/widget/widget-engine.js)
 * so that a page on another origin can start it through a blob: trampoline with importScripts().
 * Nothing here is part of widget.js: report-only pages never load it.
 */
import { analyzeStream } from '../core/engine';
import { inflateTableFile, loadGeoTables, type GeoTableFiles, type GeoTables } from '../core/enrich/tables';
import type { AnalyzeMessage, EngineAssets, FromWorker } from './protocol';

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;

function post(message: FromWorker): void {
  scope.postMessage(message);
}

async function fetchBytes(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

async function loadScanner(url: string, notes: string[]): Promise<WebAssembly.Module | undefined> {
  try {
    return await WebAssembly.compile(await fetchBytes(url));
  } catch (e) {
    notes.push(`The leak scanner could not be loaded (${reason(e)}), so identifiers were not searched for.`);
    return undefined;
  }
}

/** Each table is optional: without one, countries, networks or tracker names stay empty. */
async function loadTables(assets: EngineAssets, notes: string[]): Promise<GeoTables> {
  const files: GeoTableFiles = {};
  const what = { country: 'country', asn: 'network owner', trackers: 'tracker' } as const;
  await Promise.all(
    (['country', 'asn', 'trackers'] as const).map(async (key) => {
      try {
        files[key] = await inflateTableFile(await fetchBytes(assets[key]));
      } catch (e) {
        notes.push(`The ${what[key]} table could not be loaded (${reason(e)}).`);
      }
    }),
  );
  try {
    return loadGeoTables(files);
  } catch (e) {
    notes.push(`The offline tables are damaged (${reason(e)}); countries and networks are not shown.`);
    return loadGeoTables({});
  }
}

async function analyze(message: AnalyzeMessage): Promise<void> {
  const notes: string[] = [];
  const [scannerWasm, geo, response] = await Promise.all([
    loadScanner(message.assets.scanner, notes),
    loadTables(message.assets, notes),
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
    scannerWasm,
    geo,
    onProgress: (p) => post({ type: 'progress', bytes: p.bytes, totalBytes: p.totalBytes, frames: p.frames, findings: p.findings }),
  });
  post({ type: 'report', report, notes });
}

scope.addEventListener('message', (event: MessageEvent<AnalyzeMessage>) => {
  if (event.data?.type !== 'analyze') return;
  analyze(event.data).catch((e: unknown) => post({ type: 'error', message: reason(e) }));
});
