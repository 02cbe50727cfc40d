/**
 * WhatsApp's FunXMPP login: a TCP stream (port 5222 or 443) that starts `WA` + 2 version bytes,
 * then frames of a 3-byte header (4 flag bits, 0x8 = encrypted; 20 length bits) and a binary
 * XML body. The client's first frames are clear: the stream start names the client
 * (`iPhone-2.12.2-5222`) and the auth node carries the `user` attribute, the account's phone
 * number in international form without '+', as a string token (0xfc <len> <digits>) or packed
 * in nibbles (0xff <len> <BCD-like nibbles>). Everything after the handshake is encrypted.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { phoneE164 } from '../../scan/phone';

/** Clear frames read at the start of the client's stream; the rest is encrypted. */
const MAX_FRAMES = 4;
/** Bytes of the client's stream start kept until its first frames are whole. */
const MAX_START = 4096;
/** The dictionary token of the attribute name `user`. */
const USER = 0xb5;
const LIST8 = 0xf8;
const BINARY8 = 0xfc;
const NIBBLE8 = 0xff;

/** Does a stream start with `WA`, two version bytes and a clear list frame? */
export function isWhatsAppStart(b: Uint8Array): boolean | 'more' {
  const want = [0x57, 0x41];
  for (let i = 0; i < 2; i++) {
    if (i >= b.length) return 'more';
    if (b[i] !== want[i]) return false;
  }
  if (b.length < 8) return 'more';
  return b[2] < 10 && b[3] < 32 && (b[4] & 0x70) === 0 && b[7] === LIST8;
}

/** The `user` attribute of a clear frame's body: digits and how they were written, or null. */
export function userOf(body: Uint8Array): { digits: string; encoding: 'plain' | 'bcd' } | null {
  for (let i = 0; i + 2 < body.length; i++) {
    if (body[i] !== USER) continue;
    const t = body[i + 1];
    if (t === BINARY8) {
      const n = body[i + 2];
      if (n < 8 || n > 15 || i + 3 + n > body.length) continue;
      let s = '';
      for (let k = 0; k < n; k++) s += String.fromCharCode(body[i + 3 + k]);
      if (/^\d+$/.test(s)) return { digits: s, encoding: 'plain' };
    } else if (t === NIBBLE8) {
      const h = body[i + 2];
      const len = h & 0x7f;
      if (len < 4 || len > 8 || i + 3 + len > body.length) continue;
      let s = '';
      for (let k = 0; k < len; k++) {
        const v = body[i + 3 + k];
        s += nibble(v >> 4) + nibble(v & 0x0f);
      }
      if (h & 0x80) s = s.slice(0, -1);
      if (/^\d{8,15}$/.test(s)) return { digits: s, encoding: 'bcd' };
    }
  }
  return null;
}

function nibble(n: number): string {
  return n < 10 ? String(n) : n === 10 ? '-' : n === 11 ? '.' : '?';
}

/** Reads the client's clear frames of one login stream; the rest is not scanned (encrypted). */
export class WhatsAppHandler implements FlowHandler {
  private start = new Uint8Array(0);
  private done = false;

  constructor(private readonly ctx: HandlerContext, private readonly client: Direction) {
    ctx.sink.app(ctx.flow.id, 'whatsapp', true);
  }

  data(dir: Direction, bytes: Uint8Array, _offset: number, frame: number): void {
    if (dir !== this.client || this.done) return;
    const joined = new Uint8Array(this.start.length + bytes.length);
    joined.set(this.start);
    joined.set(bytes, this.start.length);
    this.start = joined.length > MAX_START ? joined.slice(0, MAX_START) : joined;
    this.read(frame);
  }

  gap(dir: Direction): void {
    if (dir === this.client) this.done = true;
  }

  close(): void {
    this.start = new Uint8Array(0);
  }

  private read(frame: number): void {
    const b = this.start;
    let i = 4;
    for (let n = 0; n < MAX_FRAMES; n++) {
      if (i + 3 > b.length) return;
      const flags = b[i] >> 4;
      const len = ((b[i] & 0x0f) << 16) | (b[i + 1] << 8) | b[i + 2];
      if (flags & 0x8) break; // encrypted from here on
      if (i + 3 + len > b.length) {
        if (b.length >= MAX_START) break;
        return; // the frame is not whole yet
      }
      const user = userOf(b.subarray(i + 3, i + 3 + len));
      if (user) {
        this.report(user.digits, user.encoding, frame);
        break;
      }
      i += 3 + len;
    }
    this.done = true;
    this.start = new Uint8Array(0);
  }

  private report(digits: string, encoding: 'plain' | 'bcd', frame: number): void {
    const value = phoneE164(`+${digits}`);
    if (!value) return;
    this.ctx.sink.identify({
      flow: this.ctx.flow.id, frame, direction: this.client, protocol: 'whatsapp', type: 'phone', value, encoding,
      context: `WhatsApp login: user ${digits}`, confidence: 'high', encryptedOnWire: false,
    });
  }
}
