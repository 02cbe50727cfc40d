/** Node-side loading of the engine's assets: the compiled scanner and the offline tables. */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { type GeoTables, loadGeoTables } from '../core/enrich/tables';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** build/scanner.wasm compiled once, or undefined (with a note on stderr) if not built. */
export function loadScannerModule(): WebAssembly.Module | undefined {
  const path = resolve(root, 'build/scanner.wasm');
  if (!existsSync(path)) {
    console.error('leakscope: build/scanner.wasm missing (run npm run build:wasm); reporting without findings');
    return undefined;
  }
  return new WebAssembly.Module(readFileSync(path));
}

let geo: GeoTables | undefined;

/**
 * The country/ASN/tracker tables, decoded once per thread. The bundled CLI reads the inflated
 * copies build:cli writes to build/cli/data (15 MB from the page cache, where
 * inflating the 4 MB of gzip took 30-90 ms of every run); under tsx, the gzipped files in
 * src/data. Lookups touch a few dozen entries, so decoding is mostly typed-array views.
 */
export function loadGeoTablesFromDisk(): GeoTables {
  geo ??= loadGeoTables({
    country: tableFile('country.bin'),
    asn: tableFile('asn.bin'),
    trackers: readFileSync(resolve(root, 'src/data/trackers.json')),
  });
  return geo;
}

/** Where the bundled CLI finds a table inflated, or null (under tsx, or not built). */
function inflatedPath(name: string): string | null {
  const inflated = resolve(root, 'build/cli/data', name);
  return import.meta.url.endsWith('.mjs') && existsSync(inflated) ? inflated : null;
}

function tableFile(name: string): Uint8Array {
  const inflated = inflatedPath(name);
  // Inflated by node's zlib here: fflate (the browser's fallback) took 180 ms of a 0.9 s CLI run.
  return inflated ? readFileSync(inflated) : gunzipSync(readFileSync(resolve(root, 'src/data', `${name}.gz`)));
}

let later: Promise<GeoTables> | undefined;

/** The same tables, their files read on the thread pool (a 15 MB read: ~25 ms of this thread otherwise). */
export function geoTablesLater(): Promise<GeoTables> {
  if (geo) return Promise.resolve(geo);
  const read = (name: string) => {
    const inflated = inflatedPath(name);
    return inflated ? readFile(inflated) : Promise.resolve(tableFile(name));
  };
  later ??= Promise.all([read('country.bin'), read('asn.bin'), readFile(resolve(root, 'src/data/trackers.json'))]).then(
    ([country, asn, trackers]) => (geo ??= loadGeoTables({ country, asn, trackers })),
  );
  return later;
}
