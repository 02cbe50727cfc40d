/**
 * TLS over TCP: record and handshake reassembly for the ClientHello (SNI, ALPN, JA3) and the
 * ServerHello; with the session's secrets in the key log, records are decrypted and the
 * application data goes through the ordinary extractors (src/core/tls/).
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex } from '../../extract/handler';
import type { TlsHello } from './records';
import { concat, hex, Reader, bytesOf } from '../../bytes';
import { ja3Hash, ja3String } from './ja3';
import { DecryptedStream, type KeyedContext } from './decrypted';
import type { KeyLog } from '../../tls/keylog';
import { TlsSession, type ServerHelloInfo, type Side } from '../../tls/session';

export interface ClientHello {
  sni: string | null;
  alpn: string[];
  ja3Full: string;
  ja3: string;
  /** Set when a field ran past its container; what was read is still returned. */
  damaged: string | null;
}

const latin = (b: Uint8Array) => Array.from(b, (c) => String.fromCharCode(c)).join('');

/**
 * Parses a ClientHello handshake body (after the 4-byte handshake header). Used for TLS over TCP
 * and for the CRYPTO stream of QUIC Initials alike.
 */
export function parseClientHello(body: Uint8Array): ClientHello | null {
  const r = new Reader(body);
  const version = r.u16();
  r.bytes(32); // random
  r.bytes(r.u8()); // session id
  const cs = new Reader(r.bytes(r.u16()));
  r.bytes(r.u8()); // compression methods
  if (r.bad || cs.bad) return null;
  const ciphers: number[] = [];
  while (cs.left >= 2) ciphers.push(cs.u16());
  const out: ClientHello = { sni: null, alpn: [], ja3Full: '', ja3: '', damaged: null };
  const extensions: number[] = [];
  let groups: number[] = [];
  let formats: number[] = [];
  if (r.left >= 2) {
    const extLen = r.u16();
    if (extLen > r.left) out.damaged = 'extensions run past the ClientHello';
    const ex = new Reader(body, r.pos, Math.min(r.end, r.pos + extLen));
    while (ex.left >= 4) {
      const type = ex.u16();
      const len = ex.u16();
      if (len > ex.left) out.damaged = `extension ${type} runs past the ClientHello`;
      extensions.push(type);
      const d = new Reader(ex.bytes(Math.min(len, ex.left)));
      if (type === 0) {
        // server_name: list of (type, name); tshark shows the host_name entries.
        const list = new Reader(d.bytes(d.u16()));
        while (list.left >= 3) {
          const t = list.u8();
          const name = list.bytes(list.u16());
          if (t === 0 && out.sni === null) out.sni = latin(name);
        }
      } else if (type === 16) {
        const list = new Reader(d.bytes(d.u16()));
        while (list.left >= 1) {
          const p = list.bytes(list.u8());
          if (!list.bad) out.alpn.push(latin(p));
        }
      } else if (type === 10) {
        const list = new Reader(d.bytes(d.u16()));
        groups = [];
        while (list.left >= 2) groups.push(list.u16());
      } else if (type === 11) {
        const list = new Reader(d.bytes(d.u8()));
        formats = [];
        while (list.left >= 1) formats.push(list.u8());
      }
    }
  }
  out.ja3Full = ja3String({ version, ciphers, extensions, groups, pointFormats: formats });
  out.ja3 = ja3Hash(out.ja3Full);
  return out;
}


/** SHA-256("HelloRetryRequest"): the ServerHello random that marks a HelloRetryRequest (RFC 8446 4.1.3). */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

/** Parses a ServerHello body: negotiated version and suite, server random, encrypt_then_mac. */
export function parseServerHello(body: Uint8Array): ServerHelloInfo | null {
  const r = new Reader(body);
  let version = r.u16();
  const random = r.bytes(32).slice();
  r.bytes(r.u8()); // session id echo
  const cipherSuite = r.u16();
  r.u8(); // compression method
  if (r.bad) return null;
  let encryptThenMac = false;
  if (r.left >= 2) {
    const ex = new Reader(r.bytes(Math.min(r.u16(), r.left)));
    while (ex.left >= 4) {
      const type = ex.u16();
      const d = new Reader(ex.bytes(Math.min(ex.u16(), ex.left)));
      if (type === 43 && d.left >= 2) version = d.u16(); // supported_versions: the real version
      else if (type === 22) encryptThenMac = true;
    }
  }
  return { version, cipherSuite, random, encryptThenMac, retry: hex(random) === HRR_RANDOM };
}

