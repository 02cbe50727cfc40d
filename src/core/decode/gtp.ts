import { u16 } from '../bytes';
import { type DecodeContext } from './context';

const G_PDU = 0xff;

/**
 * GTPv1-U (UDP 2152, 3GPP TS 29.281): the mobile core's user-plane tunnel. A G-PDU carries the
 * subscriber's IP packet after an 8-byte header, the optional sequence/N-PDU/next-type word and
 * any extension headers (PDU session container, UDP port…). Signalling messages (echo, error
 * indication, end marker) carry no traffic. The inner packet is taken as IP by its first byte,
 * as tshark does: 0x45-0x4f IPv4, 0x6_ IPv6.
 */
export function decodeGtpU(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 8) {
    ctx.warn('gtp-short', 'GTP header cut short');
    return;
  }
  const flags = d[off];
  // Version 1 with protocol type GTP; GTP' (PT 0) and other versions carry no user plane here.
  if (flags >> 5 !== 1 || (flags & 0x10) === 0 || d[off + 1] !== G_PDU) return;
  const stop = Math.min(end, off + 8 + u16(d, off + 2));
  let p = off + 8;
  if (flags & 0x07) {
    if (stop - p < 4) {
      ctx.warn('gtp-short', 'GTP optional fields cut short');
      return;
    }
    let next = flags & 0x04 ? d[p + 3] : 0;
    p += 4;
    while (next !== 0) {
      // Each extension header: length in 4-byte units, content, then the next type.
      const len = p < stop ? d[p] * 4 : 0;
      if (len === 0 || p + len > stop) {
        ctx.warn('gtp-short', 'GTP extension header cut short or malformed');
        return;
      }
      next = d[p + len - 1];
      p += len;
    }
  }
  if (p >= stop) return;
  const b = d[p];
  const type = b >= 0x45 && b <= 0x4f ? 0x0800 : b >> 4 === 6 ? 0x86dd : 0;
  if (!type) return;
  ctx.tunnelDepth++;
  ctx.ethertype(type, d, p, stop);
  ctx.tunnelDepth--;
}
