/**
 * PCAPdroid's app trailer (pcap mode "with trailer", PCAPdroid's jni/core/pcap_dump.h): the IP
 * packet behind a bogus Ethernet header (both MACs zero), zero padding to 4 bytes, then
 *   magic 0x01072021 (u32 BE) | uid (i32 BE) | appname[20] (NUL-terminated) | fcs (u32)
 * The fcs is the Ethernet CRC-32 of the whole record but its last 4 bytes (header, packet,
 * padding, magic, uid, appname), written in host order: little-endian on every Android ABI.
 * Measured on pcapdroid-02-trailer.pcap: 68 of 68 frames match zlib.crc32 of frame[:-4], stored
 * LE (tshark -o eth.check_fcs:TRUE calls it a good FCS for the same reason).
 */
import type { FrameApp } from './types';

export const TRAILER_MAGIC = 0x01072021;
export const TRAILER_LENGTH = 32;
const ETHERNET_HEADER = 14;
const APPNAME = 20;

export interface PcapdroidTrailer {
  app: FrameApp;
  /** False when the fcs does not match: the frame was damaged after PCAPdroid wrote it. */
  crcOk: boolean;
}

/** The trailer of an Ethernet record whose last 32 bytes start with the magic, else null. */
export function readPcapdroidTrailer(data: Uint8Array): PcapdroidTrailer | null {
  const n = data.length;
  if (n < ETHERNET_HEADER + TRAILER_LENGTH) return null;
  const t = n - TRAILER_LENGTH;
  // The magic's bytes first: every Ethernet record comes here, and a DataView per record was
  // 56 ms and garbage on the lab capture (424k records) for the few that carry a trailer.
  if (data[t] !== TRAILER_MAGIC >>> 24 || data[t + 1] !== ((TRAILER_MAGIC >>> 16) & 0xff) || data[t + 2] !== ((TRAILER_MAGIC >>> 8) & 0xff) || data[t + 3] !== (TRAILER_MAGIC & 0xff)) return null;
  const view = new DataView(data.buffer, data.byteOffset, n);
  const uid = view.getInt32(t + 4, false);
  let end = t + 8;
  while (end < t + 8 + APPNAME && data[end] !== 0) end++;
  const name = new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(t + 8, end));
  const crcOk = crc32(data, n - 4) === view.getUint32(n - 4, true);
  return { app: { source: 'pcapdroid-trailer', uid, name: name || null }, crcOk };
}

let table: Uint32Array | null = null;

/** IEEE 802.3 CRC-32 (reflected, polynomial 0xEDB88320) of data[0, length). */
export function crc32(data: Uint8Array, length: number): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
