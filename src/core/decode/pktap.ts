/**
 * Apple PKTAP (LINKTYPE_PKTAP 258): xnu's `struct pktap_header` (bsd/net/pktap.h; libpcap's
 * pktap.h, Wireshark's packet-pktap.c) before each packet, in the capturing host's byte order
 * (little-endian on every Mac and iPhone, as Wireshark reads it). Offsets:
 *   0 pth_length  4 pth_type_next  8 pth_dlt  12 pth_ifname[24]  36 pth_flags
 *   40 pth_protocol_family  44 pth_frame_pre_length  48 pth_frame_post_length
 *   52 pth_pid  56 pth_comm[17]  76 pth_svc  80 pth_iftype  82 pth_ifunit
 *   84 pth_epid  88 pth_ecomm[17]  108 pth_flowid, pth_ipproto, pth_tstamp, uuids (156 in v1)
 * pth_length is authoritative: the packet, of link type pth_dlt, starts there.
 */
import type { CaptureFrame, FrameApp } from '../capture/types';
import type { DecodeContext } from './context';

export const LINKTYPE_PKTAP = 258;
const PTH_TYPE_PACKET = 1;
const PTH_FLAG_PROC_DELEGATED = 0x4;
/** Wireshark's minimum: a header ending before pth_ecomm is not one xnu ever wrote. */
const MIN_HEADER = 108;
const COMM = 17;

const latin1 = new TextDecoder('latin1');

/** Decodes the packet behind the PKTAP header with its own link type (Wi-Fi Ethernet, cellular raw IP). */
export function decodePktap(ctx: DecodeContext, d: Uint8Array, off: number, end: number): void {
  const len = headerLength(d, off, end);
  if (len < 0) {
    ctx.warn('pktap-short', `PKTAP header cut short or impossible (${end - off} bytes)`);
    return;
  }
  if (le32(d, off + 4) !== PTH_TYPE_PACKET) return; // other record types carry no packet
  ctx.link(le32(d, off + 8), d, off + len, end);
}

/**
 * The process a PKTAP frame belongs to. When a daemon sent it on an app's behalf
 * (PTH_FLAG_PROC_DELEGATED: mDNSResponder resolving for the app) the effective process
 * (pth_epid, pth_ecomm) is the app; otherwise pth_pid and pth_comm. pid -1: none known.
 */
export function pktapApp(frame: CaptureFrame): FrameApp | undefined {
  const d = frame.data;
  if (headerLength(d, 0, d.length) < 0) return undefined;
  const delegated = (le32(d, 36) & PTH_FLAG_PROC_DELEGATED) !== 0;
  const at = delegated ? 84 : 52;
  const pid = le32(d, at) | 0;
  const name = cString(d, at + 4);
  if (pid < 0 || (pid === 0 && !name)) return undefined;
  return { source: 'pktap', pid, name: name || null };
}

/** pth_length when it is plausible for a frame of end - off bytes, else -1. */
function headerLength(d: Uint8Array, off: number, end: number): number {
  if (end - off < MIN_HEADER) return -1;
  const len = le32(d, off);
  return len >= MIN_HEADER && len <= end - off ? len : -1;
}

function le32(d: Uint8Array, p: number): number {
  return (d[p] | (d[p + 1] << 8) | (d[p + 2] << 16) | (d[p + 3] << 24)) >>> 0;
}

function cString(d: Uint8Array, p: number): string {
  let e = p;
  while (e < p + COMM && d[e] !== 0) e++;
  return latin1.decode(d.subarray(p, e));
}
