/** Shared test helpers: the compiled scanner, truth files, a ScanInput builder. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScannerWasm, type ScannerWasm } from '../../src/core/scan';
import type { ScanInput } from '../../src/core/extract/types';
import type { Profile } from '../../src/core/report/types';
import type { ScanPoolOptions } from '../../src/core/scan/pool';
import { LEAKS, REPO_ROOT } from '../corpus';

export { LEAKS };

/** The compiled scanner's bytes (npm run build:wasm). */
export function wasmBytes(): Uint8Array {
  return new Uint8Array(readFileSync(join(REPO_ROOT, 'build/scanner.wasm')));
}

let wasm: Promise<ScannerWasm> | null = null;

/** One scanner instance per test file (memory is reused across LeakScanners). */
export function scannerWasm(): Promise<ScannerWasm> {
  wasm ??= loadScannerWasm(wasmBytes());
  return wasm;
}

export interface Planted {
  type: string; value: string; encoding: string; protocol: string; direction: 'upload' | 'download';
  encrypted_on_wire: boolean; visible_without_keys: boolean; variant: string | null; field: string | null;
  wire: string; written_as: string | null; encoded_form: string | null; frames: number[];
}
export interface Decoy { value: string; looks_like: string; where: string; encrypted_on_wire: boolean }
export interface Truth { capture: string; planted: Planted[]; decoys: Decoy[] }

/** Every truth file, by name. */
export function truths(): [string, Truth][] {
  const dir = join(LEAKS, 'truth');
  return readdirSync(dir).filter((f) => f.endsWith('.truth.json')).sort()
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Truth]);
}

/** The corpus profile. */
export function corpusProfile(): Profile {
  return JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8')) as Profile;
}

/** A ScanInput around some text. */
export function input(text: string | Uint8Array, over: Partial<ScanInput> = {}): ScanInput {
  return {
    flow: 0, direction: 'upload', protocol: 'http', part: 'body', frame: 1, encryptedOnWire: false,
    bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text,
    ...over,
  };
}

/** Digits-only / lower-case comparison the way compare-leaks.mjs normalises values. */
export function norm(type: string, v: string): string {
  const s = v.trim().toLowerCase();
  if (['imei', 'imsi', 'iccid', 'phone', 'contact_phone'].includes(type)) return s.replace(/\D/g, '');
  if (type === 'mac') return s.replace(/[^0-9a-f]/g, '');
  if (type === 'location') return s.split(/[,\s]+/).map((x) => Number(x).toFixed(3)).join(',');
  return s;
}

const PHONES = new Set(['phone', 'contact_phone']);

/** compare-leaks.mjs sameType: own and contact numbers are interchangeable. */
export function sameType(a: string, b: string): boolean {
  return a === b || (PHONES.has(a) && PHONES.has(b));
}

/** compare-leaks.mjs sameValue (phones by their last 8 digits both ways). */
export function sameValue(type: string, a: string, b: string): boolean {
  const x = norm(type, a);
  const y = norm(type, b);
  if (PHONES.has(type) && x.length >= 8 && y.length >= 8) return x.endsWith(y.slice(-8)) && y.endsWith(x.slice(-8));
  return x === y;
}

/** compare-leaks.mjs: content coding alone counts as plain. */
export function plainIfCoding(e: string): string {
  return ['gzip', 'deflate', 'br', 'chunked'].includes(e) ? 'plain' : e;
}

const lastWord = (s: string | null) => (s ?? 'v').split(/[ .]/).filter(Boolean).pop() ?? 'v';

/** Puts a planted record's wire text into the bytes an extractor would hand over. */
export function surround(p: Planted): { bytes: Uint8Array; protocol: string; part: string } {
  const enc = (s: string) => new TextEncoder().encode(s);
  const field = p.field ?? 'v';
  if (p.encoding === 'gzip') return { bytes: enc(`{"device":{${p.wire}},"app":"x","ts":1773452480730}`), protocol: p.protocol, part: 'body' };
  if (p.protocol === 'dns') return { bytes: enc(`${p.wire}.t.xmsvc-tunnel.cn`), protocol: 'dns', part: 'qname' };
  if (p.protocol === 'mqtt') {
    if (/topic/.test(field)) return { bytes: enc(`user/${p.wire}/status`), protocol: 'mqtt', part: 'topic' };
    if (/client id/.test(field)) return { bytes: enc(`android_${p.wire}`), protocol: 'mqtt', part: 'client-id' };
    return { bytes: enc(`{"${lastWord(field)}":"${p.wire}","bat":87,"net":"wifi"}`), protocol: 'mqtt', part: 'payload' };
  }
  if (p.protocol === 'udp') return { bytes: enc(`{"t":"hb","${field}":"${p.wire}","ts":1773454220266}`), protocol: 'udp', part: 'payload' };
  const key = lastWord(field);
  if (p.direction === 'download' || / /.test(p.wire)) {
    return { bytes: enc(`{"code":0,"data":{"nick":"x","${key}":"${p.wire}","vip":false}}`), protocol: p.protocol, part: 'body' };
  }
  return { bytes: enc(`ev=app_start&appkey=53f1a7c2e9&${key}=${p.wire}&ts=1773454055162&sdk=android-2.3.1`), protocol: p.protocol, part: 'body' };
}

/** Pool options that send every input above INLINE_MAX_BYTES to the threads, as the browser does: the workers' path under test. */
export const WORKERS_ONLY: ScanPoolOptions = { inlineFirstBytes: 0 };
