/**
 * HTTP/2 (RFC 9113) over one TCP or decrypted TLS stream: frames, HPACK, and one HttpMessage per
 * request/response, with the same scan inputs as HTTP/1.x ('url', 'header', 'body').
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex } from '../../extract/handler';
import { concat, concatAll } from '../../bytes';
import { decodeContent, MAX_DECODED } from '../http1/body';
import { HpackDecoder } from './hpack';

/** The client connection preface, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n". */
export const H2_PREFACE = Uint8Array.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', (c) => c.charCodeAt(0));

/** Largest frame we buffer (the protocol's own maximum is 16 MiB). */
const MAX_FRAME = (1 << 24) - 1;
/** Body bytes kept across all open streams of a connection before bodies are scanned undecoded. */
const MAX_BODIES = 32 * 1024 * 1024;
/** Open streams tracked per connection; the oldest is closed early past this. */
const MAX_STREAMS = 1000;

const F_END_STREAM = 0x1;
const F_END_HEADERS = 0x4;
const F_PADDED = 0x8;
const F_PRIORITY = 0x20;

interface Message {
  kind: 'request' | 'response';
  headers: [string, string][];
  frame: number;
  offset: number;
  parts: Uint8Array[];
  size: number;
  /** Body bytes went to the scanner as they came (limit reached); nothing kept. */
  overflow: boolean;
}

/** One direction: frame buffer, HPACK context and a header block being continued. */
class H2Stream {
  buf: Uint8Array = new Uint8Array(0);
  /** Stream offset of buf[0]. */
  bufOffset = 0;
  preface: number;
  hpack = new HpackDecoder();
  /** HEADERS/PUSH_PROMISE awaiting CONTINUATION frames. */
  block: { stream: number; parts: Uint8Array[]; size: number; endStream: boolean; push: boolean; frame: number; offset: number } | null = null;
  /** Messages being received on this direction, by stream id. */
  msgs = new Map<number, Message>();
  dead = false;
  constructor(readonly dir: Direction, preface: boolean) {
    this.preface = preface ? H2_PREFACE.length : 0;
  }
}

const latinBytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const get = (h: [string, string][], name: string) => h.find(([k]) => k === name)?.[1] ?? null;

/** HTTP/2 handler; `client` is the direction that sent the connection preface. */
export class Http2Handler implements FlowHandler {
  private s: [H2Stream, H2Stream];
  private bodyBytes = 0;

  constructor(private readonly ctx: HandlerContext, private readonly client: Direction) {
    this.s = [new H2Stream('upload', client === 'upload'), new H2Stream('download', client === 'download')];
    ctx.sink.app(ctx.flow.id, 'http', false);
  }

