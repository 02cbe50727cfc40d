/** Builds small pcap/pcapng files byte by byte, so tests can make exactly the case they need. */
import { ascii, eth, ipv4, tcp } from '../decode/build';

export class Bytes {
  private parts: number[] = [];
  constructor(private readonly le: boolean) {}
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.le ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.le ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }
  raw(b: Uint8Array | number[]): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One pcapng block: type, total length, body padded to 4, total length. */
export function block(le: boolean, type: number, body: Uint8Array, lengthOverride?: number): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const len = lengthOverride ?? 12 + padded;
  return new Bytes(le).u32(type).u32(len).raw(body).pad4().u32(len).bytes();
}

export function shb(le: boolean, major = 1): Uint8Array {
  const body = new Bytes(le).u32(0x1a2b3c4d).u16(major).u16(0).u32(0xffffffff).u32(0xffffffff).bytes();
  return block(le, 0x0a0d0d0a, body);
}

export function idb(le: boolean, linktype: number, snaplen: number, opts: { tsresol?: number; tsoffset?: [number, number] } = {}): Uint8Array {
  const b = new Bytes(le).u16(linktype).u16(0).u32(snaplen);
  if (opts.tsresol !== undefined) b.u16(9).u16(1).u8(opts.tsresol).pad4();
  if (opts.tsoffset) b.u16(14).u16(8).u32(le ? opts.tsoffset[1] : opts.tsoffset[0]).u32(le ? opts.tsoffset[0] : opts.tsoffset[1]);
  if (opts.tsresol !== undefined || opts.tsoffset) b.u16(0).u16(0);
  return block(le, 1, b.bytes());
}

export function epb(le: boolean, iface: number, hi: number, lo: number, data: Uint8Array, orig = data.length): Uint8Array {
  return block(le, 6, new Bytes(le).u32(iface).u32(hi).u32(lo).u32(data.length).u32(orig).raw(data).pad4().bytes());
}

export function opb(le: boolean, iface: number, hi: number, lo: number, data: Uint8Array, orig = data.length): Uint8Array {
  return block(le, 2, new Bytes(le).u16(iface).u16(0).u32(hi).u32(lo).u32(data.length).u32(orig).raw(data).pad4().bytes());
}

export function spb(le: boolean, orig: number, data: Uint8Array): Uint8Array {
  return block(le, 3, new Bytes(le).u32(orig).raw(data).pad4().bytes());
}

export function nrb(le: boolean, records: { ip: number[]; names: string[] }[]): Uint8Array {
  const b = new Bytes(le);
  for (const r of records) {
    const value = [...r.ip, ...r.names.flatMap((n) => [...new TextEncoder().encode(n), 0])];
    b.u16(r.ip.length === 4 ? 1 : 2).u16(value.length).raw(value).pad4();
  }
  b.u16(0).u16(0);
  return block(le, 4, b.bytes());
}

export function dsb(le: boolean, secretsType: number, data: Uint8Array): Uint8Array {
  return block(le, 0x0a, new Bytes(le).u32(secretsType).u32(data.length).raw(data).pad4().bytes());
}

/** A classic pcap: records are [seconds, fraction, data, original length]. */
export function pcap(le: boolean, linktype: number, records: [number, number, Uint8Array, number?][], opts: { nano?: boolean; snaplen?: number } = {}): Uint8Array {
  const b = new Bytes(le).u32(opts.nano ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(opts.snaplen ?? 65535).u32(linktype);
  for (const [s, f, data, orig] of records) b.u32(s).u32(f).u32(data.length).u32(orig ?? data.length).raw(data);
  return b.bytes();
}

/** Rewrites a little-endian pcap as big-endian (every header field swapped, data untouched). */
export function toBigEndianPcap(le: Uint8Array): Uint8Array {
  const out = le.slice();
  const v = new DataView(le.buffer, le.byteOffset, le.byteLength);
  const o = new DataView(out.buffer);
  const swap32 = (p: number) => o.setUint32(p, v.getUint32(p, true), false);
  const swap16 = (p: number) => o.setUint16(p, v.getUint16(p, true), false);
  swap32(0);
  swap16(4);
  swap16(6);
  for (const p of [8, 12, 16, 20]) swap32(p);
  for (let p = 24; p + 16 <= le.length; ) {
    const incl = v.getUint32(p + 8, true);
    for (const q of [0, 4, 8, 12]) swap32(p + q);
    p += 16 + incl;
  }
  return out;
}

/** Rewrites a little-endian microsecond pcap as a nanosecond pcap. */
export function toNanoPcap(le: Uint8Array): Uint8Array {
  const out = le.slice();
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b23c4d, true);
  for (let p = 24; p + 16 <= out.length; ) {
    v.setUint32(p + 4, v.getUint32(p + 4, true) * 1000, true);
    p += 16 + v.getUint32(p + 8, true);
  }
  return out;
}

/**
 * A little-endian Ethernet pcap of one HTTP request on a fresh connection (10.0.0.1:40000 ->
 * 10.0.0.2:80): SYN, SYN-ACK, ACK, then the request in one segment.
 */
export function oneRequestPcap(request: string): Uint8Array {
  const c = { sport: 40000, dport: 80 };
  const s = { sport: 80, dport: 40000 };
  const segs = [
    tcp({ ...c, seq: 100, flags: 0x02 }),
    tcp({ ...s, seq: 500, ack: 101, flags: 0x12 }),
    tcp({ ...c, seq: 101, ack: 501, flags: 0x10 }),
    tcp({ ...c, seq: 101, ack: 501, flags: 0x18 }, ascii(request)),
  ];
  return pcap(true, 1, segs.map((t, i) => [i + 1, 0, eth(0x0800, ipv4({ proto: 6, ...(i === 1 ? { src: [10, 0, 0, 2], dst: [10, 0, 0, 1] } : {}) }, t))] as [number, number, Uint8Array]));
}
