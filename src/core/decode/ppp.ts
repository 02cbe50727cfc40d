import { u16 } from '../bytes';
import { type DecodeContext } from './context';

// PPP protocol numbers mapped to the ethertype of the same payload.
function pppToEthertype(p: number): number {
  switch (p) {
    case 0x0021:
      return 0x0800;
    case 0x0057:
      return 0x86dd;
    case 0x0281:
      return 0x8847;
    case 0x0283:
      return 0x8848;
    default:
      return -1;
  }
}

/**
 * PPP (LINKTYPE 9) and PPP in HDLC framing (50): optional FF 03 address/control, then the
 * protocol field (1 byte when protocol-field compression made it odd, else 2).
 */
export function decodePpp(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off >= 2 && d[off] === 0xff && d[off + 1] === 0x03) off += 2;
  if (end - off < 1) {
    ctx.warn('ppp-short', 'PPP header cut short');
    return;
  }
  let proto: number;
  if (d[off] & 1) {
    proto = d[off];
    off += 1;
  } else {
    if (end - off < 2) {
      ctx.warn('ppp-short', 'PPP header cut short');
      return;
    }
    proto = u16(d, off);
    off += 2;
  }
  const type = pppToEthertype(proto);
  if (type >= 0) ctx.ethertype(type, d, off, end);
}

/** PPPoE session stage (ethertype 0x8864): 6-byte header then a PPP protocol field. */
export function decodePppoe(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 8) {
    ctx.warn('pppoe-short', 'PPPoE header cut short');
    return;
  }
  const len = u16(d, off + 4);
  const stop = Math.min(end, off + 6 + len);
  const type = pppToEthertype(u16(d, off + 6));
  if (type >= 0) ctx.ethertype(type, d, off + 8, stop);
}

/** Cisco HDLC (LINKTYPE 104): address, control, then an ethertype. */
export function decodeChdlc(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 4) {
    ctx.warn('chdlc-short', 'Cisco HDLC header cut short');
    return;
  }
  ctx.ethertype(u16(d, off + 2), d, off + 4, end);
}

/** GRE-carried PPP (ethertype 0x880b, PPTP): same as a PPP link. */
export function decodeGrePpp(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  decodePpp(ctx, d, off, end);
}
