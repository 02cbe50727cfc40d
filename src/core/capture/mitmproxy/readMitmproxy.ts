/**
 * mitmproxy dumps (`mitmdump -w`, .flow/.mitm): a stream of tnetstring dicts, one per flow, each
 * with its flow-format `version`. Field names changed over the versions (mitmproxy's
 * io/compat.py migrates them on load); this reader looks for each field under the names it has
 * had instead of migrating: 0.11-0.18 (`[0, 11, 3]` lists: `code`/`msg`, address dicts), 1-6
 * (`status_code`, `ip_address` dicts), 7-21 (`[host, port]` lists, `peername`, `websocket`
 * inside HTTP flows, TCP and UDP flows). HTTP(S) flows, WebSocket messages and TCP/UDP messages
 * become records (CaptureExchange) numbered from 1; the content mitmproxy keeps is the raw body,
 * still under its Content-Encoding.
 */
import type { UnitParser } from '../framer';
import { CaptureError, CLIENT_UNKNOWN, type CaptureExchange, type CaptureSink, type ExchangeMessage } from '../types';
import { latin1, textOf } from '../../bytes';
import { decodeTnet, lengthPrefix, TnetError, type TnetDict, type TnetValue } from './tnetstring';

/** The newest flow format this reader was checked against (mitmproxy 11: 21). */
export const NEWEST_FLOW_FORMAT = 21;
/** A flow larger than this is damage (a flipped length digit), not a flow. */
export const MAX_FLOW_BYTES = 1024 * 1024 * 1024;

/** A tnetstring dict whose first key is a lower-case name: `2263:4:type;` or `5040:8:response,`. */
export function isMitmproxyDump(head: Uint8Array): boolean {
  return /^\d{1,12}:\d{1,3}:[a-z_]{1,40}[,;]/.test(latin1(head, 0, Math.min(head.length, 64)));
}

const isDict = (v: TnetValue | undefined): v is TnetDict => typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v);
const text = (v: TnetValue | undefined): string | null => (typeof v === 'string' ? v : v instanceof Uint8Array ? textOf(v) : null);
const bytes = (v: TnetValue | undefined): Uint8Array => (v instanceof Uint8Array ? v : typeof v === 'string' ? new TextEncoder().encode(v) : new Uint8Array(0));

/** A port, or null: a damaged dump's may be any number (fuzz: -1, 0.5, 70000); the report's is a u16. */
const portOf = (v: TnetValue | undefined): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff ? v : null);

/** An address as any version stores it: `[host, port]`, `{address: [host, port]}`. */
function address(v: TnetValue | undefined): { ip: string; port: number } | null {
  if (isDict(v)) return address(v.address);
  if (Array.isArray(v) && v.length >= 2) {
    const host = text(v[0]);
    const port = portOf(v[1]) ?? 0;
    if (host) return { ip: host, port };
  }
  return null;
}

function headers(v: TnetValue | undefined): [string, string][] {
  if (isDict(v) && Array.isArray(v.fields)) return headers(v.fields);
  if (!Array.isArray(v)) return [];
  const out: [string, string][] = [];
  for (const h of v) if (Array.isArray(h) && h.length >= 2) out.push([text(h[0]) ?? '', text(h[1]) ?? '']);
  return out;
}

function header(h: [string, string][], name: string): string | null {
  return h.find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
}

/** A message tuple of any version: the direction is its boolean, the payload its bytes. */
function dataMessage(v: TnetValue, protocol: string): ExchangeMessage | null {
  if (!Array.isArray(v)) return null;
  const fromClient = v.find((x) => typeof x === 'boolean');
  const payload = v.find((x) => x instanceof Uint8Array || typeof x === 'string');
  if (fromClient === undefined || payload === undefined) return null;
  return { kind: 'data', protocol, direction: fromClient ? 'upload' : 'download', bytes: bytes(payload) };
}

function versionOf(f: TnetDict): { text: string; major: number } {
  const v = f.version;
  // Parts as text one by one: a dict among them has no prototype, and join() threw on it (fuzz).
  if (Array.isArray(v)) return { text: `[${v.map((x) => (typeof x === 'object' && x !== null ? '…' : String(x))).join(', ')}]`, major: 0 };
  if (typeof v === 'number') return { text: String(v), major: v };
  return { text: 'none', major: -1 };
}

export class MitmproxyParser implements UnitParser {
  want = 1;
  private number = 0;
  private dead = false;
  private warnedVersion = false;
  private readonly skippedTypes = new Set<string>();

  constructor(private readonly sink: CaptureSink, compressed: boolean) {
    sink.format('mitmproxy', compressed);
  }

  parse(buf: Uint8Array, start: number, end: number): number {
    let pos = start;
    while (pos < end && !this.dead) {
      let p: { length: number; data: number } | null;
      try {
        p = lengthPrefix(buf, pos, end);
        if (p && p.length > MAX_FLOW_BYTES) throw new TnetError(`a flow of ${p.length} bytes`);
      } catch (e) {
        this.damage(e, end);
        return end;
      }
      const total = p ? p.data - pos + p.length + 1 : MAX_FLOW_BYTES;
      if (!p || end - pos < total) {
        this.want = p ? total : end - pos + 16;
        return pos;
      }
      let value: TnetValue;
      try {
        value = decodeTnet(buf, pos, pos + total).value;
      } catch (e) {
        this.damage(e, end);
        return end;
      }
      pos += total;
      this.flow(value);
    }
    return this.dead ? end : pos;
  }

