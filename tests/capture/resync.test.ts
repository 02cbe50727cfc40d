/**
 * Resync after a damaged record length (capture/resync.ts): real leak captures with one length
 * field in the middle overwritten by an absurd value. The frames after the damage are read
 * again, the one warning names the skipped bytes, and a finding of a later frame is still found.
 */
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStream } from '../../src/core/engine';
import { LEAKS } from '../corpus';
import { readFile, scannerWasm } from '../pipeline';
import { readCapture } from './helpers';

const capture = (name: string) => readFile(join(LEAKS, 'captures', name));

/** File offsets of every pcap record header (little-endian file, as these are). */
function pcapRecords(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at: number[] = [];
  for (let p = 24; p + 16 <= bytes.length; p += 16 + view.getUint32(p + 8, true)) at.push(p);
  return at;
}

/** File offsets of every pcapng block. */
function pcapngBlocks(bytes: Uint8Array): { at: number; type: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { at: number; type: number }[] = [];
  for (let p = 0; p + 12 <= bytes.length; p += view.getUint32(p + 4, true)) out.push({ at: p, type: view.getUint32(p, true) });
  return out;
}

function damaged(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value, true);
  return copy;
}

async function analyze(bytes: Uint8Array, name: string) {
  return analyzeStream(Readable.from([bytes]), { name, size: bytes.length, scannerWasm: scannerWasm() });
}

describe('resync after a damaged length', () => {
  it('pcap: a record claiming 2 GB is skipped, the records after it are read (09-dns-exfil)', async () => {
    const clean = capture('09-dns-exfil.pcap');
    const at = pcapRecords(clean);
    expect(at.length).toBe(6);
    expect(readCapture(clean).warnings).toEqual([]);
    // Record 2's captured length (header + 8) becomes 0x7fffffff.
    const bytes = damaged(clean, at[1] + 8, 0x7fffffff);
    const want = `record 2 at byte ${at[1]} claims 2147483647 captured bytes (more than 262144): skipped bytes ${at[1]}-${at[2]} (${at[2] - at[1]} bytes) to the next plausible record; reading resumed`;
    for (const how of ['one', 'bytes', { seed: 3, max: 40 }] as const) {
      const r = readCapture(bytes, how);
      expect(r.frames.length).toBe(5);
      expect(r.warnings).toEqual([{ code: 'capture-resync', message: want, frame: 2 }]);
    }
    const report = await analyze(bytes, 'damaged.pcap');
    expect(report.capture.frames).toBe(5);
    expect(report.warnings.map((w) => w.code)).toEqual(['capture-resync']);
    // The phone number of the file's records 3 and 5: frames 2 and 4 once record 2 is gone.
    const phone = report.findings.find((f) => f.type === 'phone');
    expect(phone?.frame).toBe(2);
    expect(report.findings.some((f) => f.type === 'imei' && f.frame === 4)).toBe(true);
  });

  it('pcapng: a packet block with an impossible length is skipped, the blocks after it are read (14-linktype-pcapng)', async () => {
    const clean = capture('14-linktype-pcapng.pcapng');
    const blocks = pcapngBlocks(clean);
    const packets = blocks.filter((b) => b.type === 6);
    expect(packets.length).toBe(14);
    const cleanReport = await analyze(clean, 'clean.pcapng');
    expect(cleanReport.findings.some((f) => f.type === 'imei' && f.frame === 8)).toBe(true);
    // Packet 3's total length becomes 0x7ffffff0 (a multiple of 4, past the 16 MiB block bound).
    const from = packets[2].at;
    const to = packets[3].at;
    const bytes = damaged(clean, from + 4, 0x7ffffff0);
    const want = `block at byte ${from}: block of type 0x6 has an impossible length 2147483632: skipped bytes ${from}-${to} (${to - from} bytes) to the next plausible block; reading resumed`;
    for (const how of ['one', 'bytes', { seed: 5, max: 64 }] as const) {
      const r = readCapture(bytes, how);
      expect(r.frames.length).toBe(13);
      expect(r.warnings).toEqual([{ code: 'capture-resync', message: want, frame: 3 }]);
    }
    const report = await analyze(bytes, 'damaged.pcapng');
    expect(report.capture.frames).toBe(13);
    expect(report.warnings.map((w) => w.code)).toEqual(['capture-resync']);
    // The IMEI of packet 8 is found in frame 7 now.
    expect(report.findings.some((f) => f.type === 'imei' && f.frame === 7)).toBe(true);
    expect(report.findings.length).toBe(cleanReport.findings.length);
  });

  it('pcap: damage followed by no plausible record still stops with capture-bad-record', () => {
    const clean = capture('09-dns-exfil.pcap');
    const at = pcapRecords(clean);
    // Record 5's length is damaged and the rest of the file is zeros: nothing to resync to.
    const bytes = damaged(clean, at[4] + 8, 0x7fffffff);
    bytes.fill(0, at[4] + 16);
    const r = readCapture(bytes);
    expect(r.frames.length).toBe(4);
    expect(r.warnings).toEqual([
      {
        code: 'capture-bad-record',
        message: `record 5 at byte ${at[4]} claims 2147483647 captured bytes (more than 262144): the file is damaged and no plausible record follows; reading stopped after 4 frames`,
        frame: 5,
      },
    ]);
  });
});
