import { parseIPv4 } from '../bytes';
import type { Packet } from '../decode/types';

/**
 * flowKey of a packet: from the decoder's IPv4 numbers where it has them (parsing the two
 * address strings back was ~3 % of the CLI's main thread on the lab capture), else the text.
 */
export function packetFlowKey(p: Packet): string {
  const a = p.src4;
  const b = p.dst4;
  if (a === undefined || b === undefined) return flowKey(p.src, p.srcPort, p.dst, p.dstPort);
  const ua = a >>> 0;
  const ub = b >>> 0;
  const sp = p.srcPort;
  const dp = p.dstPort;
  if (ua < ub || (ua === ub && sp <= dp)) return String.fromCharCode(ua >>> 16, a & 0xffff, sp, ub >>> 16, b & 0xffff, dp);
  return String.fromCharCode(ub >>> 16, b & 0xffff, dp, ua >>> 16, a & 0xffff, sp);
}

/**
 * Conversation key: both endpoints in a fixed order, so both directions find the same entry
 * (tshark's conversations are direction-agnostic too). The one string built per packet.
 *
 * Two IPv4 endpoints make a 6-character string of their 16-bit halves (address high, low,
 * port), one flat string per packet: the text form (`a.b.c.d port a.b.c.d port`) cost ~290 B
 * per packet in the allocation sampler (number strings, cons strings, the flat copy a Map lookup
 * makes), 4% of what 1M tiny flows allocate (issue 15). Anything else keeps the text form; the
 * two never meet (a text key has spaces and at least 11 characters).
 */
export function flowKey(srcIp: string, srcPort: number, dstIp: string, dstPort: number): string {
  const a = ipv4Number(srcIp);
  const b = a < 0 ? -1 : ipv4Number(dstIp);
  if (b >= 0) {
    if (a < b || (a === b && srcPort <= dstPort)) return String.fromCharCode(a >>> 16, a & 0xffff, srcPort, b >>> 16, b & 0xffff, dstPort);
    return String.fromCharCode(b >>> 16, b & 0xffff, dstPort, a >>> 16, a & 0xffff, srcPort);
  }
  if (srcIp < dstIp || (srcIp === dstIp && srcPort <= dstPort)) return `${srcIp} ${srcPort} ${dstIp} ${dstPort}`;
  return `${dstIp} ${dstPort} ${srcIp} ${srcPort}`;
}

/** A dotted-quad address in its canonical form (no leading zeros) as a number, else -1 (bytes.ts parseIPv4). */
export function ipv4Number(s: string): number {
  // IPv6 and text keys are refused by length before any parsing.
  if (s.length < 7 || s.length > 15) return -1;
  return parseIPv4(s) ?? -1;
}
