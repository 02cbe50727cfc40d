import type { DecodeContext } from './context';

/** Raw IP (LINKTYPE 101, 12, 14): the version nibble says IPv4 or IPv6. */
export function decodeRawIp(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 1) {
    ctx.warn('raw-empty', 'Empty raw IP frame');
    return;
  }
  const v = d[off] >> 4;
  if (v === 4) ctx.ethertype(0x0800, d, off, end);
  else if (v === 6) ctx.ethertype(0x86dd, d, off, end);
  else ctx.warn('raw-version', `Raw IP frame with IP version ${v}`);
}

/** LINKTYPE_IPV4 (228). */
export function decodeRawIpv4(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  ctx.ethertype(0x0800, d, off, end);
}

/** LINKTYPE_IPV6 (229). */
export function decodeRawIpv6(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  ctx.ethertype(0x86dd, d, off, end);
}
