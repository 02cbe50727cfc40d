/** The mutator: reproducible from its seeds, and aware of the length fields it aims at. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FORMATS, LEAKS } from '../corpus';
import { decodeTnet } from '../../src/core/capture/mitmproxy/tnetstring';
import { encodeTnet } from './tnet';
import { caseSeed, mulberry32, mutate, pcapngBlocks, pcapRecords, Rng } from './mutate';

const pcap = new Uint8Array(readFileSync(join(LEAKS, 'captures/02-analytics-get.pcap')));
const pcapng = new Uint8Array(readFileSync(join(LEAKS, 'captures/14-linktype-pcapng.pcapng')));

describe('mutator', () => {
  it('mulberry32 keeps its sequence (a saved seed and case number must name the same bytes)', () => {
    const r = mulberry32(1);
    expect([r(), r(), r()].map((x) => Math.floor(x * 2 ** 32))).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('a case is a function of its run seed and number', () => {
    const a = mutate(new Rng(caseSeed(7, 42)), pcap, () => pcapng);
    const b = mutate(new Rng(caseSeed(7, 42)), pcap, () => pcapng);
    expect(b).toEqual(a);
    expect(caseSeed(7, 42)).not.toBe(caseSeed(7, 43));
    expect(caseSeed(7, 42)).not.toBe(caseSeed(8, 42));
  });

  it('finds every pcap record and pcapng block of a sound file', () => {
    const p = pcapRecords(pcap)!;
    expect(p.little).toBe(true);
    // Records tile the file exactly: the last one ends at its end.
    const last = p.records[p.records.length - 1];
    expect(last + 16 + new DataView(pcap.buffer, pcap.byteOffset).getUint32(last + 8, true)).toBe(pcap.length);
    const blocks = pcapngBlocks(pcapng)!;
    expect(blocks[0]).toMatchObject({ off: 0, type: 0x0a0d0d0a, little: true });
    expect(blocks.reduce((s, b) => s + b.len, 0)).toBe(pcapng.length);
    expect(pcapRecords(pcapng)).toBeNull();
    expect(pcapngBlocks(pcap)).toBeNull();
  });

  it('mutates, and wraps in gzip what it says it wraps', () => {
    let changed = 0;
    let gz = 0;
    for (let i = 0; i < 300; i++) {
      const m = mutate(new Rng(caseSeed(1, i)), i % 2 ? pcap : pcapng, () => pcap);
      expect(m.ops.length).toBeGreaterThan(0);
      if (m.bytes.length !== pcap.length || m.bytes.some((b, j) => b !== (i % 2 ? pcap : pcapng)[j])) changed++;
      if (m.gzip) {
        gz++;
        expect([m.bytes[0], m.bytes[1]]).toEqual([0x1f, 0x8b]);
        if (m.ops.at(-1) === 'gzip') expect(gunzipSync(m.bytes).length).toBeGreaterThanOrEqual(0);
      }
    }
    expect(changed).toBeGreaterThan(290);
    expect(gz).toBeGreaterThan(10);
  });

  it('tnetstrings re-encode to the values they decode from (a mitmproxy dump)', () => {
    const dump = new Uint8Array(readFileSync(join(FORMATS, 'captures/mitm-01-http.mitm')));
    const first = decodeTnet(dump, 0, dump.length + 1).value;
    const again = encodeTnet(first);
    expect(decodeTnet(again, 0, again.length + 1).value).toEqual(first);
  });
});
