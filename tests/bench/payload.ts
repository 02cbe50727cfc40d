/**
 * Payload-like bytes for the scanner bench: every ScanInput the engine hands the scanner while
 * it reads the real captures of ../shared/corpus (leaks + external): reassembled TCP streams,
 * decoded HTTP bodies, URLs and headers, DNS names, MQTT fields, UDP payloads. Collected by
 * recording LeakScanner.scan during analyzeStream, then tiled to the requested size.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeStream } from '../../src/core/engine';
import { LeakScanner } from '../../src/core/scan';
import type { ScanInput } from '../../src/core/extract/types';
import type { Profile } from '../../src/core/report/types';
import { CORPUS } from '../corpus';

/** Ten identifiers (the corpus person's, so the planted leaks in the payload are hits). */
export const PROFILE: Profile = {
  imei: ['862287025963539'], imsi: ['460012835716904'], iccid: ['89860114529727340129'],
  phone: ['+8618611428769'], contacts: ['+86 135 2187 6643', '18910264518'], mac: ['64:09:80:3a:5c:7e'],
  android_id: ['3066379a45367b62'], ad_id: ['8b839aab-6233-4ff2-b2be-3d337ace32a7'], email: ['zhangwei.bj88@163.com'],
};

/** Capture files of the corpus (leaks and external), sorted. */
export function corpusCaptures(): string[] {
  const out: string[] = [];
  for (const d of ['leaks/captures', 'external/captures']) {
    const dir = join(CORPUS, d);
    for (const f of readdirSync(dir).sort()) if (/\.(pcap|pcapng|cap)(\.gz)?$/.test(f)) out.push(join(dir, f));
  }
  return out;
}

/** The scan inputs of every corpus capture, as the engine produces them. */
export async function corpusInputs(wasm: Uint8Array, paths = corpusCaptures()): Promise<ScanInput[]> {
  const inputs: ScanInput[] = [];
  const orig = LeakScanner.prototype.scan;
  LeakScanner.prototype.scan = function (this: LeakScanner, input: ScanInput) {
    if (input.bytes.length > 0) inputs.push({ ...input, bytes: input.bytes.slice() });
  };
  const module = new WebAssembly.Module(new Uint8Array(wasm));
  try {
    for (const path of paths) {
      const bytes = readFileSync(path);
      try {
        await analyzeStream(once(bytes), { name: path, size: statSync(path).size, scannerWasm: module });
      } catch { /* unreadable captures add nothing */ }
    }
  } finally {
    LeakScanner.prototype.scan = orig;
  }
  return inputs;
}

async function* once(b: Uint8Array): AsyncIterable<Uint8Array> {
  yield b;
}

/** Inputs repeated (in order) until their bytes reach `total`; the last one is cut. */
export function tile(inputs: ScanInput[], total: number): ScanInput[] {
  const out: ScanInput[] = [];
  let size = 0;
  for (let i = 0; size < total; i = (i + 1) % inputs.length) {
    const inp = inputs[i];
    const n = Math.min(inp.bytes.length, total - size);
    out.push(n === inp.bytes.length ? inp : { ...inp, bytes: inp.bytes.subarray(0, n) });
    size += n;
  }
  return out;
}

/** One byte array of the inputs, back to back. */
export function concat(inputs: ScanInput[]): Uint8Array {
  let n = 0;
  for (const i of inputs) n += i.bytes.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const i of inputs) { out.set(i.bytes, o); o += i.bytes.length; }
  return out;
}
