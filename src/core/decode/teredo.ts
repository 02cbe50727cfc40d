import { u16 } from '../bytes';
import { type DecodeContext } from './context';

/**
 * Teredo (UDP 3544): optional authentication and origin indications, then IPv6. Only
 * followed when an IPv6 header is really there, so other traffic on the port is left alone.
 */
export function decodeTeredo(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  let p = off;
  if (end - p >= 4 && u16(d, p) === 0x0001) {
    p += 4 + d[p + 2] + d[p + 3] + 9; // id, auth value, nonce (8), confirmation (1)
  }
  if (end - p >= 8 && u16(d, p) === 0x0000) p += 8; // origin indication
  if (end - p < 40 || d[p] >> 4 !== 6) return;
  ctx.tunnelDepth++;
  ctx.ethertype(0x86dd, d, p, end);
  ctx.tunnelDepth--;
}
