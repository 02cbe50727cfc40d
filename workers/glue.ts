/**
 * Host glue: how the engine's contracts cross a thread boundary. The only place (with the app's
 * engine client, which wraps through here too) that knows about Comlink; src/core stays
 * worker-free and runs the same in a page, a worker, Node and tests.
 */
import * as Comlink from 'comlink';
import type { Endpoint } from 'comlink';
import type { ScanWorkerApi } from '../src/core/scan/workerApi';

export type { Endpoint };

/**
 * The engine side of one scan worker: ScanWorkerApi over `endpoint`, each batch's buffer moved
 * to the worker rather than copied (a batch is ~1 MiB; copies were measurable on the engine thread).
 */
export function wrapScanWorker(endpoint: Endpoint): ScanWorkerApi {
  const remote = Comlink.wrap<ScanWorkerApi>(endpoint);
  return {
    open: (session, scanner, profile) => remote.open(session, scanner, profile),
    scan: (session, batch) => remote.scan(session, Comlink.transfer(batch, [batch.bytes])),
    close: (session) => remote.close(session),
    sha256: (job, file) => remote.sha256(job, file),
    cancelSha256: (job) => remote.cancelSha256(job),
  };
}

/** The worker side: serves `api` on `endpoint` (the worker's global scope by default), handing each
 * batch's buffer back by transfer for the engine to reuse. */
export function exposeScanWorker(api: ScanWorkerApi, endpoint?: Endpoint): void {
  const served: ScanWorkerApi = {
    ...api,
    scan: async (session, batch) => {
      const answer = await api.scan(session, batch);
      return Comlink.transfer(answer, [answer.bytes]);
    },
  };
  Comlink.expose(served, endpoint);
}

/** Serves an object's methods on `endpoint` (the worker's global scope by default). */
export function exposeApi(api: object, endpoint?: Endpoint): void {
  Comlink.expose(api, endpoint);
}

/** A handle on the API a worker serves with exposeApi. */
export function wrapApi<T>(endpoint: Endpoint): Comlink.Remote<T> {
  return Comlink.wrap<T>(endpoint);
}

export type Remote<T> = Comlink.Remote<T>;

/** Marks a callback to be called back across the boundary rather than copied. */
export const callback = Comlink.proxy;

/** Marks buffers inside a value to be moved, not copied, when it is sent. */
export const transfer = Comlink.transfer;
