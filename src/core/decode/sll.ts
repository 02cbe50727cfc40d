import { u16 } from '../bytes';
import { type DecodeContext } from './context';
import { decodeLlc } from './ethernet';

const ARPHRD_IPGRE = 778;
const ARPHRD_NETLINK = 824;

/** Linux "cooked" capture v1 (LINKTYPE 113): 16-byte header, protocol at offset 14. */
export function decodeSll(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 16) {
    ctx.warn('sll-short', `Linux cooked header cut short (${end - off} bytes)`);
    return;
  }
  sllPayload(ctx, u16(d, off + 2), u16(d, off + 14), d, off + 16, end);
}

/** Linux "cooked" capture v2 (LINKTYPE 276): 20-byte header, protocol at offset 0. */
export function decodeSll2(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 20) {
    ctx.warn('sll2-short', `Linux cooked v2 header cut short (${end - off} bytes)`);
    return;
  }
  sllPayload(ctx, u16(d, off + 8), u16(d, off + 0), d, off + 20, end);
}

function sllPayload(ctx: DecodeContext, hatype: number, proto: number, d: Uint8Array, off: number, end: number): void {
  if (hatype === ARPHRD_NETLINK) return;
  if (hatype === ARPHRD_IPGRE) {
    // GRE devices put the GRE protocol type here; it is an ethertype as well.
    ctx.ethertype(proto, d, off, end);
    return;
  }
  // Values below 1536 are Linux pseudo-protocols (ETH_P_802_2 = 4 is LLC; others we skip).
  if (proto === 0x0004) {
    decodeLlc(ctx, d, off, end);
    return;
  }
  if (proto < 1536) return;
  ctx.ethertype(proto, d, off, end);
}
