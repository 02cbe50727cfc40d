/** Incremental HTTP/1.x parser: per-direction streams, keep-alive, pipelining, bounded bodies. */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex, otherDir } from '../../extract/handler';
import { concat, EMPTY_BYTES, latin1 } from '../../bytes';
import { decodeContent, MAX_DECODED } from './body';

/** Methods tshark's HTTP dissector recognises at the start of a request line. */
export const HTTP_METHODS = [
  'GET', 'PUT', 'POST', 'HEAD', 'COPY', 'LOCK', 'MOVE', 'POLL', 'MKCOL', 'TRACE', 'PATCH', 'DELETE',
  'SEARCH', 'UNLOCK', 'OPTIONS', 'CONNECT', 'PROPFIND', 'PROPPATCH', 'NOTIFY', 'SUBSCRIBE',
  'UNSUBSCRIBE', 'M-SEARCH', 'BMOVE', 'BCOPY', 'BDELETE', 'BPROPFIND', 'BPROPPATCH', 'MKCALENDAR',
  'LABEL', 'MERGE', 'REPORT', 'UPDATE', 'CHECKIN', 'CHECKOUT', 'UNCHECKOUT', 'VERSION-CONTROL',
  'BASELINE-CONTROL', 'MKWORKSPACE', 'MKACTIVITY', 'ORDERPATCH', 'ACL', 'RPC_IN_DATA', 'RPC_OUT_DATA',
  'X-MS-ENUMATTS', 'SSTP_DUPLEX_POST', 'MKREDIRECTREF', 'UPDATEREDIRECTREF',
];
const METHOD_SET = new Set(HTTP_METHODS);
const MAX_METHOD = 18;

/** Largest header block we wait for; a longer one is treated as damage. */
const MAX_HEAD = 256 * 1024;
/** Raw (still coded) body bytes kept per message before switching to pass-through scanning. */
const MAX_RAW_BODY = MAX_DECODED;

/** 'request' / 'response' if `b` begins with a start line, 'more' if it may, else null. */
export function startLineKind(b: Uint8Array, at = 0): 'request' | 'response' | 'more' | null {
  const n = Math.min(b.length - at, MAX_METHOD + 1);
  let tok = '';
  for (let i = 0; i < n; i++) {
    const c = b[at + i];
    if (c === 0x20) {
      if (METHOD_SET.has(tok)) return 'request';
      break;
    }
    tok += String.fromCharCode(c);
  }
  const resp = 'HTTP/1.';
  let match = true;
  for (let i = 0; i < resp.length && i < b.length - at; i++) if (b[at + i] !== resp.charCodeAt(i)) match = false;
  if (match) return b.length - at >= resp.length ? 'response' : 'more';
  if (tok.length === b.length - at && tok.length <= MAX_METHOD && HTTP_METHODS.some((m) => m.startsWith(tok))) return 'more';
  return null;
}

interface Head {
  kind: 'request' | 'response';
  method?: string;
  uri?: string;
  status?: number;
  headers: [string, string][];
  /** The header block as received (a view, valid during the call); the URI and the header
   * lines are ranges of it: [uriAt, uriEnd) (uriEnd < 0 for a response) and [headerAt, end). */
  bytes: Uint8Array;
  uriAt: number;
  uriEnd: number;
  headerAt: number;
}

/** Whether c is a character String.prototype.trim removes, of those one latin1 byte can be
 * (TAB, LF, VT, FF, CR, space, no-break space). */
const trimmed = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;

/**
 * Parses a complete header block (start line through the blank line). One string for the
 * block, the names and values sliced from it at byte positions (latin1: one char per byte);
 * no array of lines, no per-line strings cut of their '\r' and trimmed (issue 15: ~0.6 KB per
 * one-line GET). Lines end at '\n' with one '\r' before it dropped; names and values are
 * trimmed as String.prototype.trim does.
 */
