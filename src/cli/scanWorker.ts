/** Node worker thread running the leak scanner for the CLI's scan pool (src/cli/scanPool.ts). */
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createScanWorkerApi } from '../core/scan/scanWorkerApi';

Comlink.expose(createScanWorkerApi(), nodeEndpoint(parentPort!));