  data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    const st = this.s[dirIndex(dir)];
    if (st.dead) return;
    if (st.buf.length === 0) st.bufOffset = offset;
    st.buf = concat(st.buf, bytes);
    if (st.preface > 0) {
      const n = Math.min(st.preface, st.buf.length);
      st.buf = st.buf.subarray(n);
      st.bufOffset += n;
      st.preface -= n;
    }
    while (st.buf.length >= 9 && !st.dead) {
      const len = (st.buf[0] << 16) | (st.buf[1] << 8) | st.buf[2];
      if (len > MAX_FRAME) return this.damaged(st, `frame of ${len} bytes`, frame);
      if (st.buf.length < 9 + len) break;
      const type = st.buf[3];
      const flags = st.buf[4];
      const id = ((st.buf[5] & 0x7f) << 24) | (st.buf[6] << 16) | (st.buf[7] << 8) | st.buf[8];
      const payload = st.buf.subarray(9, 9 + len);
      const at = st.bufOffset;
      st.buf = st.buf.subarray(9 + len);
      st.bufOffset += 9 + len;
      this.frame(st, type, flags, id, payload, frame, at);
    }
    st.buf = st.buf.slice();
  }

  gap(dir: Direction, length: number, frame: number): void {
    // Frame boundaries and the HPACK context are lost for good on this direction.
    const st = this.s[dirIndex(dir)];
    if (!st.dead) this.damaged(st, `lost ${length} bytes`, frame);
  }

  close(): void {
    for (const st of this.s) {
      for (const id of [...st.msgs.keys()]) this.finish(st, id);
      st.buf = new Uint8Array(0);
      st.block = null;
    }
  }

  private frame(st: H2Stream, type: number, flags: number, id: number, p: Uint8Array, frame: number, offset: number): void {
    if (st.block && type !== 9) {
      this.ctx.sink.warning('http2-malformed', `HTTP/2 ${st.dir} in flow ${this.ctx.flow.id}: header block not continued`, frame);
      st.block = null;
    }
    switch (type) {
      case 0: {
        // DATA
        const body = this.unpad(p, flags, 0);
        if (body) this.body(st, id, body, frame);
        if (flags & F_END_STREAM) this.finish(st, id);
        return;
      }
      case 1: {
        // HEADERS
        const frag = this.unpad(p, flags, flags & F_PRIORITY ? 5 : 0);
        if (!frag) return;
        st.block = { stream: id, parts: [frag.slice()], size: frag.length, endStream: (flags & F_END_STREAM) !== 0, push: false, frame, offset };
        break;
      }
      case 5: {
        // PUSH_PROMISE: decoded only to keep the HPACK context in step.
        const frag = this.unpad(p, flags, 4);
        if (!frag) return;
        st.block = { stream: id, parts: [frag.slice()], size: frag.length, endStream: false, push: true, frame, offset };
        break;
      }
      case 9: {
        // CONTINUATION
        if (!st.block || st.block.stream !== id) return;
        st.block.parts.push(p.slice());
        st.block.size += p.length;
        if (st.block.size > MAX_FRAME) return this.damaged(st, 'header block too long', frame);
        break;
      }
      case 3: // RST_STREAM: whatever arrived of the stream is all there will be.
        for (const s of this.s) if (s.msgs.has(id)) this.finish(s, id);
        return;
      default:
        return; // SETTINGS, PING, PRIORITY, WINDOW_UPDATE, GOAWAY and extensions carry no content
    }
    if (flags & F_END_HEADERS && st.block) {
      const b = st.block;
      st.block = null;
      const block = b.parts.length === 1 ? b.parts[0] : concatAll(b.parts);
      const { headers, error } = st.hpack.decode(block);
      if (error) this.ctx.sink.warning('http2-hpack', `HTTP/2 ${st.dir} in flow ${this.ctx.flow.id}: ${error}`, b.frame);
      if (!b.push && headers.length) this.headers(st, b.stream, headers, b.endStream, b.frame, b.offset);
    }
  }

  /** Strips padding (and `skip` bytes of priority / promised id) from a frame payload. */
  private unpad(p: Uint8Array, flags: number, skip: number): Uint8Array | null {
    let start = 0;
    let end = p.length;
    if (flags & F_PADDED) {
      if (p.length < 1) return null;
      end -= p[0];
      start = 1;
    }
    start += skip;
    return start <= end ? p.subarray(start, end) : null;
  }

  private headers(st: H2Stream, id: number, headers: [string, string][], endStream: boolean, frame: number, offset: number): void {
    const { flow, sink } = this.ctx;
    const existing = st.msgs.get(id);
    const path = get(headers, ':path');
    if (path) sink.scan({ flow: flow.id, direction: st.dir, protocol: 'http', part: 'url', frame, bytes: latinBytes(path), encryptedOnWire: false });
    const text = headers.filter(([k]) => k !== ':path').map(([k, v]) => `${k}: ${v}\r\n`).join('');
    if (text) sink.scan({ flow: flow.id, direction: st.dir, protocol: 'http', part: 'header', frame, bytes: latinBytes(text), encryptedOnWire: false });
    if (existing) {
      // Trailers (or a final response after 1xx): keep the first head, end if asked.
      if (get(existing.headers, ':status')?.startsWith('1') && get(headers, ':status')) existing.headers = headers;
      if (endStream) this.finish(st, id);
      return;
    }
    if (st.msgs.size >= MAX_STREAMS) this.finish(st, st.msgs.keys().next().value!);
    const kind = st.dir === this.client ? 'request' : 'response';
    st.msgs.set(id, { kind, headers, frame, offset, parts: [], size: 0, overflow: false });
    if (endStream) this.finish(st, id);
  }

  private body(st: H2Stream, id: number, b: Uint8Array, frame: number): void {
    const m = st.msgs.get(id);
    if (!m || b.length === 0) return;
    if (!m.overflow && (m.size + b.length > MAX_DECODED || this.bodyBytes + b.length > MAX_BODIES)) {
      m.overflow = true;
      this.ctx.sink.warning('http-body-large', `HTTP/2 ${m.kind} body in flow ${this.ctx.flow.id} stream ${id} is too large to keep; scanning it undecoded`, frame);
      for (const p of m.parts) this.scanBody(st.dir, p, frame);
      this.bodyBytes -= m.size;
      m.parts = [];
    }
    if (m.overflow) this.scanBody(st.dir, b.slice(), frame);
    else {
      m.parts.push(b.slice());
      this.bodyBytes += b.length;
    }
    m.size += b.length;
  }

  private scanBody(dir: Direction, bytes: Uint8Array, frame: number): void {
    this.ctx.sink.scan({ flow: this.ctx.flow.id, direction: dir, protocol: 'http', part: 'body', frame, bytes, encryptedOnWire: false });
  }

  /** Ends a message: decodes and scans its body and reports it (HEADERS were complete, so even
   * a stream cut short by RST_STREAM or the end of the capture is reported, as tshark lists it). */
  private finish(st: H2Stream, id: number): void {
    const m = st.msgs.get(id);
    if (!m) return;
    st.msgs.delete(id);
    const { flow, sink } = this.ctx;
    let body: Uint8Array = new Uint8Array(0);
    const codings: string[] = [];
    if (!m.overflow && m.size > 0) {
      this.bodyBytes -= m.size;
      body = concatAll(m.parts);
      const ce = m.headers.filter(([k]) => k === 'content-encoding').map(([, v]) => v).join(',').toLowerCase().split(',').map((s) => s.trim()).filter(Boolean);
      if (ce.length) {
        const d = decodeContent(body, ce);
        if (d.error || d.truncated) sink.warning('http-decode', `HTTP/2 ${m.kind} body in flow ${flow.id}: ${d.error ?? 'decoded body cut at the limit'}`, m.frame);
        if (d.undone.length) {
          if (d.error) this.scanBody(st.dir, body, m.frame);
          body = d.bytes;
          codings.push(...d.undone);
        }
      }
      this.scanBody(st.dir, body, m.frame);
    }
    const status = get(m.headers, ':status');
    sink.emit('http', {
      flow: flow.id, frame: m.frame, direction: st.dir, kind: m.kind,
      method: m.kind === 'request' ? (get(m.headers, ':method') ?? '') : undefined,
      uri: m.kind === 'request' ? (get(m.headers, ':path') ?? '') : undefined,
      status: status !== null ? Number(status) : undefined,
      host: get(m.headers, ':authority') ?? get(m.headers, 'host'),
      headers: m.headers.filter(([k]) => !k.startsWith(':')),
      // A stream carries one exchange: the response answers the request of its stream.
      body, codings, offset: m.offset, stream: id, exchange: id,
    });
  }

  private damaged(st: H2Stream, why: string, frame: number): void {
    this.ctx.sink.warning('http2-malformed', `HTTP/2 ${st.dir} stream in flow ${this.ctx.flow.id}: ${why}; rest of this direction ignored`, frame);
    for (const id of [...st.msgs.keys()]) this.finish(st, id);
    st.dead = true;
    st.buf = new Uint8Array(0);
    st.block = null;
  }
}
