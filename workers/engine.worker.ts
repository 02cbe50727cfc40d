/**
 * Engine worker: exposes workers/api.ts's EngineApi over Comlink and hands everything to
 * src/core/engine.ts. No logic of its own beyond wiring: stream the file, load the scanner and
 * the offline tables once, turn cancel() into an AbortSignal.
 */
import { exposeApi, transfer, wrapScanWorker } from './glue';
import * as engine from '../src/core/engine';
import { extractFlowStream } from '../src/core/flowStream';
import { fetchSource, loadScanner, loadTables, type AssetName, type ScannerAsset, type TablesAsset } from '../src/core/assets';
import { ScanPool } from '../src/core/scan/pool';
import { CAPTURE_NOT_STORED, type EngineApi, type EngineStatus } from './api';

// A glob rather than a plain `?url` import so that a build without build/scanner.wasm (not yet
// compiled: `npm run build:wasm`) still works, with a clear message instead of a failed build.
const scannerUrls = import.meta.glob<string>('../build/scanner.wasm', {
  query: '?url',
  import: 'default',
  eager: true,
});
const scannerUrl: string | undefined = Object.values(scannerUrls)[0];

let scanner: Promise<ScannerAsset> | null = null;
const loadScannerOnce = () => (scanner ??= loadScanner(fetchSource((name) => (name === 'scanner' ? scannerUrl : undefined))));

let pool: Promise<ScanPool | null> | undefined;

/**
 * Scan workers beside this one: it reads, reassembles and extracts while they scan. One per
 * core but the one this thread uses (at least one, at most 4: beyond that the engine thread is
 * the bottleneck). Null where workers cannot be started from a worker, or do not answer: the
 * scanner then runs here, so no finding is lost to a pool that never came up. Given the scanner,
 * each worker lays out its instance before the pool is ready (ScanPool.warm), so an analysis
 * never overlaps the warming (it would get a second instance per worker).
 */
function scanPool(scanner?: WebAssembly.Module): Promise<ScanPool | null> {
  pool ??= (async () => {
    if (typeof Worker !== 'function') return null;
    const size = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
    const workers = Array.from({ length: size }, () => new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'leakscope-scan' }));
    const remotes = workers.map((w) => wrapScanWorker(w));
    const created = new ScanPool(remotes, () => workers.forEach((w) => w.terminate()));
    let failedToStart: () => void = () => undefined;
    const startFailed = new Promise<false>((resolve) => (failedToStart = () => resolve(false)));
    for (const w of workers) {
      w.addEventListener('error', (e) => {
        failedToStart();
        created.workerLost(new Error(e.message || 'the scan worker failed'));
        created.terminate();
        // The analysis running now reports what it lost; the next one gets fresh workers.
        void pool?.then((p) => p === created && (pool = undefined));
      });
    }
    // A round trip to every worker proves its script loaded and runs (session 0 is never opened:
    // closing it touches no state); with the scanner, that round trip lays out its instance.
    const answered = (scanner ? created.warm(scanner) : Promise.all(remotes.map((r) => r.close(0)))).then(() => true as const, () => false as const);
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 15_000));
    if (await Promise.race([answered, startFailed, timeout])) return created;
    created.terminate();
    return null;
  })();
  return pool;
}

// The offline tables, same-origin files like the scanner; globbed so that a missing file only
// leaves countries, networks or tracker names empty.
const tableUrls = import.meta.glob<string>(['../src/data/country.bin.gz', '../src/data/asn.bin.gz', '../src/data/trackers.json'], {
  query: '?url',
  import: 'default',
  eager: true,
});
const TABLE_FILES: Partial<Record<AssetName, string>> = { country: 'country.bin.gz', asn: 'asn.bin.gz', trackers: 'trackers.json' };
const tableUrl = (name: AssetName) => Object.entries(tableUrls).find(([path]) => TABLE_FILES[name] && path.endsWith(TABLE_FILES[name]!))?.[1];

