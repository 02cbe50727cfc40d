/** Classic pcap: byte orders, resolutions, truncation and damaged record lengths. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureError, createCaptureReader, MAX_PCAP_RECORD } from '../../src/core/capture/index';
import { Bytes, concat, pcap, toBigEndianPcap, toNanoPcap } from './build';
import { EXTERNAL, MALFORMED } from '../corpus';
import { readFile } from '../pipeline';
import { loadManifest, readCapture } from './helpers';

const data = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

describe('pcap', () => {
  for (const le of [true, false]) {
    it(`reads ${le ? 'little' : 'big'}-endian records with their values`, () => {
      const bytes = pcap(le, 1, [
        [1700000000, 250000, data(60)],
        [1700000001, 999999, data(40, 2), 1514], // snaplen-truncated: normal, no warning
        [1700000002, 0, data(0)],
      ]);
      const r = readCapture(bytes);
      expect(r.format).toBe('pcap');
      expect(r.warnings).toEqual([]);
      expect(r.frames.map((f) => [f.number, f.linktype, f.time, f.capturedLength, f.originalLength])).toEqual([
        [1, 1, 1700000000.25, 60, 60],
        [2, 1, 1700000001 + 999999 / 1e6, 40, 1514],
        [3, 1, 1700000002, 0, 0],
      ]);
    });
  }

  it('reads nanosecond pcap in both byte orders', () => {
    for (const le of [true, false]) {
      const r = readCapture(pcap(le, 101, [[1600000000, 123456789, data(20)]], { nano: true }));
      expect(r.frames[0].time).toBe(1600000000 + 123456789 / 1e9);
      expect(r.frames[0].linktype).toBe(101);
    }
  });

  it('takes the link type from the low 16 bits (top bits carry FCS info)', () => {
    const r = readCapture(pcap(true, 0x30000001, [[1, 0, data(14)]]));
    expect(r.frames[0].linktype).toBe(1);
  });

  it('gives the same frames for a real capture rewritten as big-endian and as nanosecond pcap', () => {
    const le = readFile(join(EXTERNAL, 'captures', 'alert-distance-within-1__input.pcap'));
    const base = readCapture(le);
    expect(base.frames.length).toBe(12);
    expect(readCapture(toBigEndianPcap(le)).frames).toEqual(base.frames);
    expect(readCapture(toNanoPcap(le)).frames).toEqual(base.frames);
  });

  it('stops with a warning at an absurd record length, keeping the frames before it', () => {
    const good = pcap(true, 1, [
      [10, 0, data(60)],
      [11, 0, data(60)],
    ]);
    const bad = new Bytes(true).u32(12).u32(0).u32(MAX_PCAP_RECORD + 1).u32(100).raw(data(200)).bytes();
    const bytes = concat(good, bad, pcap(true, 1, [[13, 0, data(60)]]).subarray(24));
    for (const how of ['one', 'bytes'] as const) {
      const r = readCapture(bytes, how);
      expect(r.frames.length).toBe(2);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatchObject({ code: 'capture-bad-record', frame: 3 });
      expect(r.warnings[0].message).toContain('record 3');
    }
  });

  it('warns about a record cut off by the end of the file', () => {
    const full = pcap(true, 1, [
      [10, 0, data(60)],
      [11, 0, data(60)],
    ]);
    const r = readCapture(full.subarray(0, full.length - 10));
    expect(r.frames.length).toBe(1);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'capture-truncated', frame: 2 })]);
  });

  it('throws a CaptureError when the file header itself is cut', () => {
    const reader = createCaptureReader({ format() {}, frame() {}, warning() {} });
    reader.push(pcap(true, 1, []).subarray(0, 10));
    expect(() => reader.end()).toThrow(CaptureError);
  });

  describe('big-endian pcaps of the malformed corpus', () => {
    const rows = loadManifest().filter((m) => m.byteOrder === 'big-endian' && m.format === 'pcap');
    it('has the 6 of them', () => expect(rows.length).toBe(6));
    it.each(rows.map((m) => [m.file, m] as const))('%s', (_n, m) => {
      const r = readCapture(readFile(join(MALFORMED, m.file)));
      expect(r.format).toBe('pcap');
      expect(r.frames.length).toBe(m.packets);
      expect(r.warnings).toEqual([]);
      expect(r.frames[0].time).toBeGreaterThan(0);
      expect(r.frames[0].time).toBeLessThan(1893456000);
      for (const f of r.frames) expect(f.capturedLength).toBeLessThanOrEqual(f.originalLength);
    });
  });
});
