/** Test helper: builds frames byte by byte (big-endian fields) for the synthetic decode tests. */
import type { CaptureFrame } from '../../src/core/capture/types';
import { concatAll } from '../../src/core/bytes';

/** Concatenates byte arrays / number lists. */
export function cat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return concatAll(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p))));
}

export const be16 = (v: number): number[] => [(v >> 8) & 255, v & 255];
export const be32 = (v: number): number[] => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Ethernet II header with the given ethertype. */
export function eth(type: number, payload: Uint8Array): Uint8Array {
  return cat([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2], be16(type), payload);
}

/** A VLAN tag (tpid given) in front of an inner ethertype. */
export function vlanTag(tpid: number, vid: number, inner: number): number[] {
  return [...be16(tpid), ...be16(vid), ...be16(inner)];
}

export interface V4 {
  src?: number[];
  dst?: number[];
  proto: number;
  id?: number;
  mf?: boolean;
  fragOff?: number; // bytes, multiple of 8
  options?: number[];
  totalLength?: number;
}

/** IPv4 header + payload. */
export function ipv4(h: V4, payload: Uint8Array): Uint8Array {
  const opts = h.options ?? [];
  const hl = 20 + opts.length;
  const total = h.totalLength ?? hl + payload.length;
  const fl = (h.mf ? 0x2000 : 0) | ((h.fragOff ?? 0) / 8);
  return cat(
    [0x40 | (hl / 4), 0],
    be16(total),
    be16(h.id ?? 1),
    be16(fl),
    [64, h.proto, 0, 0],
    h.src ?? [10, 0, 0, 1],
    h.dst ?? [10, 0, 0, 2],
    opts,
    payload,
  );
}

/** IPv6 header + payload (`next` is the first next-header value). */
export function ipv6(next: number, payload: Uint8Array, src?: number[], dst?: number[]): Uint8Array {
  const s = src ?? [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const d = dst ?? [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
  return cat([0x60, 0, 0, 0], be16(payload.length), [next, 64], s, d, payload);
}

export interface Tcp {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
}

/** TCP header (20 bytes, no options) + payload. */
export function tcp(h: Tcp, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return cat(
    be16(h.sport ?? 40000),
    be16(h.dport ?? 80),
    be32(h.seq ?? 1000),
    be32(h.ack ?? 0),
    [0x50, h.flags ?? 0x18],
    be16(65535),
    [0, 0, 0, 0],
    payload,
  );
}

/** UDP header + payload. */
export function udp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  return cat(be16(sport), be16(dport), be16(8 + payload.length), [0, 0], payload);
}

/** LLC/SNAP (RFC 1042) in front of an ethertype's payload, as 802.11 data frames carry it. */
export function snap(type: number, payload: Uint8Array): Uint8Array {
  return cat([0xaa, 0xaa, 0x03, 0, 0, 0], be16(type), payload);
}

export interface Wlan {
  /** Frame-control byte 0: 0x08 data, 0x88 QoS data, 0x48 null, 0x80 beacon. */
  fc?: number;
  /** Frame-control byte 1: to/from DS 0x01/0x02, protected 0x40. */
  flags?: number;
  /** QoS control byte 0 (0x80: A-MSDU). */
  qos?: number;
  /** Frame-control bytes in the other order (Cisco inside CAPWAP). */
  swapped?: boolean;
}

/** An 802.11 frame: 3 addresses (4 when to and from DS), QoS control for QoS subtypes. */
export function wlan(h: Wlan, body: Uint8Array): Uint8Array {
  const fc = h.fc ?? 0x08;
  const flags = h.flags ?? 0x01;
  const addrs = [0x02, 0xaa, 0, 0, 0, 1, 0x02, 0xbb, 0, 0, 0, 2, 0x02, 0xcc, 0, 0, 0, 3];
  const four = (flags & 3) === 3 ? [0x02, 0xdd, 0, 0, 0, 4] : [];
  const qos = fc & 0x80 ? [h.qos ?? 0, 0] : [];
  return cat(h.swapped ? [flags, fc] : [fc, flags], [0, 0], addrs, [0x10, 0], four, qos, body);
}

let frameNo = 0;
/** A CaptureFrame around `data` (numbers count up unless given). */
export function frame(data: Uint8Array, linktype = 1, number?: number, time?: number): CaptureFrame {
  const n = number ?? ++frameNo;
  return { number: n, linktype, time: time ?? n, capturedLength: data.length, originalLength: data.length, data };
}

/** A little-endian Ethernet pcap from frames, built in one buffer (tens of MB stay fast). */
export function pcapOf(frames: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(24 + frames.reduce((n, f) => n + 16 + f.length, 0));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, 1, true);
  let p = 24;
  frames.forEach((f, i) => {
    v.setUint32(p, 1_700_000_000 + (i >> 10), true);
    v.setUint32(p + 4, i & 1023, true);
    v.setUint32(p + 8, f.length, true);
    v.setUint32(p + 12, f.length, true);
    out.set(f, p + 16);
    p += 16 + f.length;
  });
  return out;
}