function parseHead(b: Uint8Array): Head | null {
  const text = latin1(b);
  const n = b.length;
  let nl = b.indexOf(0x0a);
  if (nl < 0) nl = n;
  const start = text.slice(0, nl > 0 && b[nl - 1] === 0x0d ? nl - 1 : nl);
  const headers: [string, string][] = [];
  for (let ls = nl + 1; ls < n; ) {
    let le = b.indexOf(0x0a, ls);
    if (le < 0) le = n;
    const next = le + 1;
    if (le > ls && b[le - 1] === 0x0d) le--;
    if (le === ls) break;
    if ((b[ls] === 0x20 || b[ls] === 0x09) && headers.length > 0) {
      // Obsolete line folding: continuation of the previous header value.
      headers[headers.length - 1][1] += ' ' + trimSlice(text, b, ls, le);
    } else {
      const c = b.indexOf(0x3a, ls);
      if (c > ls && c < le) headers.push([trimSlice(text, b, ls, c), trimSlice(text, b, c + 1, le)]);
    }
    ls = next;
  }
  const headerAt = nl < n ? nl + 1 : 0;
  if (start.startsWith('HTTP/')) {
    const m = /^HTTP\/\d\.\d+\s+(\d{3})/.exec(start);
    return { kind: 'response', status: m ? Number(m[1]) : 0, headers, bytes: b, uriAt: 0, uriEnd: -1, headerAt };
  }
  const sp = start.indexOf(' ');
  if (sp < 0) return null;
  const method = start.slice(0, sp);
  // tshark takes the URI as the next space-delimited token of the request line.
  let uEnd = start.indexOf(' ', sp + 1);
  if (uEnd < 0) uEnd = start.length;
  const uri = start.slice(sp + 1, uEnd);
  return { kind: 'request', method, uri, headers, bytes: b, uriAt: sp + 1, uriEnd: uEnd, headerAt };
}

/** text.slice(s, e).trim(), without the untrimmed slice (text is latin1(b)). */
function trimSlice(text: string, b: Uint8Array, s: number, e: number): string {
  while (s < e && trimmed(b[s])) s++;
  while (e > s && trimmed(b[e - 1])) e--;
  return text.slice(s, e);
}

/** Whether header name `k` is `n` (lower case) in any case; the length test first spares the
 * lower-cased copy of every other name (each message looks up three names, issue 15). */
const named = (k: string, n: string): boolean => k.length === n.length && (k === n || k.toLowerCase() === n);

function header(h: [string, string][], name: string): string | null {
  const n = name.toLowerCase();
  for (const [k, v] of h) if (named(k, n)) return v;
  return null;
}

function allHeaders(h: [string, string][], name: string): string[] {
  const n = name.toLowerCase();
  return h.filter(([k]) => named(k, n)).map(([, v]) => v);
}

/** allHeaders(h, name).join(',').toLowerCase(), without the arrays when there is none. */
function joinedLower(h: [string, string][], name: string): string {
  for (const [k] of h) if (named(k, name)) return allHeaders(h, name).join(',').toLowerCase();
  return '';
}

type BodyMode = 'none' | 'length' | 'chunked' | 'close';
type State = 'connect-wait' | 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' | 'tunnel';

interface Current {
  head: Head;
  frame: number;
  offset: number;
  mode: BodyMode;
  remaining: number;
  /** The raw body so far in bytes [0, size): one buffer grown by doubling (sized up front when
   * Content-Length tells), so each byte is copied once instead of sliced and then joined. */
  buf: Uint8Array;
  size: number;
  /** Raw body outgrew MAX_RAW_BODY: it was scanned as it came and is not kept. */
  overflow: boolean;
  codings: string[];
  /** The request/response exchange this message belongs to (see HttpMessage.exchange). */
  exchange: number | undefined;
}

/** One direction of an HTTP connection. */
class HttpStream {
  buf: Uint8Array = EMPTY_BYTES;
  /** Stream offset of buf[0]. */
  bufOffset = 0;
  state: State = 'head';
  /** Looking for a start line after damage: skip until one begins a line. */
  resync = false;
  /** Where the blank-line search resumes inside buf. */
  scanPos = 0;
  cur: Current | null = null;
  /** Frame that delivered the latest bytes of `buf` (set before any byte is held, so >= 1 whenever buf is not empty). */
  lastFrame = NaN;
  /** Requests sent on this direction awaiting responses on the other: method and exchange number. */
  pending: { method: string; exchange: number }[] = [];
  constructor(readonly dir: Direction) {}
}

