/**
 * The engine's assets — the compiled scanner (build/scanner.wasm) and the offline country, ASN
 * and tracker tables (src/data) — loaded one way for every host. A host says only where the
 * bytes are: the app's worker and the widget's fetch them from their own origin, the CLI reads
 * them from disk. What could not be loaded becomes a status with a one-line message, never an
 * exception: the engine then reports traffic without findings, or hosts without countries.
 */
import { errorText as reason } from './warnings';
import { inflateTableFile, loadGeoTables, type GeoTableFiles, type GeoTables } from './enrich/tables';

export type AssetName = 'scanner' | 'country' | 'asn' | 'trackers';

/**
 * The bytes of an asset as the host has it (gzipped or not), or undefined when this build has
 * none; throws (or rejects) with the reason when it has one that cannot be read.
 */
export type AssetSource = (name: AssetName) => Promise<Uint8Array | undefined> | Uint8Array | undefined;

/** Whether an asset could be loaded. */
export type AssetStatus = { state: 'ready' } | { state: 'missing' | 'failed'; message: string };

export interface ScannerAsset {
  module?: WebAssembly.Module;
  status: AssetStatus;
}

export interface TablesAsset {
  /** Always set: empty tables where files are missing or damaged (lookups then answer null). */
  geo: GeoTables;
  status: AssetStatus;
}

/** The scanner, compiled. */
export async function loadScanner(source: AssetSource): Promise<ScannerAsset> {
  try {
    const bytes = await source('scanner');
    if (!bytes) {
      return {
        status: { state: 'missing', message: 'The leak scanner is not built (build/scanner.wasm is missing; run npm run build:wasm): traffic is shown but no findings.' },
      };
    }
    return { module: await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>), status: { state: 'ready' } };
  } catch (e) {
    return { status: { state: 'failed', message: `The leak scanner could not be loaded (${reason(e)}): no findings.` } };
  }
}

const TABLES = [
  ['country', 'country.bin.gz'],
  ['asn', 'asn.bin.gz'],
  ['trackers', 'trackers.json'],
] as const;

/** The offline tables; each is optional, so one missing file leaves only its lookups empty. */
export async function loadTables(source: AssetSource): Promise<TablesAsset> {
  const files: GeoTableFiles = {};
  const missing: string[] = [];
  await Promise.all(
    TABLES.map(async ([name, file]) => {
      try {
        const bytes = await source(name);
        if (!bytes) throw new Error('not built in');
        files[name] = await inflateTableFile(bytes as Uint8Array<ArrayBuffer>);
      } catch (e) {
        missing.push(`${file} (${reason(e)})`);
      }
    }),
  );
  try {
    const geo = loadGeoTables(files);
    if (missing.length) {
      return { geo, status: { state: 'missing', message: `Some offline tables could not be loaded: ${missing.join(', ')}; countries or tracker names may be missing.` } };
    }
    return { geo, status: { state: 'ready' } };
  } catch (e) {
    return { geo: loadGeoTables({}), status: { state: 'failed', message: `The offline tables are damaged (${reason(e)}): no countries shown.` } };
  }
}

/** The messages of the assets that are not ready, for a report's notes or a status line. */
export function assetNotes(...statuses: AssetStatus[]): string[] {
  return statuses.flatMap((s) => (s.state === 'ready' ? [] : [s.message]));
}

/** A source that fetches each asset from a URL (same origin), or has none where no URL is given. */
export function fetchSource(urlOf: (name: AssetName) => string | undefined): AssetSource {
  return async (name) => {
    const url = urlOf(name);
    if (!url) return undefined;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
