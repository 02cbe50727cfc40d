/** pcapng: sections, interfaces, packet block kinds, names, secrets and damaged blocks. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/core/capture/index';
import { block, Bytes, concat, dsb, epb, idb, nrb, opb, shb, spb } from './build';
import { EXTERNAL, externalTruths as loadTruths } from '../corpus';
import { readFile } from '../pipeline';
import { readCapture } from './helpers';

const data = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed) & 0xff);
const split = (units: bigint): [number, number] => [Number(units >> 32n), Number(units & 0xffffffffn)];

function rich(): Uint8Array {
  const le = true;
  const ns = split(1700000000123456789n);
  const pow2 = split((1700000000n << 20n) + (1n << 19n)); // 2^-20 s ticks: x.5 s
  return concat(
    shb(le),
    idb(le, 1, 0), // default resolution: microseconds
    idb(le, 101, 65535, { tsresol: 9 }),
    idb(le, 113, 64, { tsresol: 0x80 | 20, tsoffset: [0, 100] }),
    epb(le, 0, ...split(1700000000250000n), data(60)),
    epb(le, 1, ...ns, data(40), 1500),
    epb(le, 2, ...pow2, data(30)),
    block(le, 5, new Bytes(le).u32(0).u32(0).u32(0).bytes()), // interface statistics: ignored
    block(le, 0x40000bad, data(33)), // custom block: ignored
    spb(le, 100, data(100)), // interface 0 has no snaplen: captured = original
    opb(le, 1, ...ns, data(20)),
    nrb(le, [
      { ip: [192, 168, 1, 10], names: ['router.lan', 'gw'] },
      { ip: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], names: ['v6.example'] },
    ]),
    dsb(le, 0x544c534b, new TextEncoder().encode('CLIENT_RANDOM aa bb\n')),
    // Second section, big-endian, with its own interfaces.
    shb(false),
    idb(false, 0, 128),
    spb(false, 300, data(200)), // snaplen 128 caps it
    epb(false, 0, ...split(5000001n), data(10)),
  );
}

describe('pcapng', () => {
  it('reads every packet block kind across sections of both byte orders', () => {
    const r = readCapture(rich());
    expect(r.format).toBe('pcapng');
    expect(r.warnings).toEqual([]);
    expect(r.frames.map((f) => [f.number, f.linktype, f.capturedLength, f.originalLength])).toEqual([
      [1, 1, 60, 60],
      [2, 101, 40, 1500],
      [3, 113, 30, 30],
      [4, 1, 100, 100],
      [5, 101, 20, 20],
      [6, 0, 128, 300],
      [7, 0, 10, 10],
    ]);
    const t = r.frames.map((f) => f.time);
    expect(t[0]).toBe(1700000000.25);
    expect(t[1]).toBe(1700000000 + 0.123456789); // exact despite 64-bit ns ticks
    expect(t[2]).toBe(1700000100.5); // power-of-2 resolution plus if_tsoffset
    expect(t[3]).toBeNaN(); // SPB has no timestamp
    expect(t[4]).toBe(t[1]);
    expect(t[6]).toBe(5.000001);
    expect(r.names).toEqual([
      { ip: '192.168.1.10', names: ['router.lan', 'gw'] },
      { ip: '2001:db8::1', names: ['v6.example'] },
    ]);
    expect(r.secrets).toHaveLength(1);
    expect(r.secrets[0].type).toBe(0x544c534b);
    expect(new TextDecoder().decode(r.secrets[0].data)).toBe('CLIENT_RANDOM aa bb\n');
  });

  it('gives identical results byte by byte and in random chunks', () => {
    const bytes = rich();
    const one = readCapture(bytes);
    expect(readCapture(bytes, 'bytes')).toEqual(one);
    for (let seed = 1; seed <= 20; seed++) expect(readCapture(bytes, { seed, max: 50 })).toEqual(one);
  });

  it('skips a large unknown block without buffering it, in any chunking', () => {
    const bytes = concat(shb(true), idb(true, 1, 0), block(true, 0xbad, data(200_000)), epb(true, 0, 0, 1, data(5)));
    for (const how of ['one', 'bytes', { seed: 3, max: 4096 }] as const) {
      const r = readCapture(bytes, how);
      expect(r.frames.map((f) => f.capturedLength)).toEqual([5]);
      expect(r.warnings).toEqual([]);
    }
  });

  it('skips a block with a bad length and resumes at the next plausible block, here a section', () => {
    const bad = new Bytes(true).u32(6).u32(13).raw(data(40)).bytes();
    const bytes = concat(shb(true), idb(true, 1, 0), epb(true, 0, 0, 1, data(5)), epb(true, 0, 0, 2, data(6)), bad, shb(false), idb(false, 228, 0), epb(false, 0, 0, 3, data(7)));
    for (const how of ['one', 'bytes'] as const) {
      const r = readCapture(bytes, how);
      expect(r.frames.map((f) => [f.number, f.linktype, f.capturedLength])).toEqual([
        [1, 1, 5],
        [2, 1, 6],
        [3, 228, 7],
      ]);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatchObject({ code: 'capture-resync', frame: 3 });
      expect(r.warnings[0].message).toContain('length 13');
      expect(r.warnings[0].message).toContain('skipped bytes 128-176 (48 bytes) to the next plausible block');
    }
  });

  it('treats a trailer that disagrees with the header as damage', () => {
    const good = epb(true, 0, 0, 1, data(8));
    const broken = good.slice();
    new DataView(broken.buffer).setUint32(broken.length - 4, 999, true);
    const r = readCapture(concat(shb(true), idb(true, 1, 0), good, broken, good));
    // The broken block is skipped whole: the next plausible one is the good packet after it.
    expect(r.frames.length).toBe(2);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'capture-resync', frame: 2 })]);
    expect(r.warnings[0].message).toBe('block at byte 88: block of type 0x6 has length 40 but its trailer says 999: skipped bytes 88-128 (40 bytes) to the next plausible block; reading resumed');
  });

  it('skips, with a warning, a packet on an interface the section never described', () => {
    const r = readCapture(concat(shb(true), idb(true, 1, 0), epb(true, 3, 0, 1, data(8)), epb(true, 0, 0, 2, data(9))));
    expect(r.frames.map((f) => [f.number, f.capturedLength])).toEqual([[1, 9]]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'capture-bad-record' })]);
  });

  it('warns when the file ends inside a block', () => {
    const bytes = concat(shb(true), idb(true, 1, 0), epb(true, 0, 0, 1, data(8)), epb(true, 0, 0, 2, data(9)));
    const r = readCapture(bytes.subarray(0, bytes.length - 5));
    expect(r.frames.length).toBe(1);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'capture-truncated', frame: 2 })]);
  });

  it('reads a section with no packets as an empty pcapng', () => {
    const r = readCapture(concat(shb(true), idb(true, 1, 0)));
    expect(r).toMatchObject({ format: 'pcapng', frames: [], warnings: [] });
  });

  it('refuses a first section header without byte-order magic or of an unknown version', () => {
    const noMagic = shb(true);
    noMagic.fill(0, 8, 12);
    expect(() => readCapture(noMagic)).toThrow(CaptureError);
    expect(() => readCapture(shb(true, 2))).toThrow(/version 2/);
    expect(() => readCapture(shb(true).subarray(0, 20))).toThrow(CaptureError);
  });

  describe('if_tsresol conversions match their pcap originals', () => {
    const derived = loadTruths().filter((t) => t.derived);
    it('has the 3 converted files', () => expect(derived.length).toBe(3));
    it.each(derived.map((t) => [t.file, t] as const))('%s', (_n, t) => {
      const ng = readCapture(readFile(join(EXTERNAL, 'captures', t.file)));
      const orig = readCapture(readFile(join(EXTERNAL, 'captures', t.derived!.from)));
      expect(ng.format).toBe('pcapng');
      expect(orig.format).toBe('pcap');
      expect(ng.frames.length).toBe(t.frames);
      expect(ng.frames).toEqual(orig.frames); // numbers, link types, times, lengths and bytes
    });
  });
});
