/** Host glue for Node worker threads (the CLI): a thread or its parent port as a Comlink endpoint. */
import adapter from 'comlink/dist/esm/node-adapter.mjs';

export const nodeEndpoint = adapter;
