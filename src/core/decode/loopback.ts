import { u16 } from '../bytes';
import { type DecodeContext } from './context';

// Address family values seen for IPv6 on BSD-derived systems (NetBSD/OpenBSD 24, FreeBSD 28,
// Darwin 30) and Linux (10); IPv4 is 2 everywhere.
function familyToEthertype(af: number): number {
  if (af === 2) return 0x0800;
  if (af === 24 || af === 28 || af === 30 || af === 10) return 0x86dd;
  return -1;
}

/**
 * BSD NULL (LINKTYPE 0): 4-byte address family in the *capturing host's* byte order, so both
 * orders are tried (as tshark does). Some systems put an ethertype there instead.
 */
export function decodeNull(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 4) {
    ctx.warn('null-short', 'Loopback header cut short');
    return;
  }
  // tshark first checks for PPP in HDLC-like framing (FF 03) on this link type.
  if (d[off] === 0xff && d[off + 1] === 0x03) {
    ctx.link(9, d, off, end);
    return;
  }
  const le = (d[off] | (d[off + 1] << 8) | (d[off + 2] << 16) | (d[off + 3] << 24)) >>> 0;
  const be = ((d[off] << 24) | (d[off + 1] << 16) | (d[off + 2] << 8) | d[off + 3]) >>> 0;
  // The family is small; whichever reading fits in 16 bits is the right byte order.
  const af = le <= 0xffff ? le : be;
  let type = familyToEthertype(af);
  if (type < 0 && af > 1500 && af <= 0xffff) type = af;
  if (type < 0) {
    ctx.warn('null-family', `Unknown loopback address family ${af}`);
    return;
  }
  ctx.ethertype(type, d, off + 4, end);
}

/** OpenBSD LOOP (LINKTYPE 108): like NULL but the family is always big-endian. */
export function decodeLoop(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 4) {
    ctx.warn('loop-short', 'Loopback header cut short');
    return;
  }
  const af = u16(d, off) === 0 ? u16(d, off + 2) : -1;
  const type = familyToEthertype(af);
  if (type < 0) {
    ctx.warn('null-family', `Unknown loopback address family`);
    return;
  }
  ctx.ethertype(type, d, off + 4, end);
}
