/**
 * Test-only: transport payloads of a pcap/pcapng file (Ethernet, raw IP, Linux SLL), one
 * ScanInput per TCP/UDP packet, upload when the destination port is the lower one. No
 * reassembly: enough to check what the scanner reports on real bytes.
 */
import { gunzipSync } from 'fflate';
import type { ScanInput } from '../../src/core/extract/types';

export function packetInputs(file: Uint8Array): ScanInput[] {
  let b = file;
  if (b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: ScanInput[] = [];
  let frame = 0;
  const onPacket = (link: number, p: Uint8Array) => {
    frame++;
    const x = transport(link, p);
    if (x && x.payload.length > 0) {
      out.push({
        flow: 0, direction: x.dst < x.src ? 'upload' : 'download', protocol: x.proto, part: 'payload',
        frame, bytes: x.payload, encryptedOnWire: false,
      });
    }
  };
  const magic = dv.getUint32(0, false);
  if (magic === 0x0a0d0d0a) {
    let le = true;
    const links: number[] = [];
    for (let o = 0; o + 12 <= b.length;) {
      let type = dv.getUint32(o, le);
      if (type === 0x0a0d0d0a) le = dv.getUint32(o + 8, true) === 0x1a2b3c4d;
      type = dv.getUint32(o, le);
      const len = dv.getUint32(o + 4, le);
      if (len < 12) break;
      if (type === 1) links.push(dv.getUint16(o + 8, le));
      if (type === 6) {
        const cap = dv.getUint32(o + 20, le);
        onPacket(links[dv.getUint32(o + 8, le)] ?? 1, b.subarray(o + 28, o + 28 + cap));
      }
      o += len;
    }
    return out;
  }
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  const link = dv.getUint32(20, le);
  for (let o = 24; o + 16 <= b.length;) {
    const cap = dv.getUint32(o + 8, le);
    onPacket(link, b.subarray(o + 16, o + 16 + cap));
    o += 16 + cap;
  }
  return out;
}

function transport(link: number, p: Uint8Array): { src: number; dst: number; proto: string; payload: Uint8Array } | null {
  let ip = 0;
  if (link === 1) {
    let et = (p[12] << 8) | p[13];
    ip = 14;
    if (et === 0x8100) { et = (p[16] << 8) | p[17]; ip = 18; }
    if (et !== 0x0800 && et !== 0x86dd) return null;
  } else if (link === 113) ip = 16;
  else if (link === 276) ip = 20;
  else if (link === 101 || link === 12 || link === 228 || link === 229) ip = 0;
  else return null;
  const v = p[ip] >> 4;
  let proto: number;
  let l4: number;
  if (v === 4) { proto = p[ip + 9]; l4 = ip + (p[ip] & 15) * 4; }
  else if (v === 6) { proto = p[ip + 6]; l4 = ip + 40; }
  else return null;
  const src = (p[l4] << 8) | p[l4 + 1];
  const dst = (p[l4 + 2] << 8) | p[l4 + 3];
  if (proto === 6) return { src, dst, proto: 'tcp', payload: p.subarray(l4 + (p[l4 + 12] >> 4) * 4) };
  if (proto === 17) return { src, dst, proto: 'udp', payload: p.subarray(l4 + 8) };
  return null;
}
