/**
 * Scan worker: the leak scanner (one wasm instance, memory reused) behind workers/api.ts's
 * ScanWorkerApi. Started by the engine worker, which spreads a capture's scan inputs over a
 * pool of these (src/core/scan/pool.ts).
 */
import { exposeScanWorker } from './glue';
import { createScanWorkerApi } from '../src/core/scan/scanWorkerApi';

exposeScanWorker(createScanWorkerApi());
