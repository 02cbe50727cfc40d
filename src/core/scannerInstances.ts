/**
 * Scanner instances kept per compiled module: the issue asks for one wasm instance per worker
 * reusing its memory, and instantiating (15.6 MiB laid out) per capture dominated batch runs.
 * An instance serves one analysis at a time; concurrent analyses in one thread get their own.
 */
import { type ScannerWasm, loadScannerWasm } from './scan/index';

const idle = new WeakMap<object, ScannerWasm[]>();

/** An idle instance for this module or bytes, or a new one. */
export async function acquireScanner(source: BufferSource | WebAssembly.Module): Promise<ScannerWasm> {
  return idle.get(source)?.pop() ?? loadScannerWasm(source);
}

/** Gives an instance back once its analysis has finished. */
export function releaseScanner(source: BufferSource | WebAssembly.Module, wasm: ScannerWasm): void {
  const list = idle.get(source);
  if (list) list.push(wasm);
  else idle.set(source, [wasm]);
}
