/** Node-side loading of the engine's assets: the compiled scanner and the offline tables. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
    country: readFileSync(resolve(root, 'src/data/country.bin.gz')),
    asn: readFileSync(resolve(root, 'src/data/asn.bin.gz')),
    trackers: readFileSync(resolve(root, 'src/data/trackers.json')),
  });
  return geo;
}
