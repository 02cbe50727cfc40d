/**
 * Message-level records (HAR entries, mitmproxy flows; CaptureExchange) through the extractors:
 * each is one flow whose HTTP messages take the HTTP record path and whose other payloads
 * (WebSocket messages, TCP/UDP data) are scanned like raw flow bytes. What crossed the wire in
 * TLS is marked as read decrypted, exactly as bytes opened by a key log are (decryptedSink).
 */
import type { CaptureExchange } from '../capture/types';
import type { Flow } from '../flow/types';
import { emitHttpMessage } from '../protocols/http1/message';
import { decryptedSink } from '../protocols/tls/decrypted';
import type { ExtractSink } from './types';

export function extractExchange(outer: ExtractSink, flow: Flow, x: CaptureExchange): void {
  outer.app(flow.id, x.encrypted ? 'tls' : x.protocol, x.encrypted);
  const sink = x.encrypted ? decryptedSink(outer) : outer;
  for (const m of x.messages) {
    if (m.kind === 'data') {
      if (m.bytes.length) sink.scan({ flow: flow.id, direction: m.direction, protocol: m.protocol, part: 'payload', frame: x.number, bytes: m.bytes, encryptedOnWire: false });
    } else {
      // One request and its response per record: they share exchange 0 of their flow.
      emitHttpMessage(sink, flow.id, x.number, m, 0);
    }
  }
}
