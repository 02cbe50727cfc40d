/**
 * Google QUIC (gQUIC, Q024-Q046: Chrome and Google's apps before IETF QUIC). The client's first
 * packet carries its handshake in clear: a CHLO tag-value message whose SNI tag names the server
 * and whose UAID tag holds the user agent ("Chrome/74.0.3729.157 Android 8.0.0; BND-L21", the
 * device's model). Everything after it is encrypted. Q050 and later encrypt the Initial like
 * IETF QUIC and are not read here.
 *
 * The CHLO message (Chromium's crypto_framer.cc): tag 'CHLO', u16 number of entries, u16
 * padding, then per entry a tag (4 ASCII bytes) and the u32 little-endian end offset of its
 * value, then the values back to back. It sits in the first STREAM frame of the first packet,
 * after the public header and the 12-byte message authentication hash (Q043) or the long
 * header (Q046): we look for the 'CHLO' tag in the datagram's first bytes rather than parse
 * each version's framing.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { latin1 } from '../../bytes';

/** Where the CHLO tag may start: public/long header, MAC hash and the STREAM frame header. */
const CHLO_WITHIN = 64;
const MAX_TAGS = 64;

/** A gQUIC version tag 'Q0nn' in the header's first 16 bytes. */
export function gquicVersionAt(d: Uint8Array): number {
  for (let i = 1; i + 4 <= Math.min(d.length, 16); i++) {
    if (d[i] === 0x51 && d[i + 1] === 0x30 && isDigit(d[i + 2]) && isDigit(d[i + 3])) return i;
  }
  return -1;
}

/** Offset of the 'CHLO' tag in the datagram's first bytes, or -1. */
export function chloAt(d: Uint8Array): number {
  for (let i = 0; i + 4 <= Math.min(d.length, CHLO_WITHIN + 4); i++) {
    if (d[i] === 0x43 && d[i + 1] === 0x48 && d[i + 2] === 0x4c && d[i + 3] === 0x4f) return i;
  }
  return -1;
}

/** A client hello of gQUIC: a version tag in the header and a CHLO message right after it. */
export function isGquicHello(d: Uint8Array): boolean {
  return gquicVersionAt(d) >= 0 && chloAt(d) >= 0;
}

/** The tags of the CHLO message at `at`: tag -> value bytes; null when the message is damaged. */
export function chloTags(d: Uint8Array, at: number): Map<string, Uint8Array> | null {
  if (at + 8 > d.length) return null;
  const n = d[at + 4] | (d[at + 5] << 8);
  if (n === 0 || n > MAX_TAGS) return null;
  const values = at + 8 + n * 8;
  if (values > d.length) return null;
  const tags = new Map<string, Uint8Array>();
  let start = 0;
  for (let i = 0; i < n; i++) {
    const e = at + 8 + i * 8;
    const end = (d[e + 4] | (d[e + 5] << 8) | (d[e + 6] << 16) | (d[e + 7] << 24)) >>> 0;
    if (end < start || values + end > d.length) return null;
    tags.set(latin1(d, e, e + 4), d.subarray(values + start, values + end));
    start = end;
  }
  return tags;
}

export class GquicHandler implements FlowHandler {
  private done = false;

  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'quic', true);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    if (this.done || dir !== 'upload') return;
    const at = chloAt(d);
    if (at < 0 || gquicVersionAt(d) < 0) return;
    const { flow, sink } = this.ctx;
    const tags = chloTags(d, at);
    if (!tags) {
      sink.warning('gquic-malformed', `gQUIC CHLO in flow ${flow.id} is damaged`, frame);
      return;
    }
    this.done = true;
    const sni = tags.get('SNI\0');
    const version = latin1(d, gquicVersionAt(d), gquicVersionAt(d) + 4);
    sink.emit('tls', {
      flow: flow.id, frame, transport: 'udp', sni: sni?.length ? latin1(sni, 0, sni.length).toLowerCase() : null,
      alpn: [], ja3Full: '', ja3: '', version: `gquic-${version.toLowerCase()}`,
    });
    // Read in clear on the wire, but the flow is encrypted: what follows is not readable.
    const uaid = tags.get('UAID');
    if (uaid?.length) sink.scan({ flow: flow.id, direction: dir, protocol: 'gquic', part: 'user-agent', frame, bytes: uaid.slice(), encryptedOnWire: false });
  }

  gap(): void {}

  close(): void {}
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
