/**
 * Google QUIC (gQUIC: Chrome and Google's apps before IETF QUIC). The client's first packet
 * carries its handshake: a CHLO tag-value message whose SNI tag names the server and whose UAID
 * tag holds the user agent ("Chrome/74.0.3729.157 Android 8.0.0; BND-L21", the device's model).
 * Q024-Q046 send it in clear; Q050 protects its Initials like IETF QUIC (q050.ts reads those
 * through the QUIC reader). Everything after the CHLO is encrypted.
 *
 * The CHLO message is read in chlo.ts. Up to Q046 it sits in the first STREAM frame of the first
 * packet, after the public header and the 12-byte message authentication hash (Q043) or the long
 * header (Q046): we look for the 'CHLO' tag in the datagram's first bytes rather than parse
 * each version's framing.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { latin1 } from '../../bytes';
import { isQuicLongHeader, QuicHandler } from '../quic/quic';
import { GQUIC_Q050 } from './q050';
import { chloTags, emitChlo } from './chlo';

/** Where the CHLO tag may start: public/long header, MAC hash and the STREAM frame header. */
const CHLO_WITHIN = 64;

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

export class GquicHandler implements FlowHandler {
  private done = false;
  /** Q050's protected Initials, read by the QUIC reader once a Q050 long header shows up. */
  private q050: QuicHandler | null = null;

  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'quic', true);
  }

  data(dir: Direction, d: Uint8Array, offset: number, frame: number): void {
    if (this.q050 || isQuicLongHeader(d, GQUIC_Q050.versions)) {
      this.q050 ??= new QuicHandler(this.ctx, GQUIC_Q050);
      return this.q050.data(dir, d, offset, frame);
    }
    if (this.done || dir !== 'upload') return;
    const at = chloAt(d);
    const v = gquicVersionAt(d);
    if (at < 0 || v < 0) return;
    const tags = chloTags(d, at);
    if (!tags) {
      this.ctx.sink.warning('gquic-malformed', `gQUIC CHLO in flow ${this.ctx.flow.id} is damaged`, frame);
      return;
    }
    this.done = true;
    emitChlo(this.ctx, dir, tags, latin1(d, v, v + 4), frame);
  }

  gap(): void {}

  close(): void {
    this.q050?.close();
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
