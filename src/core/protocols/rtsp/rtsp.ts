/**
 * RTSP (RFC 2326 RTSP/1.0, RFC 7826 RTSP/2.0): HTTP-like requests and responses on one TCP
 * connection — a start line with the `RTSP/x.y` version token, headers, a Content-Length body
 * (the SDP of a DESCRIBE answer) — between which the media may ride interleaved as binary frames
 * (`$`, a channel byte, a 16-bit length; §10.12). URIs, header blocks and bodies are scanned as
 * text with protocol 'rtsp'; interleaved frames are RTP/RTCP media and are skipped. Messages are
 * `rtsp` records (records.ts), at the frame that completes them as tshark shows them, and never
 * `http` ones: tshark dissects them as RTSP, so they are not in its HTTP truth.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex } from '../../extract/handler';
import { concat, concatAll, latin1, u16 } from '../../bytes';
import type { RtspMessage } from './records';

/** Largest header block waited for; past it the stream is resynchronised. */
const MAX_HEAD = 64 * 1024;
/** Body bytes kept to scan whole; a larger body is scanned as it comes. */
const MAX_BODY = 1 << 20;
/** Longest start line resynchronisation looks back for. */
const MAX_LINE = 4096;

const INTERLEAVED = 0x24; // '$'
const REQUEST = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) RTSP\/(\d)\.(\d)\r?$/;
const RESPONSE = /^RTSP\/(\d)\.(\d) (\d{3})(?: |\r?$)/;

/**
 * Does a stream start with an RTSP message? A response's `RTSP/` first, or a request line
 * `METHOD URI RTSP/x.y`: decided as soon as the URI's `rtsp://` scheme or the version shows,
 * 'more' while the line may still become one.
 */
export function detectRtsp(b: Uint8Array): boolean | 'more' {
  // Runs on every undecided TCP stream (HTTP's included), so it allocates nothing: no closure,
  // no one-character strings for the regexes it had (~1.1 KB per flow, issue 15).
  let p = 0;
  while (p < b.length && (b[p] === 0x0d || b[p] === 0x0a)) p++;
  if (p === b.length) return 'more';
  const resp = startsWith(b, 'RTSP/', p);
  if (resp !== false) return resp;
  // The method: a token of letters, digits, '_' or '-' (GET_PARAMETER, SET_PARAMETER).
  let q = p;
  while (q < b.length && q - p <= 32 && isMethodByte(b[q])) q++;
  if (q === b.length) return q - p <= 32 ? 'more' : false;
  if (q === p || b[q] !== 0x20) return false;
  const uri = q + 1;
  if (startsWith(b, 'rtsp://', uri) === true || startsWith(b, 'rtsps://', uri) === true || startsWith(b, 'rtspu://', uri) === true) return true;
  let sp = uri;
  while (sp < b.length && b[sp] !== 0x20 && b[sp] !== 0x0d && b[sp] !== 0x0a) sp++;
  if (sp === b.length) return 'more';
  if (b[sp] !== 0x20 || sp === uri) return false;
  return startsWith(b, 'RTSP/', sp + 1);
}

/** `want` at b[at], a lower-case letter of `want` matching either case; 'more' if b ends first. */
function startsWith(b: Uint8Array, want: string, at: number): boolean | 'more' {
  for (let i = 0; i < want.length; i++) {
    if (at + i >= b.length) return 'more';
    const w = want.charCodeAt(i);
    if ((b[at + i] | (w >= 0x61 && w <= 0x7a ? 0x20 : 0)) !== w) return false;
  }
  return true;
}

/** [A-Za-z0-9_-] */
function isMethodByte(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}

/**
 * For HTTP/1's heuristic: a request start RTSP may still claim within a few bytes — the URI so
 * far is empty, `*`, or a prefix of an rtsp:// scheme — so HTTP waits instead of claiming a
 * method both share (OPTIONS, GET) on a line cut short. A longer URI (`GET /info` of AirPlay)
 * is left to whichever heuristic the first segment decides: HTTP waiting for a whole line would
 * send a request with a 64-byte URI to raw.
 */
