/**
 * A pcap of N tiny TCP flows, streamed and never held whole (issue 15): each flow is a SYN and
 * one `GET /x HTTP/1.1` with its own Host, from its own client address and port, 1 ms of capture
 * time apart; no FIN, so every flow stays open until the table lets it go. Every
 * `findingEvery`-th flow asks `/x?imei=<a valid IMEI>` (a finding). Ethernet, IPv4, no checksums.
 */
const GLOBAL_HEADER = Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0]);
const T0 = 1_700_000_000;

export interface TinyFlowsOptions {
  /** Every k-th flow (k > 0) carries an IMEI in its query; 0 for none. Default 10,000. */
  findingEvery?: number;
  /** Chunk size handed out. */
  chunkBytes?: number;
}

/** The IMEI flow i carries: 35 + 12 digits from i, Luhn check digit. */
export function imeiFor(i: number): string {
  const body = '35' + String(100000000000 + i).slice(-12);
  let sum = 0;
  for (let k = 0; k < 14; k++) {
    let d = body.charCodeAt(k) - 48;
    if (k % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** Whether flow i (0-based) carries a finding. */
export const hasFinding = (i: number, every: number): boolean => every > 0 && i % every === every - 1;

/** The capture's bytes in chunks of ~chunkBytes. */
export async function* tinyFlowsPcap(n: number, options: TinyFlowsOptions = {}): AsyncGenerator<Uint8Array> {
  const every = options.findingEvery ?? 10_000;
  const size = options.chunkBytes ?? 1 << 20;
  let buf = new Uint8Array(size + 4096);
  let view = new DataView(buf.buffer);
  buf.set(GLOBAL_HEADER, 0);
  let at = 24;
  const enc = new TextEncoder();
  const packet = (i: number, seq: number, flags: number, payload: Uint8Array, usec: number): void => {
    const len = 14 + 20 + 20 + payload.length;
    const t = T0 + Math.floor(i / 1000);
    view.setUint32(at, t, true);
    view.setUint32(at + 4, ((i % 1000) * 1000 + usec) % 1_000_000, true);
    view.setUint32(at + 8, len, true);
    view.setUint32(at + 12, len, true);
    let p = at + 16;
    // Ethernet: dst, src, IPv4.
    buf.set([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x08, 0x00], p);
    p += 14;
    view.setUint8(p, 0x45);
    view.setUint16(p + 2, 40 + payload.length);
    view.setUint8(p + 8, 64);
    view.setUint8(p + 9, 6);
    // Client 10.a.b.c (one address per 50 flows), server 93.184.x.y (one of 256).
    const c = Math.floor(i / 50);
    view.setUint32(p + 12, ((10 << 24) | (c & 0xffffff)) >>> 0);
    view.setUint32(p + 16, ((93 << 24) | (184 << 16) | (i % 256)) >>> 0);
    p += 20;
    view.setUint16(p, 10000 + (i % 50) * 1000 + (c % 1000));
    view.setUint16(p + 2, 80);
    view.setUint32(p + 4, seq >>> 0);
    view.setUint32(p + 8, flags & 0x10 ? 1 : 0);
    view.setUint8(p + 12, 0x50);
    view.setUint8(p + 13, flags);
    view.setUint16(p + 14, 65535);
    p += 20;
    buf.set(payload, p);
    at = p + payload.length;
  };
  for (let i = 0; i < n; i++) {
    const seq = (i * 7919) >>> 0;
    packet(i, seq, 0x02, new Uint8Array(0), 0);
    const query = hasFinding(i, every) ? `?imei=${imeiFor(i)}` : '';
    packet(i, seq + 1, 0x18, enc.encode(`GET /x${query} HTTP/1.1\r\nHost: h${i}.example\r\n\r\n`), 100);
    if (at >= size) {
      yield buf.slice(0, at);
      buf = new Uint8Array(size + 4096);
      view = new DataView(buf.buffer);
      at = 0;
    }
  }
  if (at > 0) yield buf.slice(0, at);
}
