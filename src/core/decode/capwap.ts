import { type DecodeContext } from './context';
import { decodeWlanFrame } from './ieee80211';

const WBID_IEEE80211 = 1;

/**
 * CAPWAP data channel (UDP 5247, RFC 5415): the access point's tunnel of its clients' frames to
 * the controller. Preamble type 1 is DTLS (unreadable); keep-alives and fragments carry no whole
 * frame. The header length counts 4-byte words and covers the optional radio MAC and wireless
 * information. T set: a native frame of the wireless binding (802.11, RFC 5416); clear: 802.3.
 */
export function decodeCapwapData(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 8) {
    ctx.warn('capwap-short', 'CAPWAP header cut short');
    return;
  }
  if (d[off] !== 0) return; // version 0, type 0 (1 = DTLS)
  const hlen = (d[off + 1] >> 3) * 4;
  const wbid = (d[off + 2] >> 1) & 0x1f; // after HLEN (5 bits) and the radio id (5)
  const native = (d[off + 2] & 1) !== 0;
  const flags = d[off + 3];
  if (flags & 0x80 || flags & 0x08) return; // F (fragment), K (keep-alive)
  const p = off + hlen;
  if (hlen < 8 || p > end) {
    ctx.warn('capwap-short', `CAPWAP header length ${hlen} does not fit the datagram`);
    return;
  }
  ctx.tunnelDepth++;
  if (!native) ctx.link(1, d, p, end);
  else if (wbid === WBID_IEEE80211 && end - p >= 2) {
    // Cisco APs send the frame-control bytes swapped (tshark swaps by default). In the native
    // order the first byte holds the version, always 0; swapped it holds the flags, whose
    // to/from-DS bits are set on every frame through an AP: non-zero low bits mean swapped.
    decodeWlanFrame(ctx, d, p, end, (d[p] & 3) !== 0);
  }
  ctx.tunnelDepth--;
}
