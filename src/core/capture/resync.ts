/**
 * Finding the next record or block after damage, as pcapfix does: scan forward byte by byte
 * for a header that is plausible on its own and is followed by another plausible one (pcap) or
 * carries its own length again at its end (pcapng). Both checks read only bytes at fixed
 * offsets from the candidate, so the answer is the same however the file is chunked.
 */

/** How far past the damage we look before giving up on the rest of the file (bytes). */
export const RESYNC_SEARCH_LIMIT = 16 << 20;

/** The answer for one candidate offset: no, yes, or "need this many bytes from it". */
export type Plausible = boolean | number;

/** Bounds a pcap record header must keep to be taken for one. */
export interface PcapRecordBounds {
  littleEndian: boolean;
  fracPerSecond: number;
  /** Largest believable captured length (the file's snaplen, at most the reader's maximum). */
  maxCaptured: number;
  /** Seconds of the last good record, or -1 when none was read. */
  lastSeconds: number;
}

const PCAP_RECORD_HEADER = 16;
/** A resync candidate's time must lie this close to the last good record's (seconds). */
export const RESYNC_TIME_WINDOW = 86400;
/** Largest original length believed while resyncing: 16 MiB (segmentation offload frames stay far below). */
const MAX_ORIGINAL = 16 << 20;

function pcapHeaderOk(view: DataView, q: number, b: PcapRecordBounds, refSeconds: number): number {
  const le = b.littleEndian;
  const seconds = view.getUint32(q, le);
  if (view.getUint32(q + 4, le) >= b.fracPerSecond) return -1;
  const captured = view.getUint32(q + 8, le);
  const original = view.getUint32(q + 12, le);
  if (captured === 0 || captured > b.maxCaptured || captured > original || original > MAX_ORIGINAL) return -1;
  if (refSeconds >= 0 && Math.abs(seconds - refSeconds) > RESYNC_TIME_WINDOW) return -1;
  return captured;
}

/**
 * Is there a pcap record at q? Its header is plausible, and so is the header right after its
 * data (two in a row: one plausible header alone is found by chance in packet bytes).
 */
export function pcapRecordAt(view: DataView, q: number, end: number, b: PcapRecordBounds): Plausible {
  if (end - q < PCAP_RECORD_HEADER) return PCAP_RECORD_HEADER;
  const captured = pcapHeaderOk(view, q, b, b.lastSeconds);
  if (captured < 0) return false;
  const next = q + PCAP_RECORD_HEADER + captured;
  if (end - q < next - q + PCAP_RECORD_HEADER) return next - q + PCAP_RECORD_HEADER;
  return pcapHeaderOk(view, next, b, view.getUint32(q, b.littleEndian)) >= 0;
}

export const PCAPNG_SHB = 0x0a0d0d0a;
/** Block types we resync to, with the least total length each can have. */
const PCAPNG_MIN_LENGTH = new Map<number, number>([
  [PCAPNG_SHB, 28],
  [1, 20], // IDB
  [3, 16], // SPB
  [4, 16], // NRB
  [5, 24], // ISB
  [6, 32], // EPB
  [0x0a, 20], // DSB
  [0x0bad, 16], // custom
  [0x40000bad, 16], // custom, not to be copied
]);
/** Largest block believed while resyncing: what a candidate can make us hold (1 MiB). */
export const RESYNC_MAX_BLOCK = 1 << 20;

/**
 * Is there a pcapng block at q, in byte order `le` (a section header carries its own)? A known
 * type, a length that is a multiple of 4 within bounds, and the same length again at its end;
 * a packet block must name an interface the section described.
 */
export function pcapngBlockAt(view: DataView, q: number, end: number, le: boolean, interfaces: number): Plausible {
  if (end - q < 12) return 12;
  let type = view.getUint32(q, le);
  if (view.getUint32(q, false) === PCAPNG_SHB) {
    const bom = view.getUint32(q + 8, false);
    if (bom !== 0x1a2b3c4d && bom !== 0x4d3c2b1a) return false;
    le = bom === 0x4d3c2b1a;
    type = PCAPNG_SHB;
  }
  const min = PCAPNG_MIN_LENGTH.get(type);
  if (min === undefined) return false;
  const len = view.getUint32(q + 4, le);
  if (len < min || len % 4 !== 0 || len > RESYNC_MAX_BLOCK) return false;
  if (type === 6 && view.getUint32(q + 8, le) >= interfaces) return false;
  if (type === 3 && interfaces === 0) return false;
  if (end - q < len) return len;
  return view.getUint32(q + len - 4, le) === len;
}

/** "bytes 1,024-1,311 (288 bytes)": the skipped range of a resync warning, end exclusive. */
export function skippedRange(from: number, to: number): string {
  return `skipped bytes ${from}-${to} (${to - from} bytes)`;
}
