import { u16 } from '../bytes';
import { type DecodeContext } from './context';
import { decodeLlc } from './ethernet';

const TYPE_DATA = 2;
const TO_DS = 0x01;
const FROM_DS = 0x02;
const MORE_FRAGMENTS = 0x04;
const PROTECTED = 0x40;
const ORDER = 0x80; // +HTC in QoS data frames

/** IEEE 802.11 (LINKTYPE 105): a bare 802.11 frame, no FCS (tshark's default assumption). */
export function decodeIeee80211(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  decodeWlanFrame(ctx, d, off, end, false);
}

/**
 * One 802.11 frame. Only data frames carry traffic: management and control frames, null
 * (no-data) subtypes and fragments are skipped; protected data is counted, never read (it needs
 * the network's keys). `swapped`: the two frame-control bytes come in the other order, as
 * Cisco access points send them inside CAPWAP.
 */
export function decodeWlanFrame(ctx: DecodeContext, d: Uint8Array, off: number, end: number, swapped: boolean): void {
  if (end - off < 24) {
    if (end - off >= 2 && (d[off + (swapped ? 1 : 0)] & 0x0f) === TYPE_DATA << 2) {
      ctx.warn('wlan-short', `802.11 data header cut short (${end - off} bytes)`);
    }
    return;
  }
  const fc = d[off + (swapped ? 1 : 0)];
  const flags = d[off + (swapped ? 0 : 1)];
  // Version 0 only; type in bits 2-3, subtype in bits 4-7 (bit 6 set: a null function frame).
  if ((fc & 3) !== 0 || ((fc >> 2) & 3) !== TYPE_DATA || fc & 0x40) return;
  // A fragment number or more-fragments: 802.11 fragmentation is rare enough not to reassemble.
  if (flags & MORE_FRAGMENTS || d[off + 22] & 0x0f) return;
  if (flags & PROTECTED) {
    ctx.protectedFrame();
    return;
  }
  // Source address: A2 unless from the DS (A3), or A4 with both DS bits.
  const ds = flags & (TO_DS | FROM_DS);
  ctx.linkSource(d, off + (ds === FROM_DS ? 16 : ds === (TO_DS | FROM_DS) ? 24 : 10));
  let p = off + (ds === (TO_DS | FROM_DS) ? 30 : 24);
  let amsdu = false;
  if (fc & 0x80) {
    // QoS data: 2-byte QoS control (bit 7: the body is an A-MSDU), then HT control on +HTC.
    if (p + 2 > end) return;
    amsdu = (d[p] & 0x80) !== 0;
    p += flags & ORDER ? 6 : 2;
  }
  if (p > end) {
    ctx.warn('wlan-short', '802.11 data header cut short');
    return;
  }
  if (!amsdu) {
    decodeLlc(ctx, d, p, end);
    return;
  }
  // A-MSDU subframes: DA, SA, length, then LLC data, each padded to 4 bytes but the last.
  while (p + 14 <= end) {
    const stop = p + 14 + u16(d, p + 12);
    if (stop > end) {
      ctx.warn('wlan-short', 'A-MSDU subframe cut short');
      return;
    }
    decodeLlc(ctx, d, p + 14, stop);
    p = stop + ((4 - ((stop - p) & 3)) & 3);
  }
}
