/** Node worker thread running the leak scanner for the CLI's scan pool (src/cli/scanPool.ts). */
import { exposeScanWorker } from '../../workers/glue';
import { nodeEndpoint } from '../../workers/nodeEndpoint';
import { parentPort } from 'node:worker_threads';
import { createScanWorkerApi } from '../core/scan/scanWorkerApi';
import { codeCacheReady } from './codeCache';
import { useNodeDigests } from './nodeDigests';

useNodeDigests();
const api = createScanWorkerApi();
const { scan, close } = api;
let scanned = false;
api.scan = (session, batch) => {
  scanned = true;
  return scan(session, batch);
};
// The first session that scanned something has compiled what scanning needs: cache it now.
api.close = async (session) => {
  await close(session);
  if (scanned) codeCacheReady();
};
exposeScanWorker(api, nodeEndpoint(parentPort!));