let tables: Promise<TablesAsset> | null = null;
const loadTablesOnce = () => (tables ??= loadTables(fetchSource(tableUrl)));

function hasEngine(): boolean {
  // Until the engine lands, src/core/engine.ts only declares analyzeStream.
  return typeof (engine as Partial<typeof engine>).analyzeStream === 'function';
}

let current: AbortController | null = null;

/** The last capture analysed (File handles, not their bytes), for following a flow in it. */
let lastCapture: { blobs: Blob[]; sha256: string } | null = null;

const api: EngineApi = {
  async analyze(input, request, onProgress, onPartial) {
    if (!hasEngine()) throw new Error('This build has no capture engine yet (src/core/engine.ts does not export analyzeStream).');
    current?.abort();
    const controller = new AbortController();
    current = controller;
    try {
      const [{ module }, { geo }] = await Promise.all([loadScannerOnce(), loadTablesOnce()]);
      const pool = module ? await scanPool(module) : null;
      if (Array.isArray(input)) {
        // Several files, one session: each hashed beside the engine, the concatenation inline.
        const files = input.map((f) => ({ name: f.name, bytes: f.size, stream: f.stream(), sha256: pool?.sha256(f, controller.signal) }));
        // request.name is the session's (the names joined); the size is the files' sum.
        const report = await engine.analyzeStreams(files, { ...request, signal: controller.signal, onProgress, onPartial, scannerWasm: module, scanPool: pool ?? undefined, geo });
        lastCapture = { blobs: input, sha256: report.capture.sha256 };
        return report;
      }
      const stream = input instanceof Blob ? input.stream() : input;
      const report = await engine.analyzeStream(stream, {
        ...request,
        size: request.size ?? (input instanceof Blob ? input.size : undefined),
        signal: controller.signal,
        onProgress,
        onPartial,
        scannerWasm: module,
        scanPool: pool ?? undefined,
        sha256: pool && input instanceof Blob ? pool.sha256(input, controller.signal) : undefined,
        geo,
      });
      // A File is a handle to the person's file: keeping it costs no memory.
      if (input instanceof Blob) lastCapture = { blobs: [input], sha256: report.capture.sha256 };
      return report;
    } finally {
      if (current === controller) current = null;
    }
  },
  async followStream(request, capture) {
    const given = capture === undefined ? undefined : Array.isArray(capture) ? capture : [capture];
    const blobs = given?.length ? given : lastCapture && request.sha256 && lastCapture.sha256 === request.sha256 ? lastCapture.blobs : null;
    if (!blobs) {
      const e = new Error('The capture is not stored in this session; open the file again to see the stream.');
      e.name = CAPTURE_NOT_STORED;
      throw e;
    }
    const result = await extractFlowStream(blobs.length === 1 ? blobs[0].stream() : blobs.map((b) => b.stream()), { flowId: request.flowId, lastFrame: request.lastFrame, maxBytes: request.maxBytes, keylog: request.keylog });
    // Each view's segments share one buffer: hand both over rather than copy them.
    const buffers = new Set<ArrayBuffer>();
    for (const s of [...result.segments, ...(result.decrypted?.segments ?? [])]) if (s.bytes.buffer instanceof ArrayBuffer && s.bytes.length) buffers.add(s.bytes.buffer);
    return transfer(result, [...buffers]);
  },
  cancel() {
    current?.abort();
  },
  async status(): Promise<EngineStatus> {
    const [scanner, geo] = await Promise.all([loadScannerOnce(), loadTablesOnce()]);
    // The page asks at start-up: start the scan workers and their scanners now, not at the first
    // capture (pool start and wasm instantiation were most of a first analysis' first 120 ms).
    if (scanner.module) void scanPool(scanner.module);
    return { engine: hasEngine(), scanner: scanner.status, tables: geo.status };
  },
};

exposeApi(api);
