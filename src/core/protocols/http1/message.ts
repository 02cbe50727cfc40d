/**
 * The HTTP record path for messages a file holds whole (HAR entries, mitmproxy flows): the same
 * scan inputs (url, header, body) and the same `http` records as HttpHandler emits for messages
 * it frames from a TCP stream, without the framing. See CaptureExchange (capture/types.ts).
 */
import type { HttpExchangeMessage } from '../../capture/types';
import type { ExtractSink } from '../../extract/types';
import type { Direction } from '../../types';
import { bytesOf } from '../../bytes';
import { decodeContent } from './body';

/** Scans one message's parts and emits its `http` record; `exchange` pairs a response with its request. */
export function emitHttpMessage(sink: ExtractSink, flow: number, frame: number, m: HttpExchangeMessage, exchange: number): void {
  const direction: Direction = m.kind === 'request' ? 'upload' : 'download';
  const scan = (part: string, bytes: Uint8Array) => {
    if (bytes.length) sink.scan({ flow, direction, protocol: 'http', part, frame, bytes, encryptedOnWire: false });
  };
  if (m.kind === 'request' && m.uri) scan('url', bytesOf(m.uri));
  // The header block as an HTTP/1 head would carry it, so key:value rules read it the same way.
  scan('header', bytesOf(m.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')));
  let body = m.body;
  const codings: string[] = [];
  if (m.coded && body.length) {
    const listed = m.headers.filter(([k]) => k.toLowerCase() === 'content-encoding').map(([, v]) => v).join(',');
    const wanted = listed.toLowerCase().split(',').map((c) => c.trim()).filter(Boolean);
    if (wanted.length) {
      const d = decodeContent(body, wanted);
      if (d.error || d.truncated) sink.warning('http-decode', `HTTP ${m.kind} body in flow ${flow}: ${d.error ?? 'decoded body cut at the limit'}`, frame);
      if (d.undone.length) {
        // Scan the coded bytes too when decoding failed part-way, so nothing is missed.
        if (d.error) scan('body', body);
        body = d.bytes;
        codings.push(...d.undone);
      }
    }
  }
  scan('body', body);
  // The file's number, unchecked by its reader (a HAR's JSON, a mitmproxy float): the report's
  // status is an integer, and an HTTP status has three digits (fuzz: status 0.5 in a HAR).
  const status = m.status !== undefined && Number.isInteger(m.status) && m.status >= 100 && m.status <= 999 ? m.status : undefined;
  sink.emit('http', {
    flow, frame, direction, kind: m.kind, method: m.method, uri: m.uri, status,
    host: m.host, headers: m.headers, body, codings, offset: 0, exchange,
  });
}
