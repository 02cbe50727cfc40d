import type { DecodeContext } from './context';

/**
 * MPLS (ethertype 0x8847/0x8848): label stack to the bottom-of-stack bit, then (as tshark's
 * default heuristic) IPv4/IPv6 by the first nibble, or a zero pseudowire control word
 * followed by Ethernet.
 */
export function decodeMpls(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  for (;;) {
    if (end - off < 4) {
      ctx.warn('mpls-short', 'MPLS label stack cut short');
      return;
    }
    const bos = d[off + 2] & 1;
    off += 4;
    if (bos) break;
  }
  if (off >= end) return;
  const nib = d[off] >> 4;
  if (nib === 4) ctx.ethertype(0x0800, d, off, end);
  else if (nib === 6) ctx.ethertype(0x86dd, d, off, end);
  else if (nib === 0 && end - off >= 4 + 14) ctx.link(1, d, off + 4, end);
}
