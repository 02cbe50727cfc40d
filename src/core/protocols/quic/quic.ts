/** QUIC v1/v2 client Initials: decrypt, reassemble CRYPTO frames, report the ClientHello. */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { hex, Reader } from '../../bytes';
import { initialKeys, openPacket, QUIC_V1, QUIC_V2, type InitialKeys } from './quicCrypto';
import { emitHello, parseClientHello } from '../tls/tls';

/** True if `d` starts with a long-header packet of QUIC version 1 or 2. */
export function isQuicLongHeader(d: Uint8Array): boolean {
  if (d.length < 7 || (d[0] & 0xc0) !== 0xc0) return false;
  const v = ((d[1] << 24) | (d[2] << 16) | (d[3] << 8) | d[4]) >>> 0;
  return v === QUIC_V1 || v === QUIC_V2;
}

/** Long-header packet type as v1 numbers it (0 Initial, 1 0-RTT, 2 Handshake, 3 Retry). */
function packetType(first: number, version: number): number {
  const t = (first >> 4) & 3;
  // RFC 9369 §3.2 rotates the type bits in v2.
  return version === QUIC_V2 ? (t + 3) % 4 : t;
}

/** Largest CRYPTO stream we hold per key set: ClientHellos are a few KiB. */
const MAX_CRYPTO = 64 * 1024;

/** One Initial key set (one client DCID, e.g. a new one after Retry) and its CRYPTO stream. */
interface KeySet {
  dcid: string;
  version: number;
  keys: InitialKeys;
  largestPn: number;
  segments: Map<number, Uint8Array>;
  buffered: number;
  done: boolean;
}