export function rtspMayClaim(b: Uint8Array): boolean {
  if (detectRtsp(b) !== 'more') return false;
  const m = /^[\r\n]*[A-Za-z0-9_-]+ (\S*)/.exec(latin1(b));
  if (!m) return false;
  const uri = m[1].toLowerCase();
  return uri === '*' || ['rtsp://', 'rtsps://', 'rtspu://'].some((scheme) => scheme.startsWith(uri));
}

/** What a start line says; null when it is not an RTSP one. */
export function parseStartLine(line: string): { kind: 'request'; method: string; uri: string } | { kind: 'response'; status: number } | null {
  const r = RESPONSE.exec(line);
  if (r) return { kind: 'response', status: Number(r[3]) };
  const q = REQUEST.exec(line);
  return q ? { kind: 'request', method: q[1], uri: q[2] } : null;
}

/** Where the header block ends (after its blank line), or -1. */
function headEnd(b: Uint8Array, from: number): number {
  for (let nl = b.indexOf(0x0a, from); nl >= 0; nl = b.indexOf(0x0a, nl + 1)) {
    if (b[nl + 1] === 0x0a) return nl + 2;
    if (b[nl + 1] === 0x0d && b[nl + 2] === 0x0a) return nl + 3;
  }
  return -1;
}

/** The offset of the next line that starts an RTSP message, or -1. */
function nextStart(b: Uint8Array): number {
  for (let nl = b.indexOf(0x0a); nl >= 0; nl = b.indexOf(0x0a, nl + 1)) {
    const end = b.indexOf(0x0a, nl + 1);
    if (end < 0) return -1;
    if (parseStartLine(latin1(b, nl + 1, end))) return nl + 1;
  }
  return -1;
}

class Stream {
  buf: Uint8Array = new Uint8Array(0);
  state: 'head' | 'body' | 'binary' | 'resync' = 'head';
  /** Bytes left of the current body or interleaved frame. */
  remaining = 0;
  body: Uint8Array[] = [];
  bodySize = 0;
  bodyFrame = 0;
  /** The message whose body is being read: recorded once the body is complete, as tshark shows it. */
  pending: RtspMessage | null = null;
  constructor(readonly dir: Direction) {}
}

