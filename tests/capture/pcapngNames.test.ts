/**
 * A pcapng Name Resolution Block at the 16 MiB block limit (1.3M entries): the packets after it
 * are read (before, pushing its entries as one argument list threw "Maximum call stack size
 * exceeded", an internal error that ended the file with 0 frames).
 */
import { describe, expect, it } from 'vitest';
import { analyzeStream } from '../../src/core/engine';

function block(type: number, body: Uint8Array): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const out = new Uint8Array(12 + padded);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, out.length, true);
  out.set(body, 8);
  v.setUint32(8 + padded, out.length, true);
  return out;
}

function capture(entries: number): Uint8Array {
  const shb = new Uint8Array(16);
  new DataView(shb.buffer).setUint32(0, 0x1a2b3c4d, true);
  new DataView(shb.buffer).setUint16(4, 1, true);
  new DataView(shb.buffer).setBigInt64(8, -1n, true);
  const idb = new Uint8Array(8);
  new DataView(idb.buffer).setUint16(0, 1, true);
  new DataView(idb.buffer).setUint32(4, 65535, true);
  // Entries: type 1 (IPv4), length 6: 10.x.y.z and the name "a".
  const recs = new Uint8Array(entries * 12 + 4);
  const rv = new DataView(recs.buffer);
  for (let i = 0; i < entries; i++) {
    const at = i * 12;
    rv.setUint16(at, 1, true);
    rv.setUint16(at + 2, 6, true);
    recs.set([10, (i >> 16) & 255, (i >> 8) & 255, i & 255, 0x61, 0], at + 4);
  }
  // One Ethernet/IPv4/UDP packet after it.
  const pkt = Uint8Array.from([...new Array(12).fill(0), 8, 0, 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 4, 210, 0, 53, 0, 8, 0, 0]);
  const epb = new Uint8Array(20 + pkt.length);
  const ev = new DataView(epb.buffer);
  ev.setUint32(12, pkt.length, true);
  ev.setUint32(16, pkt.length, true);
  epb.set(pkt, 20);
  const parts = [block(0x0a0d0d0a, shb), block(1, idb), block(4, recs), block(6, epb)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

describe('pcapng name resolution', () => {
  it('a 15.6 MB Name Resolution Block: the packet after it is read, no internal error', async () => {
    const bytes = capture(1_300_000);
    expect(bytes.length).toBeGreaterThan(15_000_000);
    const report = await analyzeStream((async function* () { yield bytes; })(), { name: 'names.pcapng', sha256: Promise.resolve('') });
    expect(report.capture.frames).toBe(1);
    expect(report.warnings.map((w) => w.code)).not.toContain('internal-error');
    expect(report.flows.map((f) => [f.transport, f.server.port])).toEqual([['udp', 53]]);
  }, 60_000);
});
