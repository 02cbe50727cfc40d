/**
 * Engine worker: exposes workers/api.ts's EngineApi over Comlink and hands everything to
 * src/core/engine.ts. No logic of its own beyond wiring: stream the file, load the scanner,
 * turn cancel() into an AbortSignal.
 */
import * as Comlink from 'comlink';
import * as engine from '../src/core/engine';
import type { EngineApi, EngineStatus, ScannerStatus } from './api';

// A glob rather than a plain `?url` import so that a build without build/scanner.wasm (not yet
// compiled: `npm run build:wasm`) still works, with a clear message instead of a failed build.
const scannerUrls = import.meta.glob<string>('../build/scanner.wasm', {
  query: '?url',
  import: 'default',
  eager: true,
});
const scannerUrl: string | undefined = Object.values(scannerUrls)[0];

let scanner: Promise<{ module?: WebAssembly.Module; status: ScannerStatus }> | null = null;

function loadScanner() {
  scanner ??= (async () => {
    if (!scannerUrl) {
      return {
        status: {
          state: 'missing',
          message: 'The leak scanner is not built (build/scanner.wasm is missing; run npm run build:wasm): traffic is shown but no findings.',
        },
      } as const;
    }
    try {
      const response = await fetch(scannerUrl);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const module = await WebAssembly.compile(await response.arrayBuffer());
      return { module, status: { state: 'ready' } } as const;
    } catch (e) {
      return {
        status: { state: 'failed', message: `The leak scanner could not be loaded (${(e as Error).message}): no findings.` },
      } as const;
    }
  })();
  return scanner;
}

function hasEngine(): boolean {
  // Until the engine lands, src/core/engine.ts only declares analyzeStream.
  return typeof (engine as Partial<typeof engine>).analyzeStream === 'function';
}

let current: AbortController | null = null;

const api: EngineApi = {
  async analyze(input, request, onProgress, onPartial) {
    if (!hasEngine()) throw new Error('This build has no capture engine yet (src/core/engine.ts does not export analyzeStream).');
    current?.abort();
    const controller = new AbortController();
    current = controller;
    try {
      const { module } = await loadScanner();
      const stream = input instanceof Blob ? input.stream() : input;
      return await engine.analyzeStream(stream, {
        ...request,
        size: request.size ?? (input instanceof Blob ? input.size : undefined),
        signal: controller.signal,
        onProgress,
        onPartial,
        scannerWasm: module,
      });
    } finally {
      if (current === controller) current = null;
    }
  },
  cancel() {
    current?.abort();
  },
  async status(): Promise<EngineStatus> {
    return { engine: hasEngine(), scanner: (await loadScanner()).status };
  },
};

Comlink.expose(api);