/** Longest handshake message we reassemble (a ClientHello is normally < 2 KiB; PQ ones ~ 2 KiB+). */
const MAX_HANDSHAKE = 256 * 1024;
/** Consecutive records that fail to decrypt before a direction is given up. */
const MAX_FAILURES = 8;

/** One direction's record and handshake reassembly state. */
class TlsStream {
  rec: Uint8Array = new Uint8Array(0);
  hs: Uint8Array = new Uint8Array(0);
  /** Stop parsing: the rest is encrypted without keys, or record boundaries were lost. */
  done = false;
  afterCcs = false;
  /** Consecutive decryption failures. */
  failures = 0;
}

/** TLS over TCP: reports each ClientHello; decrypts the session when the key log has it. */
export class TlsHandler implements FlowHandler {
  private s: [TlsStream, TlsStream] = [new TlsStream(), new TlsStream()];
  private readonly keys: KeyLog | undefined;
  private clientDir: Direction | null = null;
  private clientRandom: Uint8Array | null = null;
  private session: TlsSession | null = null;
  private plain: DecryptedStream | null = null;

  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'tls', true);
    // ProtocolExtractor puts the key log on the context (see KeyedContext).
    this.keys = (ctx as KeyedContext).keys;
  }

  data(dir: Direction, bytes: Uint8Array, _offset: number, frame: number): void {
    const st = this.s[dirIndex(dir)];
    if (st.done) return;
    st.rec = concat(st.rec, bytes);
    // Records: type(1) version(2) length(2) fragment.
    while (st.rec.length >= 5 && !st.done) {
      const type = st.rec[0];
      const len = (st.rec[3] << 8) | st.rec[4];
      if (st.rec[1] !== 3 || type < 20 || type > 24) {
        this.ctx.sink.warning('tls-malformed', `TLS ${dir} stream in flow ${this.ctx.flow.id}: not a TLS record; rest ignored`, frame);
        st.done = true;
        break;
      }
      if (st.rec.length < 5 + len) break;
      const version = (st.rec[1] << 8) | st.rec[2];
      const frag = st.rec.subarray(5, 5 + len);
      st.rec = st.rec.subarray(5 + len);
      this.record(dir, st, type, version, frag, frame);
    }
    if (st.done) st.rec = new Uint8Array(0);
    else st.rec = st.rec.slice();
  }

  gap(dir: Direction, length: number, frame: number): void {
    // Record boundaries are lost; a ClientHello is at the start anyway.
    const st = this.s[dirIndex(dir)];
    if (this.session && !st.done) {
      this.ctx.sink.warning('tls-gap', `TLS ${dir} stream in flow ${this.ctx.flow.id} lost ${length} bytes; decryption of this direction stops`, frame);
      this.plain?.gap(dir, length, frame);
    }
    st.done = true;
    st.rec = st.hs = new Uint8Array(0);
  }

  close(): void {
    for (const st of this.s) {
      if (!st.done && st.hs.length > 0 && st.hs[0] === 1) {
        this.ctx.sink.warning('tls-truncated', `TLS ClientHello in flow ${this.ctx.flow.id} incomplete at close`);
      }
      st.rec = st.hs = new Uint8Array(0);
    }
    this.plain?.close();
    this.plain = null;
    this.session = null;
  }

  private side(dir: Direction): Side {
    return dir === (this.clientDir ?? 'upload') ? 'client' : 'server';
  }

  private record(dir: Direction, st: TlsStream, type: number, version: number, frag: Uint8Array, frame: number): void {
    const side = this.side(dir);
    if (this.session?.protects(side, type)) return this.decrypt(dir, st, side, type, version, frag, frame);
    if (type === 22) {
      // After ChangeCipherSpec handshake records are encrypted (TLS 1.2 Finished), except the
      // second ClientHello after a TLS 1.3 HelloRetryRequest, sent in clear in one record.
      if (!st.afterCcs || (frag[0] === 1 && frag.length >= 4 && 4 + ((frag[1] << 16) | (frag[2] << 8) | frag[3]) === frag.length)) this.handshake(dir, st, frag, frame);
    } else if (type === 20) {
      st.afterCcs = true;
      st.hs = new Uint8Array(0);
      this.session?.changeCipherSpec(side);
    } else if (type === 23) st.done = true; // application data without keys: nothing more to read
  }

  private decrypt(dir: Direction, st: TlsStream, side: Side, type: number, version: number, frag: Uint8Array, frame: number): void {
    const r = this.session!.open(side, type, version, frag);
    if (r === 'unknown') return; // handshake records whose secret the key log lacks
    if (r === 'failed') {
      const { flow, sink } = this.ctx;
      if (st.failures === 0) sink.warning('tls-decrypt', `TLS ${dir} record in flow ${flow.id} does not decrypt with the logged secrets`, frame);
      this.plain?.gap(dir, frag.length, frame);
      if (++st.failures >= MAX_FAILURES) {
        sink.warning('tls-decrypt', `TLS ${dir} stream in flow ${flow.id}: ${MAX_FAILURES} records in a row do not decrypt; rest ignored`, frame);
        st.done = true;
      }
      return;
    }
    st.failures = 0;
    if (r.type === 23) {
      this.plain ??= new DecryptedStream(this.ctx);
      this.plain.data(dir, r.data, frame);
    }
  }

  private handshake(dir: Direction, st: TlsStream, frag: Uint8Array, frame: number): void {
    st.hs = concat(st.hs, frag);
    while (st.hs.length >= 4) {
      const type = st.hs[0];
      const len = (st.hs[1] << 16) | (st.hs[2] << 8) | st.hs[3];
      if (len > MAX_HANDSHAKE) {
        // Could be an encrypted Finished after a resumed session: nothing more to read here.
        st.done = true;
        st.hs = new Uint8Array(0);
        return;
      }
      if (st.hs.length < 4 + len) break;
      const body = st.hs.subarray(4, 4 + len);
      st.hs = st.hs.subarray(4 + len);
      if (type === 1) this.clientHello(dir, body, frame);
      else if (type === 2 && dir !== this.clientDir) this.serverHello(body, frame);
    }
    st.hs = st.hs.slice();
  }

  private clientHello(dir: Direction, body: Uint8Array, frame: number): void {
    const { flow, sink } = this.ctx;
    if (!this.clientDir && body.length >= 34) {
      // A second ClientHello (after HelloRetryRequest) keeps the same random.
      this.clientDir = dir;
      this.clientRandom = body.slice(2, 34);
    }
    const ch = parseClientHello(body);
    if (!ch) {
      sink.warning('tls-malformed', `TLS ClientHello in flow ${flow.id} is damaged`, frame);
      return;
    }
    if (ch.damaged) sink.warning('tls-malformed', `TLS ClientHello in flow ${flow.id}: ${ch.damaged}`, frame);
    emitHello(this.ctx, dir, ch, frame, 'tcp');
  }

  /** Sets up decryption when the key log knows this session (DSBs come before their packets). */
  private serverHello(body: Uint8Array, frame: number): void {
    const sh = parseServerHello(body);
    if (!sh || sh.retry || !this.clientRandom || !this.keys || this.keys.size === 0 || this.session) return;
    const { flow, sink } = this.ctx;
    const secrets = this.keys.get(this.clientRandom);
    if (!secrets) {
      sink.warning('tls-no-keys', `TLS session in flow ${flow.id}: no key log entry for client random ${hex(this.clientRandom).slice(0, 16)}…; content stays encrypted`, frame);
      return;
    }
    const s = TlsSession.create(sh, this.clientRandom, secrets);
    if ('error' in s) sink.warning('tls-undecryptable', `TLS session in flow ${flow.id}: ${s.error}`, frame);
    else this.session = s;
  }
}

/** Reports a parsed ClientHello (TCP or QUIC) and hands its SNI to the scanner. */
export function emitHello(ctx: HandlerContext, dir: Direction, ch: ClientHello, frame: number, transport: 'tcp' | 'udp', version?: string): void {
  const h: TlsHello = { flow: ctx.flow.id, frame, transport, sni: ch.sni, alpn: ch.alpn, ja3Full: ch.ja3Full, ja3: ch.ja3 };
  if (version) h.version = version;
  ctx.sink.emit('tls', h);
  if (ch.sni) ctx.sink.scan({ flow: ctx.flow.id, direction: dir, protocol: transport === 'tcp' ? 'tls' : 'quic', part: 'sni', frame, bytes: bytesOf(ch.sni), encryptedOnWire: transport === 'udp' });
}
