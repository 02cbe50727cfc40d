/**
 * Client Initials of the QUIC versions that share IETF QUIC's long header and Initial protection
 * (v1, v2, Google's Q050): decrypt, reassemble CRYPTO frames, hand the stream to the version's
 * reader (a `QuicDialect`: IETF frames and a TLS ClientHello, or gQUIC frames and a CHLO).
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import type { WarningCode } from '../../warnings';
import { hex, Reader } from '../../bytes';
import { initialKeys, openPacket, QUIC_V2, type InitialKeys } from './quicCrypto';
import { CryptoStream, MAX_CRYPTO } from './cryptoStream';

/** What differs between the versions this handler opens: their frames and their handshake. */
export interface QuicDialect {
  /** Long-header versions it reads (quicCrypto.initialKeys knows their salts). */
  readonly versions: readonly number[];
  /** Damaged packets and hellos: warned once per flow. */
  readonly malformed: WarningCode;
  /** A hello still incomplete when the flow closes, and what the hello is called ('ClientHello'). */
  readonly incomplete: WarningCode;
  readonly helloName: string;
  /** Walks one decrypted Initial's frames, handing CRYPTO data to `crypto`; `warn` for damage. */
  frames(payload: Uint8Array, crypto: (off: number, data: Uint8Array) => void, warn: (msg: string) => void): void;
  /**
   * Reads the CRYPTO stream's contiguous bytes from offset 0. False while the hello is
   * incomplete; true once it has emitted what it read (or given up, through `warn`).
   */
  hello(ctx: HandlerContext, dir: Direction, stream: Uint8Array, frame: number, version: number, warn: (msg: string) => void): boolean;
}

/** True if `d` starts with a long-header packet of one of `versions`. */
export function isQuicLongHeader(d: Uint8Array, versions: readonly number[]): boolean {
  if (d.length < 7 || (d[0] & 0xc0) !== 0xc0) return false;
  return versions.includes(((d[1] << 24) | (d[2] << 16) | (d[3] << 8) | d[4]) >>> 0);
}

/** Long-header packet type as v1 numbers it (0 Initial, 1 0-RTT, 2 Handshake, 3 Retry); Q050 numbers them as v1. */
function packetType(first: number, version: number): number {
  const t = (first >> 4) & 3;
  // RFC 9369 §3.2 rotates the type bits in v2.
  return version === QUIC_V2 ? (t + 3) % 4 : t;
}

/** One Initial key set (one client DCID, e.g. a new one after Retry) and its CRYPTO stream. */
interface KeySet {
  dcid: string;
  version: number;
  keys: InitialKeys;
  largestPn: number;
  stream: CryptoStream;
  done: boolean;
}

/**
 * Decrypts client Initial packets of one UDP flow and hands each CRYPTO stream to the dialect.
 * Whoever creates it marks the flow (app quic, encrypted): gQUIC's handler has done so already.
 */
export class QuicHandler implements FlowHandler {
  private sets: KeySet[] = [];
  private warned = false;

  constructor(private readonly ctx: HandlerContext, private readonly dialect: QuicDialect) {}

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    let pos = 0;
    // A datagram may hold several coalesced long-header packets, then at most one short one.
    while (pos < d.length) {
      const first = d[pos];
      if ((first & 0x80) === 0) break;
      const r = new Reader(d, pos + 1);
      const version = r.u32();
      if (!this.dialect.versions.includes(version)) break;
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
      if (!s.done && s.stream.held > 0) this.ctx.sink.warning(this.dialect.incomplete, `QUIC ${this.dialect.helloName} in flow ${this.ctx.flow.id} incomplete at close`);
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
    const s: KeySet = { dcid: id, version, keys: initialKeys(dcid, version), largestPn: -1, stream: new CryptoStream(), done: false };
    const o = openPacket(s.keys, packet, pnOffset, -1);
    if (!o) return; // most likely a server Initial (server keys); not needed for the report
    this.sets.push(s);
    if (this.sets.length > 8) this.sets.shift();
    this.frames(dir, s, o.pn, o.payload, frame);
  }

  private frames(dir: Direction, s: KeySet, pn: number, payload: Uint8Array, frame: number): void {
    s.largestPn = Math.max(s.largestPn, pn);
    this.dialect.frames(payload, (off, data) => this.crypto(dir, s, off, data, frame), (msg) => this.warn(`QUIC Initial in flow ${this.ctx.flow.id} ${msg}`, frame));
  }

  private crypto(dir: Direction, s: KeySet, off: number, data: Uint8Array, frame: number): void {
    if (s.done || data.length === 0) return;
    if (!s.stream.add(off, data)) {
      this.warn(`QUIC CRYPTO data beyond ${MAX_CRYPTO} bytes in flow ${this.ctx.flow.id}; ignored`, frame);
      return;
    }
    s.done = this.dialect.hello(this.ctx, dir, s.stream.prefix(), frame, s.version, (msg) => this.warn(msg, frame));
    if (s.done) s.stream.clear();
  }

  private warn(msg: string, frame: number): void {
    // One warning per flow is enough: damaged QUIC tends to repeat for every packet.
    if (this.warned) return;
    this.warned = true;
    this.ctx.sink.warning(this.dialect.malformed, msg, frame);
  }
}
