/**
 * The lab capture (issue 16, "speed of one capture"): every pcap and pcapng of the wild corpus,
 * read with the project's own readers (src/core/capture) and written as ONE classic pcap,
 * copy after copy (source by source in the last copy) until it holds at least the target size. Our own code rather than mergecap,
 * so a CI without Wireshark builds it too.
 *
 * Link types: a classic pcap has one link type for the whole file, and the wild captures have
 * three (ether 52, rawip 6, linux-sll 2). We convert to Ethernet rather than write one file per
 * link type, so the three tools are timed on one file with every source in it:
 *  - raw IP (12, 14, 101, 228, 229): a 14-byte Ethernet header (zero MACs) with the EtherType
 *    of the IP version is put in front;
 *  - Linux cooked (113: 16-byte header, protocol at 14; 276 SLL2: 20 bytes, protocol at 0):
 *    the cooked header is replaced by an Ethernet header carrying its protocol;
 *  - Ethernet as it is. Any other link type is skipped and counted (the wild corpus has none).
 * pcapng's EPBs/SPBs come from the reader as frames like pcap records, so converting them is
 * writing a 16-byte record header (time in microseconds, captured and original length).
 *
 * Each copy is shifted an hour later and its IPv4/IPv6 addresses' last bytes by the copy
 * number, so every copy is a new set of flows (as a long capture would be), not retransmissions
 * of the first copy's segments that reassembly drops unread. Checksums are left as they are:
 * none of the three tools checks them by default.
 */
import { closeSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createCaptureReader, type CaptureFrame } from '../../src/core/capture';

const ETHER = 1;
const RAW = new Set([12, 14, 101, 228, 229]);

export interface LabCapture {
  path: string;
  bytes: number;
  records: number;
  copies: number;
  sources: number;
  skipped: number;
}

/** One source's frames as Ethernet records: [time, original length, Ethernet bytes]. */
type Rec = { time: number; orig: number; data: Buffer };

function ethernet(type: number, payload: Uint8Array): Buffer {
  const b = Buffer.alloc(14 + payload.length);
  b.writeUInt16BE(type, 12);
  b.set(payload, 14);
  return b;
}

/** The frame as an Ethernet frame, or null for a link type we do not convert. */
function toEthernet(f: CaptureFrame): Rec | null {
  const d = f.data;
  let data: Buffer | null = null;
  let extra = 0;
  if (f.linktype === ETHER) data = Buffer.from(d);
  else if (RAW.has(f.linktype)) {
    if (d.length === 0) return null;
    data = ethernet(d[0] >> 4 === 6 ? 0x86dd : 0x0800, d);
    extra = 14;
  } else if (f.linktype === 113 && d.length >= 16) {
    data = ethernet((d[14] << 8) | d[15], d.subarray(16));
    extra = -2;
  } else if (f.linktype === 276 && d.length >= 20) {
    data = ethernet((d[0] << 8) | d[1], d.subarray(20));
    extra = -6;
  }
  return data && { time: Number.isFinite(f.time) ? f.time : 0, orig: f.originalLength + extra, data };
}

/** Every frame of one capture file, read with the project's reader. */
function readFrames(path: string): { recs: Rec[]; skipped: number } {
  const recs: Rec[] = [];
  let skipped = 0;
  const reader = createCaptureReader({
    format: () => {},
    warning: () => {},
    frame: (f) => {
      const r = toEthernet(f);
      if (r) recs.push(r);
      else skipped++;
    },
  });
  reader.push(readFileSync(path));
  reader.end();
  return { recs, skipped };
}

/** Shifts the copy's IP addresses (last byte of source and destination) by `copy`. */
function shiftAddresses(b: Buffer, copy: number): void {
  if (b.length < 14) return;
  let type = b.readUInt16BE(12);
  let ip = 14;
  if (type === 0x8100 && b.length >= 18) {
    type = b.readUInt16BE(16);
    ip = 18;
  }
  if (type === 0x0800 && b.length >= ip + 20 && b[ip] >> 4 === 4) {
    b[ip + 15] = (b[ip + 15] + copy) & 0xff;
    b[ip + 19] = (b[ip + 19] + copy) & 0xff;
  } else if (type === 0x86dd && b.length >= ip + 40) {
    b[ip + 23] = (b[ip + 23] + copy) & 0xff;
    b[ip + 39] = (b[ip + 39] + copy) & 0xff;
  }
}

/** The wild corpus's pcap/pcapng files, by name. */
export function wildCaptures(dir: string): string[] {
  return readdirSync(dir).filter((f) => /\.pcap(ng)?$/.test(f)).sort().map((f) => join(dir, f));
}

/** Writes the lab capture to `out` (at least `minBytes`), once per process. */
export function writeLabCapture(dir: string, out: string, minBytes: number): LabCapture {
  const files = wildCaptures(dir);
  const sources: Rec[][] = [];
  let skipped = 0;
  for (const f of files) {
    const r = readFrames(f);
    sources.push(r.recs);
    skipped += r.skipped;
  }
  const fd = openSync(out, 'w');
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(ETHER, 20);
  writeSync(fd, head);
  let bytes = 24;
  let records = 0;
  let copies = 0;
  for (; bytes < minBytes; copies++) {
    for (const recs of sources) {
      if (bytes >= minBytes) break; // the last copy stops at the source that reaches the size
      const parts: Buffer[] = [];
      for (const r of recs) {
        const h = Buffer.alloc(16);
        const t = r.time + copies * 3600;
        const sec = Math.floor(t);
        h.writeUInt32LE(sec >>> 0, 0);
        h.writeUInt32LE(Math.min(999_999, Math.round((t - sec) * 1e6)), 4);
        h.writeUInt32LE(r.data.length, 8);
        h.writeUInt32LE(Math.max(r.orig, r.data.length), 12);
        const data = copies ? Buffer.from(r.data) : r.data;
        if (copies) shiftAddresses(data, copies);
        parts.push(h, data);
        bytes += 16 + data.length;
        records++;
      }
      writeSync(fd, Buffer.concat(parts));
    }
  }
  closeSync(fd);
  return { path: out, bytes: statSync(out).size, records, copies, sources: files.length, skipped };
}
