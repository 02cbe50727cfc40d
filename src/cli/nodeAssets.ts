/**
 * Where the CLI finds the engine's assets (src/core/assets.ts loads them, as for the app and the
 * widget): build/scanner.wasm, and the offline tables from disk.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadScanner, loadTables, type AssetName, type AssetSource } from '../core/assets';
import type { GeoTables } from '../core/enrich/tables';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/**
 * The files, read on libuv's thread pool. The bundled CLI reads the tables build:cli inflated
 * into build/cli/data (15 MB from the page cache, where inflating the 4 MB of gzip took 30-90 ms
 * of every run); under tsx, the gzipped files in src/data, inflated by node's zlib (fflate, the
 * browser's fallback, took 180 ms of a 0.9 s CLI run).
 */
export const nodeSource: AssetSource = async (name: AssetName) => {
  if (name === 'scanner') {
    // LEAKSCOPE_SCANNER: another build of the scanner (and how a test makes it missing).
    const path = process.env.LEAKSCOPE_SCANNER ?? resolve(root, 'build/scanner.wasm');
    return existsSync(path) ? readFile(path) : undefined;
  }
  if (name === 'trackers') return readFile(resolve(root, 'src/data/trackers.json'));
  const inflated = inflatedPath(`${name}.bin`);
  return inflated ? readFile(inflated) : gunzipSync(await readFile(resolve(root, 'src/data', `${name}.bin.gz`)));
};

/** Where the bundled CLI finds a table inflated, or null (under tsx, or not built). */
function inflatedPath(name: string): string | null {
  const inflated = resolve(root, 'build/cli/data', name);
  return import.meta.url.endsWith('.mjs') && existsSync(inflated) ? inflated : null;
}

/** build/scanner.wasm compiled, or undefined (with a note on stderr) if not built. */
export async function loadScannerModule(): Promise<WebAssembly.Module | undefined> {
  const { module, status } = await loadScanner(nodeSource);
  if (status.state !== 'ready') console.error(`leakscope: ${status.message}`);
  return module;
}

let tables: Promise<GeoTables> | undefined;

/** The country/ASN/tracker tables, loaded once per thread; a problem is one line on stderr. */
export function geoTablesLater(): Promise<GeoTables> {
  tables ??= loadTables(nodeSource).then(({ geo, status }) => {
    if (status.state !== 'ready') console.error(`leakscope: ${status.message}`);
    return geo;
  });
  return tables;
}
