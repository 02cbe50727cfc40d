import type { DecodeContext } from './context';

/** VXLAN (UDP 4789): 8-byte header, then an Ethernet frame. */
export function decodeVxlan(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 8) {
    ctx.warn('vxlan-short', 'VXLAN header cut short');
    return;
  }
  ctx.tunnelDepth++;
  ctx.link(1, d, off + 8, end);
  ctx.tunnelDepth--;
}
