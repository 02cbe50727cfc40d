import { u16 } from '../bytes';
import { type DecodeContext } from './context';

/** Geneve (UDP 6081): 8-byte header plus options, then the payload its ethertype names. */
export function decodeGeneve(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 8) {
    ctx.warn('geneve-short', 'Geneve header cut short');
    return;
  }
  if (d[off] >> 6 !== 0) return; // unknown version
  const p = off + 8 + (d[off] & 0x3f) * 4;
  if (p > end) {
    ctx.warn('geneve-short', 'Geneve options cut short');
    return;
  }
  ctx.tunnelDepth++;
  ctx.ethertype(u16(d, off + 2), d, p, end);
  ctx.tunnelDepth--;
}
