import { u16 } from '../bytes';
import { type DecodeContext, type IpLayer } from './context';

const ERSPAN_II = 0x88be;
const ERSPAN_III = 0x22eb;

/**
 * GRE (IP protocol 47), version 0 (RFC 2784/2890) and version 1 (PPTP enhanced GRE). The
 * protocol type is an ethertype (0x6558 = bridged Ethernet, 0x880b = PPP); ERSPAN I/II/III
 * mirror Ethernet frames and are cheap to unwrap, so they are followed too.
 */
export function decodeGre(ctx: DecodeContext, _ip: IpLayer, d: Uint8Array, off: number, end: number): void {
  if (end - off < 4) {
    ctx.warn('gre-short', 'GRE header cut short');
    return;
  }
  const flags = u16(d, off);
  const ver = flags & 7;
  const proto = u16(d, off + 2);
  let p = off + 4;
  const hasSeq = (flags & 0x1000) !== 0;
  if (ver === 0) {
    if (flags & 0xc000) p += 4; // checksum (+ offset) present when C or R is set
    if (flags & 0x2000) p += 4; // key
    if (hasSeq) p += 4;
    if (flags & 0x4000) {
      // Source routing entries (RFC 1701), ended by an entry of length 0.
      for (;;) {
        if (p + 4 > end) break;
        const len = d[p + 3];
        p += 4 + len;
        if (len === 0) break;
      }
    }
  } else if (ver === 1) {
    p += 4; // key (payload length + call id), always present
    if (hasSeq) p += 4;
    if (flags & 0x0080) p += 4; // acknowledgment number
  } else {
    ctx.warn('gre-version', `GRE version ${ver} not supported`);
    return;
  }
  if (p > end) {
    ctx.warn('gre-short', 'GRE header cut short');
    return;
  }
  ctx.tunnelDepth++;
  if (proto === ERSPAN_II) {
    // Type I has no header (and no sequence number); type II has 8 bytes.
    const q = hasSeq ? p + 8 : p;
    if (q <= end) ctx.link(1, d, q, end);
  } else if (proto === ERSPAN_III) {
    if (p + 12 <= end) {
      const q = p + 12 + (d[p + 11] & 1 ? 8 : 0);
      if (q <= end) ctx.link(1, d, q, end);
    }
  } else ctx.ethertype(proto, d, p, end);
  ctx.tunnelDepth--;
}
