import { u16 } from '../bytes';
import { type DecodeContext } from './context';

/** Ethernet II / 802.3 (LINKTYPE 1): dispatches on the ethertype, or LLC/SNAP for length fields. */
export function decodeEthernet(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 14) {
    ctx.warn('eth-short', `Ethernet header cut short (${end - off} bytes)`);
    return;
  }
  ctx.linkSource(d, off + 6);
  const type = u16(d, off + 12);
  if (type <= 1500) {
    // 802.3 length field: the frame may carry padding after `type` bytes of LLC data.
    const llcEnd = Math.min(end, off + 14 + type);
    decodeLlc(ctx, d, off + 14, llcEnd);
    return;
  }
  ctx.ethertype(type, d, off + 14, end);
}

/** 802.1Q / 802.1ad (QinQ) tag: 2 bytes TCI then the inner ethertype. */
export function decodeVlan(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 4) {
    ctx.warn('vlan-short', 'VLAN tag cut short');
    return;
  }
  const type = u16(d, off + 2);
  if (type <= 1500) {
    decodeLlc(ctx, d, off + 4, Math.min(end, off + 4 + type));
    return;
  }
  ctx.ethertype(type, d, off + 4, end);
}

/**
 * 802.2 LLC: only SNAP (AA AA 03) with OUI 00-00-00 (RFC 1042) or 00-00-F8 (802.1H bridge
 * tunnel, used on 802.11 for some ethertypes) carries an ethertype we follow; STP etc. are ignored.
 */
export function decodeLlc(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 3) return;
  if (d[off] === 0xaa && d[off + 1] === 0xaa && d[off + 2] === 0x03) {
    if (end - off < 8) {
      ctx.warn('snap-short', 'SNAP header cut short');
      return;
    }
    if (d[off + 3] === 0 && d[off + 4] === 0 && (d[off + 5] === 0 || d[off + 5] === 0xf8)) {
      ctx.ethertype(u16(d, off + 6), d, off + 8, end);
    }
  }
}