/** HTTP/1.x handler for one TCP flow. */
export class HttpHandler implements FlowHandler {
  /**
   * Upload, download: each made at its first use (stream()), so a connection whose server never
   * answered holds one (issue 15: 10,000 such live connections in the tiny-flows bench).
   */
  private s: [HttpStream | null, HttpStream | null] = [null, null];
  private tunnel: FlowHandler | null = null;
  /** Requests seen on this connection: each request's number names its exchange. */
  private exchanges = 0;

  /** `makeTunnel` builds the handler for bytes after CONNECT / 101 (re-detects the protocol). */
  constructor(private readonly ctx: HandlerContext, private readonly makeTunnel: () => FlowHandler) {
    ctx.sink.app(ctx.flow.id, 'http', false);
  }

  data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    if (this.tunnel) return this.tunnel.data(dir, bytes, offset, frame);
    const st = this.stream(dirIndex(dir));
    if (st.state === 'tunnel') return this.toTunnel(dir, bytes, offset, frame);
    if (st.buf.length === 0) st.bufOffset = offset;
    st.lastFrame = frame;
    if (st.state === 'connect-wait' && st.buf.length + bytes.length > MAX_HEAD) {
      // Bounded while waiting for the CONNECT answer: scan what does not fit.
      this.scanRaw(st, bytes, frame);
      return;
    }
    st.buf = concat(st.buf, bytes);
    this.run(st, frame);
  }

  gap(dir: Direction, length: number, frame: number): void {
    if (this.tunnel) return this.tunnel.gap(dir, length, frame);
    const st = this.stream(dirIndex(dir));
    if (st.state === 'tunnel') return;
    if (st.cur) {
      this.ctx.sink.warning('http-gap', `HTTP ${st.cur.head.kind} in flow ${this.ctx.flow.id} lost ${length} bytes; message dropped`, frame);
      this.finish(st, false);
    } else if (st.buf.length > 0) {
      this.ctx.sink.warning('http-gap', `HTTP header block in flow ${this.ctx.flow.id} lost ${length} bytes; skipped`, frame);
      this.scanRaw(st, st.buf, frame);
    }
    st.buf = EMPTY_BYTES;
    st.state = 'head';
    st.scanPos = 0;
    st.resync = true;
  }

  close(): void {
    if (this.tunnel) this.tunnel.close();
    for (const st of this.s) {
      // A stream never made has no message and no bytes.
      if (!st) continue;
      if (st.cur) {
        // Until-close bodies end here; anything else is cut short.
        const complete = st.cur.mode === 'close';
        if (!complete) this.ctx.sink.warning('http-truncated', `HTTP ${st.cur.head.kind} in flow ${this.ctx.flow.id} ends before its body does`);
        this.finish(st, complete);
      } else if (st.buf.length > 0 && st.state === 'connect-wait') {
        this.scanRaw(st, st.buf, st.lastFrame);
      } else if (st.buf.length > 0 && st.state === 'head') {
        // tshark does not report a message whose header block never ends; still scan the bytes.
        this.ctx.sink.warning('http-incomplete-head', `HTTP header block in flow ${this.ctx.flow.id} never ends`);
        this.scanRaw(st, st.buf, st.lastFrame);
      }
      st.buf = EMPTY_BYTES;
    }
  }

  private stream(i: 0 | 1): HttpStream {
    return (this.s[i] ??= new HttpStream(i === 0 ? 'upload' : 'download'));
  }

  private toTunnel(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    this.tunnel ??= this.makeTunnel();
    this.tunnel.data(dir, bytes, offset, frame);
  }

  private consume(st: HttpStream, n: number): void {
    // All consumed: no empty view left holding the frame's buffer (the usual end of a message).
    st.buf = n === st.buf.length ? EMPTY_BYTES : st.buf.subarray(n);
    st.bufOffset += n;
    st.scanPos = 0;
  }

  /** Drives the state machine over what is buffered. */
  private run(st: HttpStream, frame: number): void {
    for (let guard = 0; guard < 1e6; guard++) {
      switch (st.state) {
        case 'connect-wait':
          return;
        case 'tunnel':
          if (st.buf.length) this.toTunnel(st.dir, st.buf, st.bufOffset, frame);
          st.buf = EMPTY_BYTES;
          return;
        case 'head':
          if (!this.head(st, frame)) return;
          break;
        case 'body': {
          const cur = st.cur!;
          if (cur.mode === 'close') {
            this.body(st, st.buf, frame);
            this.consume(st, st.buf.length);
            return;
          }
          const n = Math.min(cur.remaining, st.buf.length);
          this.body(st, st.buf.subarray(0, n), frame);
          this.consume(st, n);
          cur.remaining -= n;
          if (cur.remaining > 0) return;
          this.finish(st, true);
          break;
        }
        case 'chunk-size':
        case 'trailer': {
          const nl = st.buf.indexOf(0x0a);
          if (nl < 0) {
            if (st.buf.length > 4096) this.damaged(st, 'chunk-size line too long', frame);
            return;
          }
          const line = latin1(st.buf, 0, nl).replace(/\r$/, '');
          this.consume(st, nl + 1);
          if (st.state === 'trailer') {
            if (line === '') this.finish(st, true);
            break;
          }
          const m = /^\s*([0-9a-fA-F]+)/.exec(line);
          if (!m) {
            this.damaged(st, `bad chunk size '${line.slice(0, 20)}'`, frame);
            break;
          }
          const size = parseInt(m[1], 16);
          if (size === 0) st.state = 'trailer';
          else {
            st.cur!.remaining = size;
            st.state = 'chunk-data';
          }
          break;
        }
        case 'chunk-data': {
          const cur = st.cur!;
          const n = Math.min(cur.remaining, st.buf.length);
          this.body(st, st.buf.subarray(0, n), frame);
          this.consume(st, n);
          cur.remaining -= n;
          if (cur.remaining > 0) return;
          st.state = 'chunk-crlf';
          break;
        }
        case 'chunk-crlf': {
          // Tolerate a missing CR or even a missing CRLF: go on with the next size line.
          if (st.buf.length === 0) return;
          if (st.buf[0] === 0x0d) {
            if (st.buf.length < 2) return;
            this.consume(st, st.buf[1] === 0x0a ? 2 : 1);
          } else if (st.buf[0] === 0x0a) this.consume(st, 1);
          st.state = 'chunk-size';
          break;
        }
      }
    }
  }

  /** Looks for a complete header block; returns true when the state advanced. */
  private head(st: HttpStream, frame: number): boolean {
    // Blank lines between messages are allowed (RFC 9112 §2.2).
    let skip = 0;
    while (skip < st.buf.length && (st.buf[skip] === 0x0d || st.buf[skip] === 0x0a)) skip++;
    if (skip) this.consume(st, skip);
    if (st.buf.length === 0) return false;
    const kind = startLineKind(st.buf);
    if (kind === 'more') return false;
    if (kind === null) {
      // Not a start line: find the next line that is one, scanning what is skipped as raw bytes.
      if (!st.resync) {
        st.resync = true;
        this.ctx.sink.warning('http-resync', `HTTP ${st.dir} stream in flow ${this.ctx.flow.id}: unexpected bytes at offset ${st.bufOffset}, skipping to the next message`, frame);
      }
      let at = -1;
      for (let i = st.buf.indexOf(0x0a); i >= 0; i = st.buf.indexOf(0x0a, i + 1)) {
        const k = startLineKind(st.buf, i + 1);
        if (k === 'request' || k === 'response' || k === 'more') {
          at = i + 1;
          break;
        }
      }
      const drop = at >= 0 ? at : Math.max(0, st.buf.length - MAX_METHOD);
      if (drop > 0) {
        this.scanRaw(st, st.buf.subarray(0, drop), frame);
        this.consume(st, drop);
      }
      return at >= 0;
    }
    st.resync = false;
    // Find the blank line that ends the header block, resuming where the last search stopped.
    let end = -1;
    let i = st.scanPos;
    for (;;) {
      const nl = st.buf.indexOf(0x0a, i);
      if (nl < 0) break;
      if (st.buf[nl + 1] === 0x0a) {
        end = nl + 2;
        break;
      }
      if (st.buf[nl + 1] === 0x0d && st.buf[nl + 2] === 0x0a) {
        end = nl + 3;
        break;
      }
      if (nl + 2 >= st.buf.length) {
        i = nl;
        break;
      }
      i = nl + 1;
    }
    if (end < 0) {
      st.scanPos = Math.max(0, Math.min(i, st.buf.length - 2));
      if (st.buf.length > MAX_HEAD) this.damaged(st, 'header block too long', frame);
      return false;
    }
    const h = parseHead(st.buf.subarray(0, end));
    const offset = st.bufOffset;
    this.consume(st, end);
    if (!h) return true;
    this.begin(st, h, frame, offset);
    return true;
  }

  /** Starts a message: reports scan inputs for the head and decides how its body is framed. */
  private begin(st: HttpStream, h: Head, frame: number, offset: number): void {
    const { flow, sink } = this.ctx;
    // One copy of the block for both scan inputs (the block is a view into the frame): the
    // URL and the header lines are views of it, one buffer per message instead of two.
    const hasUri = h.uriEnd > h.uriAt;
    const hasHeader = h.bytes.length > h.headerAt;
    const copy = hasUri || hasHeader ? h.bytes.slice() : EMPTY_BYTES;
    if (hasUri) sink.scan({ flow: flow.id, direction: st.dir, protocol: 'http', part: 'url', frame, bytes: copy.subarray(h.uriAt, h.uriEnd), encryptedOnWire: false });
    if (hasHeader) sink.scan({ flow: flow.id, direction: st.dir, protocol: 'http', part: 'header', frame, bytes: copy.subarray(h.headerAt), encryptedOnWire: false });
    const te = joinedLower(h.headers, 'transfer-encoding');
    const cl = header(h.headers, 'content-length');
    const ce = joinedLower(h.headers, 'content-encoding');
    const codings = ce === '' ? [] : ce.split(',').map((s) => s.trim()).filter(Boolean);
    let mode: BodyMode;
    let remaining = 0;
    let tunnelAfter = false;
    let exchange: number | undefined;
    if (h.kind === 'request') {
      exchange = this.exchanges++;
      // The first one in an array of its own size: push on an empty array grows its store to 17
      // slots (~150 B per connection, and most connections send one request; issue 15).
      if (st.pending.length === 0) st.pending = [{ method: h.method!, exchange }];
      else st.pending.push({ method: h.method!, exchange });
      if (st.pending.length > 1000) st.pending.shift();
      mode = 'none';
      if (h.method === 'CONNECT') tunnelAfter = true;
    } else {
      const req = this.stream(dirIndex(otherDir(st.dir)));
      const status = h.status ?? 0;
      // Interim 1xx responses (other than 101) do not answer the request.
      const answered = status >= 100 && status < 200 && status !== 101 ? req.pending[0] : req.pending.shift();
      const method = answered?.method;
      exchange = answered?.exchange;
      if (status === 101 || (method === 'CONNECT' && status >= 200 && status < 300)) tunnelAfter = true;
      if (tunnelAfter || method === 'HEAD' || (status >= 100 && status < 200) || status === 204 || status === 304) mode = 'none';
      else mode = 'close';
    }
    if (mode !== 'none' || h.kind === 'request') {
      // Chunked only when it is the last coding listed (RFC 9112 §6.1); tshark reports a request
      // with the odd value ',\tchunked,' as having no chunked body.
      if (te !== '' && te.split(',').pop()!.trim() === 'chunked') mode = 'chunked';
      else if (cl !== null && /^\s*\d+\s*$/.test(cl)) {
        remaining = Number(cl);
        mode = remaining > 0 ? 'length' : 'none';
      } else if (cl !== null) {
        sink.warning('http-bad-length', `HTTP ${h.kind} in flow ${flow.id}: bad Content-Length '${cl.slice(0, 20)}'`, frame);
      }
    }
    const initial = mode === 'length' ? Math.min(remaining, MAX_RAW_BODY) : 0;
    st.cur = { head: h, frame, offset, mode, remaining, buf: initial ? new Uint8Array(initial) : EMPTY_BYTES, size: 0, overflow: false, codings, exchange };
    if (mode === 'none') this.finish(st, true);
    else st.state = mode === 'chunked' ? 'chunk-size' : 'body';
    if (tunnelAfter) {
      if (h.kind === 'request') {
        // Like tshark, bytes after CONNECT only become a tunnel once a 2xx answer is seen.
        st.state = 'connect-wait';
      } else {
        // After CONNECT 2xx / 101 the bytes are another protocol: detect and parse it afresh.
        for (const s of [this.stream(0), this.stream(1)]) {
          if (s.cur && s !== st) this.finish(s, false);
          s.state = 'tunnel';
        }
        const up = this.stream(dirIndex(otherDir(st.dir)));
        if (up.buf.length) {
          this.toTunnel(up.dir, up.buf, up.bufOffset, frame);
          up.buf = EMPTY_BYTES;
        }
      }
    } else if (h.kind === 'response') {
      const req = this.stream(dirIndex(otherDir(st.dir)));
      if (req.state === 'connect-wait' && !(h.status! >= 100 && h.status! < 200)) {
        // CONNECT refused: the held bytes are HTTP again.
        req.state = 'head';
        this.run(req, frame);
      }
    }
  }

  private body(st: HttpStream, b: Uint8Array, frame: number): void {
    const cur = st.cur!;
    if (b.length === 0) return;
    if (!cur.overflow && cur.size + b.length > MAX_RAW_BODY) {
      cur.overflow = true;
      this.ctx.sink.warning('http-body-large', `HTTP ${cur.head.kind} body in flow ${this.ctx.flow.id} exceeds ${MAX_RAW_BODY} bytes; scanning it undecoded`, frame);
      if (cur.size) this.scanBody(st, cur.buf.subarray(0, cur.size), frame);
      cur.buf = EMPTY_BYTES;
    }
    if (cur.overflow) {
      this.scanBody(st, b.slice(), frame);
    } else {
      if (cur.size + b.length > cur.buf.length) {
        const grown = new Uint8Array(Math.min(MAX_RAW_BODY, Math.max(cur.size + b.length, 2 * cur.buf.length, 16 << 10)));
        grown.set(cur.buf.subarray(0, cur.size));
        cur.buf = grown;
      }
      cur.buf.set(b, cur.size);
    }
    cur.size += b.length;
  }

  private scanBody(st: HttpStream, bytes: Uint8Array, frame: number): void {
    const { flow, sink } = this.ctx;
    sink.scan({ flow: flow.id, direction: st.dir, protocol: 'http', part: 'body', frame, bytes, encryptedOnWire: false });
  }

  private scanRaw(st: HttpStream, bytes: Uint8Array, frame: number): void {
    if (bytes.length === 0) return;
    const { flow, sink } = this.ctx;
    sink.scan({ flow: flow.id, direction: st.dir, protocol: 'tcp', part: 'payload', frame, bytes: bytes.slice(), encryptedOnWire: false });
  }

  /** Ends the current message; `report` false means tshark would not show it (cut short). */
  private finish(st: HttpStream, report: boolean): void {
    const cur = st.cur;
    st.cur = null;
    if (st.state !== 'tunnel') st.state = 'head';
    if (!cur) return;
    const { flow, sink } = this.ctx;
    let body: Uint8Array = EMPTY_BYTES;
    const codings: string[] = [];
    if (cur.mode === 'chunked') codings.push('chunked');
    if (!cur.overflow && cur.size > 0) {
      const raw = cur.buf.subarray(0, cur.size);
      body = raw;
      if (cur.codings.length) {
        const d = decodeContent(raw, cur.codings);
        if (d.error || d.truncated) sink.warning('http-decode', `HTTP ${cur.head.kind} body in flow ${flow.id}: ${d.error ?? 'decoded body cut at the limit'}`, cur.frame);
        if (d.undone.length) {
          body = d.bytes;
          codings.push(...d.undone);
          // Scan the coded bytes too when decoding failed part-way, so nothing is missed.
          if (d.error) this.scanBody(st, raw, cur.frame);
        }
      }
      this.scanBody(st, body, cur.frame);
    }
    const h = cur.head;
    if (!report) return;
    const host = h.kind === 'request' || header(h.headers, 'host') !== null ? header(h.headers, 'host') : null;
    sink.emit('http', {
      flow: flow.id, frame: cur.frame, direction: st.dir, kind: h.kind, method: h.method, uri: h.uri, status: h.status,
      host, headers: h.headers, body, codings, offset: cur.offset, exchange: cur.exchange,
    });
  }

  private damaged(st: HttpStream, why: string, frame: number): void {
    this.ctx.sink.warning('http-malformed', `HTTP ${st.dir} stream in flow ${this.ctx.flow.id}: ${why}`, frame);
    if (st.cur) this.finish(st, false);
    this.scanRaw(st, st.buf, frame);
    this.consume(st, st.buf.length);
    st.state = 'head';
    st.resync = true;
  }
}

