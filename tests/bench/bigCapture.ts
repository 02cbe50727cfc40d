/**
 * Writes a large classic pcap by repeating the records of a real capture, shifting IPv4
 * addresses per copy so every copy is a new set of flows (as a long phone capture would be).
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * Writes at least `minBytes` to `out`; returns bytes written and records. `lead`, a small
 * capture of the same link type, goes first as it is: where the first finding's bytes sit.
 */
export function writeBigCapture(source: string, out: string, minBytes: number, lead?: string): { bytes: number; records: number } {
  const src = readFileSync(source);
  const linktype = src.readUInt32LE(20);
  const records = recordsOf(src, source);
  const fd = openSync(out, 'w');
  writeSync(fd, src.subarray(0, 24));
  let bytes = 24;
  let count = 0;
  if (lead) {
    const first = readFileSync(lead);
    if (first.readUInt32LE(20) !== linktype) throw new Error(`${lead}: link type ${first.readUInt32LE(20)}, ${source} has ${linktype}`);
    const lr = recordsOf(first, lead);
    writeSync(fd, Buffer.concat(lr));
    bytes += lr.reduce((n, r) => n + r.length, 0);
    count += lr.length;
  }
  const ipOffset = linktype === 1 ? 14 : linktype === 101 ? 0 : -1;
  for (let copy = 0; bytes < minBytes; copy++) {
    const batch: Buffer[] = [];
    for (const rec of records) {
      const r = Buffer.from(rec);
      r.writeUInt32LE(r.readUInt32LE(0) + copy * 3600, 0); // an hour later each copy
      const ip = 16 + ipOffset;
      if (ipOffset >= 0 && r.length > ip + 20 && r[ip] >> 4 === 4 && (linktype !== 1 || r.readUInt16BE(16 + 12) === 0x0800)) {
        r[ip + 13] = (r[ip + 13] + copy) & 0xff;
        r[ip + 17] = (r[ip + 17] + copy) & 0xff;
      }
      batch.push(r);
      bytes += r.length;
      count++;
    }
    writeSync(fd, Buffer.concat(batch));
  }
  closeSync(fd);
  return { bytes, records: count };
}

function recordsOf(src: Buffer, name: string): Buffer[] {
  if (src.readUInt32LE(0) !== 0xa1b2c3d4) throw new Error(`${name}: expected a little-endian microsecond pcap`);
  const records: Buffer[] = [];
  for (let off = 24; off + 16 <= src.length; ) {
    const incl = src.readUInt32LE(off + 8);
    records.push(src.subarray(off, off + 16 + incl));
    off += 16 + incl;
  }
  return records;
}
