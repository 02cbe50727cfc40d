/** Test helpers: run a capture through the reader and collect what the sink sees. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureFormat } from '../../src/core/capture/index';
import type { Warning } from '../../src/core/warnings';
import { MALFORMED } from '../corpus';
import { readChunks } from '../pipeline';

export interface FrameSummary {
  number: number;
  linktype: number;
  time: number;
  capturedLength: number;
  originalLength: number;
  /** FNV-1a of the packet bytes: compares data without keeping it. */
  hash: number;
}

export interface ReadResult {
  format: CaptureFormat | null;
  compressed: boolean;
  frames: FrameSummary[];
  warnings: Warning[];
  secrets: { type: number; data: Uint8Array }[];
  names: { ip: string; names: string[] }[];
  bytesRead: number;
}

export function fnv(data: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 0x01000193);
  return h >>> 0;
}

/** Splits bytes into chunks: 'one', 'bytes' (1 byte each) or random sizes from a seed. */
export type Chunking = 'one' | 'bytes' | { seed: number; max: number };

export function* chunks(bytes: Uint8Array, how: Chunking): Generator<Uint8Array> {
  if (how === 'one') {
    yield bytes;
    return;
  }
  if (how === 'bytes') {
    for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    return;
  }
  let s = how.seed >>> 0;
  for (let i = 0; i < bytes.length; ) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const n = 1 + (s % how.max);
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

/** Reads a whole capture with the engine's reader; exceptions propagate. */
export function readCapture(bytes: Uint8Array, how: Chunking = 'one'): ReadResult {
  const r: ReadResult = { format: null, compressed: false, frames: [], warnings: [], secrets: [], names: [], bytesRead: 0 };
  const run = readChunks(chunks(bytes, how), (f) => r.frames.push({
    number: f.number,
    linktype: f.linktype,
    time: f.time,
    capturedLength: f.capturedLength,
    originalLength: f.originalLength,
    hash: fnv(f.data),
  }), {
    warn: (code, message, frame) => void r.warnings.push({ code, message, frame }),
    secrets: (type, data) => r.secrets.push({ type, data: data.slice() }),
    names: (entries) => r.names.push(...entries),
  });
  r.format = run.format;
  r.compressed = run.compressed;
  r.bytesRead = run.bytesRead;
  return r;
}

export interface ManifestRow {
  file: string;
  capinfos: string;
  format: string;
  byteOrder: string;
  linktype: string;
  packets: number;
}

export function loadManifest(): ManifestRow[] {
  const lines = readFileSync(join(MALFORMED, 'manifest.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const c = line.split('\t');
    return { file: c[0], capinfos: c[2], format: c[4], byteOrder: c[5], linktype: c[6], packets: Number(c[7]) };
  });
}