/** Decrypts client Initial packets of one UDP flow and reports each ClientHello. */
export class QuicHandler implements FlowHandler {
  private sets: KeySet[] = [];
  private warned = false;

  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'quic', true);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    let pos = 0;
    // A datagram may hold several coalesced long-header packets, then at most one short one.
    while (pos < d.length) {
      const first = d[pos];
      if ((first & 0x80) === 0) break;
      const r = new Reader(d, pos + 1);
      const version = r.u32();
      if (version !== QUIC_V1 && version !== QUIC_V2) break;
      const dcid = r.bytes(r.u8());
      r.bytes(r.u8()); // source connection id
      const type = packetType(first, version);
      if (type === 3) break; // Retry: rest of the datagram, nothing to decrypt
      if (type === 0) r.bytes(r.varint()); // token
      const length = r.varint();
      if (r.bad) {
        this.warn(`QUIC long header cut short in flow ${this.ctx.flow.id}`, frame);
        break;
      }
      const end = r.pos + length;
      if (end > d.length) {
        this.warn(`QUIC packet length runs past the datagram in flow ${this.ctx.flow.id}`, frame);
        break;
      }
      if (type === 0) this.initial(dir, d.subarray(pos, end), r.pos - pos, dcid, version, frame);
      pos = end;
    }
  }

  gap(): void {}

  close(): void {
    for (const s of this.sets) {
      if (!s.done && s.buffered > 0) this.ctx.sink.warning('quic-incomplete-hello', `QUIC ClientHello in flow ${this.ctx.flow.id} incomplete at close`);
    }
    this.sets = [];
  }

  private initial(dir: Direction, packet: Uint8Array, pnOffset: number, dcid: Uint8Array, version: number, frame: number): void {
    // Client Initials keep the keys of the first DCID even after switching to the server's
    // connection ID; a Retry brings a new DCID and new keys. Server Initials fail every try.
    for (let i = this.sets.length - 1; i >= 0; i--) {
      const s = this.sets[i];
      if (s.version !== version) continue;
      const o = openPacket(s.keys, packet, pnOffset, s.largestPn);
      if (o) return this.frames(dir, s, o.pn, o.payload, frame);
    }
    const id = hex(dcid);
    if (this.sets.some((s) => s.dcid === id && s.version === version)) return;
    const s: KeySet = { dcid: id, version, keys: initialKeys(dcid, version), largestPn: -1, segments: new Map(), buffered: 0, done: false };
    const o = openPacket(s.keys, packet, pnOffset, -1);
    if (!o) return; // most likely a server Initial (server keys); not needed for the report
    this.sets.push(s);
    if (this.sets.length > 8) this.sets.shift();
    this.frames(dir, s, o.pn, o.payload, frame);
  }

  private frames(dir: Direction, s: KeySet, pn: number, payload: Uint8Array, frame: number): void {
    s.largestPn = Math.max(s.largestPn, pn);
    const r = new Reader(payload);
    while (r.left > 0 && !r.bad) {
      const t = r.varint();
      if (t === 0x00 || t === 0x01) continue; // PADDING, PING
      if (t === 0x02 || t === 0x03) {
        r.varint();
        r.varint();
        const ranges = r.varint();
        r.varint();
        for (let i = 0; i < ranges && !r.bad; i++) {
          r.varint();
          r.varint();
        }
        if (t === 0x03) {
          r.varint();
          r.varint();
          r.varint();
        }
        continue;
      }
      if (t === 0x06) {
        const off = r.varint();
        const data = r.bytes(r.varint());
        if (!r.bad) this.crypto(dir, s, off, data, frame);
        continue;
      }
      if (t === 0x1c || t === 0x1d) {
        r.varint();
        if (t === 0x1c) r.varint();
        r.bytes(r.varint());
        continue;
      }
      // Any other frame type is not allowed in Initial packets (RFC 9000 §12.4).
      this.warn(`QUIC Initial in flow ${this.ctx.flow.id} holds unexpected frame type ${t}`, frame);
      return;
    }
    if (r.bad) this.warn(`QUIC Initial frame cut short in flow ${this.ctx.flow.id}`, frame);
  }

  private crypto(dir: Direction, s: KeySet, off: number, data: Uint8Array, frame: number): void {
    if (s.done || data.length === 0) return;
    if (off + data.length > MAX_CRYPTO || s.buffered + data.length > 4 * MAX_CRYPTO) {
      this.warn(`QUIC CRYPTO data beyond ${MAX_CRYPTO} bytes in flow ${this.ctx.flow.id}; ignored`, frame);
      return;
    }
    const prev = s.segments.get(off);
    if (!prev || prev.length < data.length) {
      s.segments.set(off, data.slice());
      s.buffered += data.length;
    }
    // Assemble the contiguous prefix from offset 0 (segments may overlap).
    const sorted = [...s.segments.entries()].sort((a, b) => a[0] - b[0]);
    let end = 0;
    for (const [o, b] of sorted) {
      if (o > end) break;
      end = Math.max(end, o + b.length);
    }
    if (end < 4) return;
    const buf = new Uint8Array(end);
    for (const [o, b] of sorted) {
      if (o >= end) break;
      buf.set(b.subarray(0, Math.min(b.length, end - o)), o);
    }
    if (buf[0] !== 1) {
      s.done = true;
      this.warn(`QUIC CRYPTO stream in flow ${this.ctx.flow.id} does not start with a ClientHello`, frame);
      return;
    }
    const len = (buf[1] << 16) | (buf[2] << 8) | buf[3];
    if (end < 4 + len) return;
    s.done = true;
    s.segments.clear();
    const ch = parseClientHello(buf.subarray(4, 4 + len));
    if (!ch) return this.warn(`QUIC ClientHello in flow ${this.ctx.flow.id} is damaged`, frame);
    if (ch.damaged) this.warn(`QUIC ClientHello in flow ${this.ctx.flow.id}: ${ch.damaged}`, frame);
    emitHello(this.ctx, dir, ch, frame, 'udp', s.version === QUIC_V2 ? 'quic-v2' : 'quic-v1');
  }

  private warn(msg: string, frame: number): void {
    // One warning per flow is enough: damaged QUIC tends to repeat for every packet.
    if (this.warned) return;
    this.warned = true;
    this.ctx.sink.warning('quic-malformed', msg, frame);
  }
}
