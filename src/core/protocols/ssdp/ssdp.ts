/**
 * SSDP (UDP 1900): HTTP-like messages. A NOTIFY or an M-SEARCH response describes its sender
 * (SERVER, USN, X-* friendly names): scanned whole, and `USN: uuid:<version-1 UUID>` with a
 * unicast node gives the sender's MAC. An M-SEARCH request names what it looks for (ST, MAN):
 * only its sender's own headers (USER-AGENT) are scanned.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { textOf } from '../../bytes';
import { macOfUuid } from '../../identifiers/mac';

export interface SsdpMessage {
  /** 'notify' | 'search' | 'response' */
  kind: 'notify' | 'search' | 'response';
  headers: { name: string; value: string; start: number; end: number }[];
}

/** The start line's kind and the headers (names lower-cased, with their byte range); null when it is not SSDP. */
export function parseSsdp(d: Uint8Array): SsdpMessage | null {
  const text = textOf(d);
  const first = /^(NOTIFY|M-SEARCH) \* HTTP\/1\.[01]\r?\n|^HTTP\/1\.[01] 200[^\n]*\n/i.exec(text);
  if (!first) return null;
  const kind = /^NOTIFY/i.test(first[0]) ? 'notify' : /^M-SEARCH/i.test(first[0]) ? 'search' : 'response';
  const headers: SsdpMessage['headers'] = [];
  const re = /([!-9;-~]+)[ \t]*:[ \t]*([^\r\n]*)\r?\n?/y;
  re.lastIndex = first[0].length;
  for (let m = re.exec(text); m && m[0]; m = re.exec(text)) headers.push({ name: m[1].toLowerCase(), value: m[2].trim(), start: m.index, end: m.index + m[0].length });
  return { kind, headers };
}

export class SsdpHandler implements FlowHandler {
  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'ssdp', false);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    const { flow, sink } = this.ctx;
    const m = parseSsdp(d);
    const scan = (bytes: Uint8Array, part: string) => sink.scan({ flow: flow.id, direction: dir, protocol: 'ssdp', part, frame, bytes, encryptedOnWire: false });
    if (!m) {
      sink.warning('ssdp-malformed', `SSDP datagram in flow ${flow.id} is not an SSDP message`, frame);
      return;
    }
    if (m.kind === 'search') {
      // A search names its targets; only the sender's own product string is its.
      for (const h of m.headers) if (h.name === 'user-agent') scan(d.subarray(h.start, h.end), 'header');
      return;
    }
    scan(d, 'header');
    const usn = m.headers.find((h) => h.name === 'usn')?.value;
    const uuid = usn ? /^uuid:([0-9a-f-]{36})/i.exec(usn)?.[1] : undefined;
    const mac = uuid ? macOfUuid(uuid) : null;
    if (mac) sink.identify({ flow: flow.id, frame, direction: dir, protocol: 'ssdp', type: 'mac', value: mac, encoding: 'hex', context: `USN: ${usn}`, confidence: 'medium', encryptedOnWire: false });
  }

  gap(): void {}

  close(): void {}
}
