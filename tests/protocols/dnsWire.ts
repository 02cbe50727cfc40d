/**
 * Builds DNS-format messages (mDNS, LLMNR) byte by byte for the cases no real capture holds:
 * names compressed as responders write them (each suffix once, then a pointer), records of any
 * section, and the IPv4/UDP/Ethernet frames to carry them in a made pcap.
 */
import { pcap } from '../capture/build';

const utf8 = new TextEncoder();

export type RData = (m: DnsWire) => void;

export class DnsWire {
  private out: number[] = [];
  private suffixes = new Map<string, number>();
  private counts = [0, 0, 0, 0];
  private countsAt = 4;

  constructor(flags: number, id = 0) {
    this.u16(id).u16(flags).u16(0).u16(0).u16(0).u16(0);
  }

  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.out.push(b[i]);
    return this;
  }

  /** A name, dotted (labels hold no dots here), compressed against the names written before. */
  name(dotted: string): this {
    if (dotted === '') return this.u8(0);
    const labels = dotted.split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = this.suffixes.get(suffix);
      if (at !== undefined) return this.u16(0xc000 | at);
      if (this.out.length < 0x3fff) this.suffixes.set(suffix, this.out.length);
      const b = utf8.encode(labels[i]);
      this.u8(b.length).raw(b);
    }
    return this.u8(0);
  }

  question(name: string, type: number, klass = 1): this {
    this.counts[0]++;
    return this.name(name).u16(type).u16(klass);
  }

  /** A record in section 1 (answer), 2 (authority) or 3 (additional). */
  rr(section: 1 | 2 | 3, name: string, type: number, data: RData, klass = 0x8001, ttl = 120): this {
    this.counts[section]++;
    this.name(name).u16(type).u16(klass).u32(ttl);
    const lengthAt = this.out.length;
    this.u16(0);
    data(this);
    const n = this.out.length - lengthAt - 2;
    this.out[lengthAt] = n >>> 8;
    this.out[lengthAt + 1] = n & 0xff;
    return this;
  }

  bytes(): Uint8Array {
    const b = Uint8Array.from(this.out);
    this.counts.forEach((c, i) => {
      b[this.countsAt + 2 * i] = c >>> 8;
      b[this.countsAt + 2 * i + 1] = c & 0xff;
    });
    return b;
  }
}

export const T = { A: 1, PTR: 12, HINFO: 13, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 } as const;

export const a = (ip: string): RData => (m) => void m.raw(ip.split('.').map(Number));
export const aaaa = (groups: number[]): RData => (m) => void groups.forEach((g) => m.u16(g));
export const ptr = (target: string): RData => (m) => void m.name(target);
export const srv = (port: number, target: string): RData => (m) => void m.u16(0).u16(0).u16(port).name(target);
export const txt = (...strings: string[]): RData => (m) => void strings.forEach((s) => {
  const b = utf8.encode(s);
  m.u8(b.length).raw(b);
});
export const hinfo = (cpu: string, os: string): RData => txt(cpu, os);
/** OPT data holding the EDNS0 Owner option (4): version 0, sequence 1, the primary MAC. */
export const owner = (mac: string): RData => (m) => void m.u16(4).u16(8).u8(0).u8(1).raw(mac.split(':').map((h) => parseInt(h, 16)));

/** A UDP datagram from src to dst in an Ethernet/IPv4 frame (checksums left zero). */
export function udpFrame(srcMac: string, src: string, sport: number, dst: string, dport: number, payload: Uint8Array): Uint8Array {
  const mac = (s: string) => s.split(':').map((h) => parseInt(h, 16));
  const ip = (s: string) => s.split('.').map(Number);
  const dstMac = dst.startsWith('224.') ? [0x01, 0x00, 0x5e, 0, 0, ip(dst)[3]] : [0x02, 0, 0, 0, 0, 1];
  const udpLen = 8 + payload.length;
  const total = 20 + udpLen;
  return Uint8Array.from([
    ...dstMac, ...mac(srcMac), 0x08, 0x00,
    0x45, 0, total >> 8, total & 0xff, 0, 0, 0, 0, 255, 17, 0, 0, ...ip(src), ...ip(dst),
    sport >> 8, sport & 0xff, dport >> 8, dport & 0xff, udpLen >> 8, udpLen & 0xff, 0, 0,
    ...payload,
  ]);
}

/** A little-endian Ethernet pcap of the frames, one second apart. */
export function ethernetPcap(frames: Uint8Array[]): Uint8Array {
  return pcap(true, 1, frames.map((f, i) => [1_600_000_000 + i, 0, f]));
}
