/** A 2 GB stream must pass with bounded memory: only an unfinished record is ever kept. */
import { describe, expect, it } from 'vitest';
import { createCaptureReader } from '../../src/core/capture/index';
import { concat, epb, idb, pcap, shb } from './build';

const GB2 = 2 * 1024 ** 3;
const CHUNK = (1 << 20) + 7; // odd size, so record boundaries wander across chunk edges

/** Streams header + `period` repeated forever, cut into CHUNK-sized views of one buffer. */
function stream(header: Uint8Array, period: Uint8Array, total: number, push: (c: Uint8Array) => void): void {
  const reps = Math.ceil((CHUNK + period.length) / period.length) + 1;
  const ring = new Uint8Array(reps * period.length);
  for (let i = 0; i < reps; i++) ring.set(period, i * period.length);
  push(header);
  for (let sent = 0; sent < total; sent += CHUNK) {
    const o = sent % period.length;
    push(ring.subarray(o, o + Math.min(CHUNK, total - sent)));
  }
}

function run(header: Uint8Array, period: Uint8Array, total: number) {
  let frames = 0;
  let bytes = 0;
  let warnings = 0;
  const reader = createCaptureReader({
    format() {},
    frame(f) {
      frames++;
      bytes += f.data.length;
    },
    warning() {
      warnings++;
    },
  });
  global.gc?.();
  const before = process.memoryUsage();
  let peak = 0;
  let n = 0;
  stream(header, period, total, (c) => {
    reader.push(c);
    if (++n % 256 === 0) {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers);
    }
  });
  reader.end();
  return { frames, bytes, warnings, peak };
}

describe('bounded memory', () => {
  it('reads a 2 GB pcap stream with a few MB of memory', () => {
    const rec = pcap(true, 1, [[1700000000, 1, new Uint8Array(1000).fill(0xab)]]).subarray(24); // 1016 bytes
    const total = Math.floor(GB2 / rec.length) * rec.length;
    const r = run(pcap(true, 1, []), rec, total);
    expect(r.frames).toBe(total / rec.length);
    expect(r.bytes).toBe(r.frames * 1000);
    expect(r.warnings).toBe(0);
    // Chunks are views of one ring buffer, so growth here is the reader's own keeping.
    expect(r.peak).toBeLessThan(32 * 1024 * 1024);
  });

  it('reads a 512 MB pcapng stream with a few MB of memory', () => {
    const blk = epb(true, 0, 0, 1, new Uint8Array(1499).fill(0xcd)); // padded, 1532 bytes
    const total = Math.floor((512 * 1024 ** 2) / blk.length) * blk.length;
    const r = run(concat(shb(true), idb(true, 1, 0)), blk, total);
    expect(r.frames).toBe(total / blk.length);
    expect(r.bytes).toBe(r.frames * 1499);
    expect(r.peak).toBeLessThan(32 * 1024 * 1024);
  });
});