  finish(leftover: number): void {
    if (leftover > 0 && !this.dead) {
      if (this.number === 0) throw new CaptureError(`not a mitmproxy dump: its first flow is cut off (${leftover} bytes)`);
      this.sink.warning('capture-truncated', `mitmproxy dump ends inside flow ${this.number + 1} (${leftover} bytes)`);
    }
  }

  private damage(e: unknown, _end: number): void {
    const why = e instanceof Error ? e.message : String(e);
    this.dead = true;
    if (this.number === 0) throw new CaptureError(`not a mitmproxy dump: ${why}`);
    this.sink.warning('capture-bad-record', `mitmproxy dump damaged after flow ${this.number}: ${why}; the rest is not read`, this.number);
  }

  private flow(v: TnetValue): void {
    const number = ++this.number;
    if (!isDict(v)) {
      this.sink.warning('capture-bad-record', `mitmproxy flow ${number} is not a dict; skipped`, number);
      return;
    }
    const version = versionOf(v);
    if (version.major > NEWEST_FLOW_FORMAT && !this.warnedVersion) {
      this.warnedVersion = true;
      this.sink.warning('capture-version', `mitmproxy flow format ${version.text} is newer than this reader knows (${NEWEST_FLOW_FORMAT}); read by the newest names`, number);
    }
    const type = text(v.type) ?? 'http';
    const x = type === 'http' ? httpFlow(v, number) : type === 'websocket' || type === 'tcp' || type === 'udp' ? dataFlow(v, number, type) : null;
    if (!x) {
      if (!this.skippedTypes.has(type)) this.sink.warning('capture-bad-record', `mitmproxy flow ${number}: ${type} flows are not read`, number);
      this.skippedTypes.add(type);
      return;
    }
    this.sink.exchange?.(x);
  }
}

function endpoints(f: TnetDict): Pick<CaptureExchange, 'client' | 'server' | 'transport'> {
  const c = isDict(f.client_conn) ? f.client_conn : {};
  const s = isDict(f.server_conn) ? f.server_conn : {};
  const client = address(c.peername) ?? address(c.address) ?? { ...CLIENT_UNKNOWN };
  // The server's IP where the flow kept it; else its address, which may be a host name.
  const server = address(s.peername) ?? address(s.ip_address) ?? address(s.address) ?? { ip: '0.0.0.0', port: 0 };
  const transport = text(c.transport_protocol) === 'udp' || text(s.transport_protocol) === 'udp' ? 'udp' : 'tcp';
  return { client, server, transport };
}

function tlsOf(f: TnetDict): boolean {
  const s = isDict(f.server_conn) ? f.server_conn : {};
  const c = isDict(f.client_conn) ? f.client_conn : {};
  return s.tls_established === true || s.ssl_established === true || s.tls === true || c.tls_established === true || c.ssl_established === true;
}

function timeOf(f: TnetDict, r: TnetDict | null): number {
  const t = r?.timestamp_start ?? f.timestamp_created;
  return typeof t === 'number' ? t : NaN;
}

function httpFlow(f: TnetDict, number: number): CaptureExchange | null {
  const rq = isDict(f.request) ? f.request : null;
  if (!rq) return null;
  const ends = endpoints(f);
  const scheme = (text(rq.scheme) ?? '').toLowerCase();
  const encrypted = scheme === 'https' || scheme === 'wss' || tlsOf(f);
  const reqHeaders = headers(rq.headers);
  const host = header(reqHeaders, 'host') ?? (text(rq.authority) || null) ?? text(rq.host);
  if (portOf(rq.port) !== null && ends.server.port === 0) ends.server.port = portOf(rq.port)!;
  const messages: ExchangeMessage[] = [{
    kind: 'request', method: text(rq.method) ?? '', uri: text(rq.path) ?? '/', host, headers: reqHeaders, body: bytes(rq.content), coded: true,
  }];
  const rs = isDict(f.response) ? f.response : null;
  if (rs) {
    const status = typeof rs.status_code === 'number' ? rs.status_code : typeof rs.code === 'number' ? rs.code : 0;
    messages.push({ kind: 'response', status, host: null, headers: headers(rs.headers), body: bytes(rs.content), coded: true });
  }
  const ws = isDict(f.websocket) ? f.websocket : null;
  if (ws && Array.isArray(ws.messages)) for (const m of ws.messages) {
    const d = dataMessage(m, 'websocket');
    if (d) messages.push(d);
  }
  return { number, time: timeOf(f, rq), ...ends, encrypted, protocol: 'http', messages };
}

/** Old WebSocket flows (their own type) and TCP/UDP flows: a list of messages. */
function dataFlow(f: TnetDict, number: number, type: string): CaptureExchange {
  const messages: ExchangeMessage[] = [];
  if (Array.isArray(f.messages)) for (const m of f.messages) {
    const d = dataMessage(m, type);
    if (d) messages.push(d);
  }
  const ends = endpoints(f);
  if (type === 'udp') ends.transport = 'udp';
  return { number, time: timeOf(f, null), ...ends, encrypted: tlsOf(f), protocol: type, messages };
}