export class RtspHandler implements FlowHandler {
  private s: [Stream, Stream] = [new Stream('upload'), new Stream('download')];

  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'rtsp', false);
  }

  data(dir: Direction, bytes: Uint8Array, _offset: number, frame: number): void {
    const st = this.s[dirIndex(dir)];
    st.buf = concat(st.buf, bytes);
    this.run(st, frame);
    // Bounded: a body or frame is consumed as it comes, a header block past MAX_HEAD resyncs.
    st.buf = st.buf.slice();
  }

  gap(dir: Direction, length: number, frame: number): void {
    const st = this.s[dirIndex(dir)];
    this.endBody(st);
    st.pending = null;
    this.ctx.sink.warning('rtsp-gap', `RTSP ${dir} stream in flow ${this.ctx.flow.id} lost ${length} bytes; skipping to the next message`, frame);
    st.buf = new Uint8Array(0);
    st.state = 'resync';
  }

  close(): void {
    for (const st of this.s) {
      if (st.state === 'body') this.ctx.sink.warning('rtsp-truncated', `RTSP ${st.dir} body in flow ${this.ctx.flow.id} ends ${st.remaining} bytes short`);
      this.endBody(st);
      st.pending = null;
      if (st.state === 'head' && st.buf.length > 0) this.ctx.sink.warning('rtsp-truncated', `RTSP ${st.dir} header block in flow ${this.ctx.flow.id} never ends`);
      st.buf = new Uint8Array(0);
    }
  }

  private scan(st: Stream, part: string, bytes: Uint8Array, frame: number, protocol = 'rtsp'): void {
    if (bytes.length) this.ctx.sink.scan({ flow: this.ctx.flow.id, direction: st.dir, protocol, part, frame, bytes: bytes.slice(), encryptedOnWire: false });
  }

  private run(st: Stream, frame: number): void {
    for (;;) {
      if (st.state === 'binary' || st.state === 'body') {
        const n = Math.min(st.remaining, st.buf.length);
        if (st.state === 'body') this.bodyBytes(st, st.buf.subarray(0, n), frame);
        st.buf = st.buf.subarray(n);
        st.remaining -= n;
        if (st.remaining > 0) return;
        this.endBody(st);
        if (st.pending) this.ctx.sink.emit('rtsp', { ...st.pending, frame });
        st.pending = null;
        st.state = 'head';
      }
      if (st.state === 'resync') {
        const at = nextStart(st.buf);
        const drop = at >= 0 ? at : Math.max(0, st.buf.length - MAX_LINE);
        this.scan(st, 'payload', st.buf.subarray(0, drop), frame, 'tcp');
        st.buf = st.buf.subarray(drop);
        if (at < 0) return;
        st.state = 'head';
      }
      let p = 0;
      while (p < st.buf.length && (st.buf[p] === 0x0d || st.buf[p] === 0x0a)) p++;
      st.buf = st.buf.subarray(p);
      if (st.buf.length === 0) return;
      if (st.buf[0] === INTERLEAVED) {
        if (st.buf.length < 4) return;
        st.remaining = u16(st.buf, 2);
        st.buf = st.buf.subarray(4);
        st.state = 'binary';
        continue;
      }
      if (!this.head(st, frame)) return;
    }
  }

  /** Reads one header block; false when more bytes are needed. */
  private head(st: Stream, frame: number): boolean {
    const { flow, sink } = this.ctx;
    const end = headEnd(st.buf, 0);
    const nl = st.buf.indexOf(0x0a);
    const start = nl < 0 ? null : parseStartLine(latin1(st.buf, 0, nl));
    if (nl >= 0 && !start) {
      sink.warning('rtsp-resync', `RTSP ${st.dir} stream in flow ${flow.id}: not an RTSP message, skipping to the next one`, frame);
      // Resync looks for a start line after a line end, so this line goes with what it skips.
      st.state = 'resync';
      return true;
    }
    if (end < 0) {
      if (st.buf.length > MAX_HEAD) {
        sink.warning('rtsp-resync', `RTSP ${st.dir} header block in flow ${flow.id} exceeds ${MAX_HEAD} bytes`, frame);
        st.state = 'resync';
        st.buf = st.buf.subarray(nl + 1);
        return true;
      }
      return false;
    }
    const head = st.buf.subarray(0, end);
    st.buf = st.buf.subarray(end);
    const text = latin1(head, nl + 1);
    const headers = [...text.matchAll(/^([^:\r\n]+):[ \t]*([^\r\n]*)/gm)].map((m) => [m[1].trim().toLowerCase(), m[2].trim()] as const);
    const header = (name: string) => headers.find(([k]) => k === name)?.[1] ?? null;
    if (start!.kind === 'request') {
      const uriAt = latin1(head, 0, nl).indexOf(' ') + 1;
      this.scan(st, 'url', head.subarray(uriAt, uriAt + start!.uri.length), frame);
    }
    this.scan(st, 'header', head.subarray(nl + 1), frame);
    const cseq = header('cseq');
    const record: RtspMessage = {
      flow: flow.id, frame, direction: st.dir, kind: start!.kind,
      method: start!.kind === 'request' ? start!.method : null, uri: start!.kind === 'request' ? start!.uri : null,
      status: start!.kind === 'response' ? start!.status : null, cseq: cseq && /^\d+$/.test(cseq) ? Number(cseq) : null,
    };
    const length = header('content-length');
    if (length !== null && /^\d+$/.test(length) && Number(length) > 0) {
      st.state = 'body';
      st.remaining = Number(length);
      st.bodyFrame = frame;
      st.pending = record;
    } else {
      sink.emit('rtsp', record);
    }
    return true;
  }

  private bodyBytes(st: Stream, b: Uint8Array, frame: number): void {
    if (st.bodySize + b.length > MAX_BODY) {
      this.endBody(st);
      this.scan(st, 'body', b, frame);
      st.bodySize = MAX_BODY;
      return;
    }
    st.body.push(b.slice());
    st.bodySize += b.length;
  }

  private endBody(st: Stream): void {
    if (st.body.length) this.scan(st, 'body', concatAll(st.body), st.bodyFrame);
    st.body = [];
    st.bodySize = 0;
  }
}
