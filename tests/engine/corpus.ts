/** Paths to the shared corpora and a helper that runs the engine on a file. */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeStream, type AnalyzeOptions } from '../../src/core/engine';
import type { Report } from '../../src/core/report/types';
import { loadGeoTablesFromDisk } from '../../src/cli/nodeAssets';
import { fileURLToPath as toPath } from 'node:url';
const here = toPath(new URL('.', import.meta.url));

export const SHARED = resolve(here, '../../../shared');
export const EXTERNAL = resolve(SHARED, 'corpus/external');
export const MALFORMED = resolve(SHARED, 'corpus/malformed');
export const LEAKS = resolve(SHARED, 'corpus/leaks');
export const TOOLS = resolve(SHARED, 'tools');

const WASM = resolve(here, '../../build/scanner.wasm');
let scannerModule: WebAssembly.Module | undefined;

/** The compiled scanner, once per test file (undefined if build:wasm has not run). */
export function scannerWasm(): WebAssembly.Module | undefined {
  if (!scannerModule && existsSync(WASM)) scannerModule = new WebAssembly.Module(readFileSync(WASM));
  return scannerModule;
}

/** Runs the engine over one capture file as the CLI does. */
export function analyzeFile(path: string, options: Partial<AnalyzeOptions> = {}): Promise<Report> {
  return analyzeStream(createReadStream(path, { highWaterMark: 1 << 16 }), {
    name: path.split('/').pop()!,
    size: statSync(path).size,
    scannerWasm: scannerWasm(),
    geo: loadGeoTablesFromDisk(),
    ...options,
  });
}
