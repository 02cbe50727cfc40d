import { type DecodeContext } from './context';
import { decodeWlanFrame } from './ieee80211';

const RADIOTAP_FLAGS_FCS = 0x10;

const le16 = (d: Uint8Array, o: number): number => d[o] | (d[o + 1] << 8);
const le32 = (d: Uint8Array, o: number): number => (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16) | (d[o + 3] << 24)) >>> 0;

/**
 * Radiotap (LINKTYPE 127): a little-endian header of radio metadata, skipped by its length,
 * then an 802.11 frame. Only the Flags field is read: it says whether the frame ends in an FCS.
 */
export function decodeRadiotap(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 8 || d[off] !== 0) {
    ctx.warn('radiotap-short', 'Radiotap header cut short or of an unknown version');
    return;
  }
  const len = le16(d, off + 2);
  if (len < 8 || off + len > end) {
    ctx.warn('radiotap-short', `Radiotap header length ${len} does not fit the frame`);
    return;
  }
  const present = le32(d, off + 4);
  // Extended presence words (bit 31) come before the fields; TSFT (bit 0) is 8 bytes, 8-aligned.
  let p = off + 8;
  for (let w = present; w & 0x80000000 && p + 4 <= off + len; p += 4) w = le32(d, p);
  if (present & 1) p = off + ((p - off + 7) & ~7) + 8;
  let stop = end;
  if (present & 2 && p < off + len && d[p] & RADIOTAP_FLAGS_FCS) stop = Math.max(off + len, end - 4);
  decodeWlanFrame(ctx, d, off + len, stop, false);
}

/** PPI (LINKTYPE 192): a header skipped by its length, then a frame of the DLT it names. */
export function decodePpi(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  if (end - off < 8 || d[off] !== 0) {
    ctx.warn('ppi-short', 'PPI header cut short or of an unknown version');
    return;
  }
  const len = le16(d, off + 2);
  if (len < 8 || off + len > end) {
    ctx.warn('ppi-short', `PPI header length ${len} does not fit the frame`);
    return;
  }
  const dlt = le32(d, off + 4);
  // A PPI frame never wraps another PPI header; anything else goes through the link registry.
  if (dlt === 192) return;
  ctx.link(dlt, d, off + len, end);
}
