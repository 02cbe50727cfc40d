/**
 * HAR 1.2 (browsers' developer tools, HTTP Toolkit, mitmproxy >= 10.1, PCAPdroid >= 1.9): each
 * entry becomes one message-level record (CaptureExchange) numbered entry index + 1. Entries are
 * split from the stream one at a time (entrySplitter.ts), so memory is bounded by the largest
 * entry, not the file.
 */
import type { UnitParser } from '../framer';
import { CaptureError, CLIENT_UNKNOWN, type CaptureExchange, type CaptureSink, type HttpExchangeMessage } from '../types';
import { bytesOf, textOf } from '../../bytes';
import { HarEntrySplitter, MAX_HAR_ENTRY } from './entrySplitter';
import type { Cookie, Entry, Header } from './harTypes';

const KNOWN_VERSIONS = new Set(['1.1', '1.2', '1.3']);

/** `{"log":` after an optional BOM and whitespace: what every HAR starts with. */
export function isHar(head: Uint8Array): boolean {
  let s = '';
  for (let i = 0; i < head.length; i++) s += String.fromCharCode(head[i]);
  return /^(\xef\xbb\xbf)?\s*\{\s*"log"\s*:/.test(s);
}

export function createHarParser(sink: CaptureSink, compressed: boolean): UnitParser {
  sink.format('har', compressed);
  let read = 0;
  const warn = sink.warning;
  return new HarEntrySplitter({
    entry(bytes, index) {
      let e: Entry;
      try {
        e = JSON.parse(textOf(bytes)) as Entry;
      } catch (err) {
        warn('capture-bad-record', `HAR entry ${index + 1} is not valid JSON (${err instanceof Error ? err.message : String(err)}); skipped`, index + 1);
        return;
      }
      const x = exchangeOf(e, index + 1);
      if (!x) {
        warn('capture-bad-record', `HAR entry ${index + 1} has no request method and URL; skipped`, index + 1);
        return;
      }
      read++;
      sink.exchange?.(x);
    },
    meta(key, bytes) {
      let v: unknown;
      try {
        v = JSON.parse(textOf(bytes));
      } catch {
        return;
      }
      if (key === 'version' && typeof v === 'string' && !KNOWN_VERSIONS.has(v)) warn('capture-version', `HAR version ${v.slice(0, 20)} is not one this reader knows (1.1-1.3); reading it as 1.2`);
      const tool = v as { name?: unknown; version?: unknown } | null;
      if (key === 'creator' && tool && typeof tool.name === 'string') sink.device?.({ application: `${tool.name}${typeof tool.version === 'string' ? ` ${tool.version}` : ''}` });
    },
    skipped(index, n) {
      warn('capture-bad-record', `HAR entry ${index + 1} is larger than ${MAX_HAR_ENTRY} bytes (${n} so far); skipped`, index + 1);
    },
    broken(why, at) {
      if (read === 0) throw new CaptureError(`not a HAR file: ${why} (byte ${at} of a chunk)`);
      warn('capture-bad-record', `HAR JSON is damaged after entry ${read}: ${why}; the rest is not read`);
    },
    end(st) {
      if (st.cut !== null) warn('capture-truncated', `HAR file ends inside entry ${st.cut + 1}`);
      else if (!st.entries && read === 0) throw new CaptureError('not a HAR file: no log.entries array');
      else if (!st.closed) warn('capture-truncated', `HAR file ends before its JSON does (after ${read} entries)`);
    },
  });
}

function headersOf(list: Header[] | undefined): [string, string][] {
  if (!Array.isArray(list)) return [];
  return list.filter((h) => h && typeof h.name === 'string').map((h) => [h.name, String(h.value ?? '')]);
}

function has(h: [string, string][], name: string): boolean {
  return h.some(([k]) => k.toLowerCase() === name);
}

function cookieHeaders(h: [string, string][], cookies: Cookie[] | undefined, name: string, one: boolean): void {
  // The cookies array repeats the Cookie header; a tool that lists them only there still sent them.
  if (!Array.isArray(cookies) || cookies.length === 0 || has(h, name.toLowerCase())) return;
  const pairs = cookies.filter((c) => c && typeof c.name === 'string').map((c) => `${c.name}=${c.value ?? ''}`);
  if (one) h.push([name, pairs.join('; ')]);
  else for (const p of pairs) h.push([name, p]);
}

function fromBase64(s: string): Uint8Array | null {
  try {
    const bin = atob(s.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function codingsOf(h: [string, string][]): string[] {
  return h.filter(([k]) => k.toLowerCase() === 'content-encoding').flatMap(([, v]) => v.toLowerCase().split(',').map((c) => c.trim())).filter(Boolean);
}

/**
 * Bytes of a text field: base64 decoded when the file says so. `coded`: the bytes still carry
 * their Content-Encoding. A HAR's text is the decoded body (Chromium keeps `Content-Encoding:
 * gzip` beside plain text), so only bytes that start like the coding the headers list (gzip's
 * 1f 8b: a tool that stored what was sent) are decoded again.
 */
function bodyOf(text: unknown, encoding: unknown, headers: [string, string][]): { body: Uint8Array; coded: boolean } {
  if (typeof text !== 'string' || text === '') return { body: new Uint8Array(0), coded: false };
  const body = encoding === 'base64' ? fromBase64(text) ?? bytesOf(text) : bytesOf(text);
  const gzip = codingsOf(headers).includes('gzip') && body[0] === 0x1f && body[1] === 0x8b;
  return { body, coded: gzip };
}

const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/?#:]*)(?::(\d+))?([^#]*)/i;

/** One entry as a record; null when it has no request to speak of. */
export function exchangeOf(e: Entry, number: number): CaptureExchange | null {
  const rq = e?.request;
  if (!rq || typeof rq.method !== 'string' || typeof rq.url !== 'string') return null;
  const m = URL_PARTS.exec(rq.url);
  const scheme = (m?.[1] ?? 'http').toLowerCase();
  const urlHost = (m?.[2] ?? '').replace(/^\[|\]$/g, '');
  const encrypted = scheme === 'https' || scheme === 'wss';
  // A URL's port is digits, but any number of them: past 65535 it is the scheme's.
  const port = m?.[3] && Number(m[3]) <= 0xffff ? Number(m[3]) : encrypted ? 443 : 80;
  const uri = m ? m[4] || '/' : rq.url;
  const headers = headersOf(rq.headers);
  cookieHeaders(headers, rq.cookies, 'Cookie', true);
  const host = headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? headers.find(([k]) => k === ':authority')?.[1] ?? (urlHost || null);
  const post = rq.postData;
  let req = bodyOf(post?.text, post?.encoding, headers);
  if (!req.body.length && Array.isArray(post?.params) && post.params.length) {
    req = { body: bytesOf(post.params.map((p) => `${p.name}=${p.value ?? ''}`).join('&')), coded: false };
  }
  const messages: HttpExchangeMessage[] = [{ kind: 'request', method: rq.method, uri, host, headers, body: req.body, coded: req.coded }];
  const rs = e.response;
  // Status 0: no response (blocked, aborted): the request alone.
  if (rs && typeof rs.status === 'number' && rs.status > 0) {
    const h = headersOf(rs.headers);
    cookieHeaders(h, rs.cookies, 'Set-Cookie', false);
    const b = bodyOf(rs.content?.text, rs.content?.encoding, h);
    messages.push({ kind: 'response', status: rs.status, host: null, headers: h, body: b.body, coded: b.coded });
  }
  const ip = typeof e.serverIPAddress === 'string' && e.serverIPAddress ? e.serverIPAddress.replace(/^\[|\]$/g, '') : urlHost;
  const t = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) / 1000 : NaN;
  return {
    number, time: t, transport: 'tcp', client: { ...CLIENT_UNKNOWN }, server: { ip, port }, encrypted, protocol: 'http', messages,
  };
}
