/** Node-side loading of the engine's assets: the compiled scanner and the offline tables. */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';
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

/** The country/ASN/tracker tables from src/data, decoded once per thread. */
export function loadGeoTablesFromDisk(): GeoTables {
  geo ??= loadGeoTables({
    // Inflated by node's zlib here: fflate (the browser's fallback) took 180 ms of a 0.9 s CLI run.
    country: gunzipSync(readFileSync(resolve(root, 'src/data/country.bin.gz'))),
    asn: gunzipSync(readFileSync(resolve(root, 'src/data/asn.bin.gz'))),
    trackers: readFileSync(resolve(root, 'src/data/trackers.json')),
  });
  return geo;
}

let later: Promise<GeoTables> | undefined;

/** The same tables, inflated off the JavaScript thread (zlib on the thread pool); once per thread. */
export function geoTablesLater(): Promise<GeoTables> {
  if (geo) return Promise.resolve(geo);
  // One output chunk of the size the gzip trailer states: with zlib's 16 KiB default the main
  // thread ran ~900 callbacks and a 15 MB concat.
  const inflated = (name: string) =>
    readFile(resolve(root, 'src/data', name)).then((b) => promisify(gunzip)(b, { chunkSize: Math.max(64, b.readUInt32LE(b.length - 4) + 1) }));
  later ??= Promise.all([inflated('country.bin.gz'), inflated('asn.bin.gz'), readFile(resolve(root, 'src/data/trackers.json'))]).then(
    ([country, asn, trackers]) => (geo ??= loadGeoTables({ country, asn, trackers })),
  );
  return later;
}
