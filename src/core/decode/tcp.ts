import { EMPTY_BYTES, u16, u32 } from '../bytes';
import { type DecodeContext, type IpLayer } from './context';
import { fillPacket } from './types';

/**
 * TCP header to Packet. tshark reads ports, seq, ack, flags and window (16 bytes) before it
 * looks up the conversation, so 16 bytes are enough to count a stream; a header the segment
 * cannot hold becomes a `partial` packet (tshark: "short segment", no sequence analysis).
 */
export function decodeTcp(ctx: DecodeContext, ip: IpLayer, d: Uint8Array, off: number, end: number): void {
  const avail = end - off;
  if (avail < 16) {
    ctx.warn('tcp-short', `TCP header cut short (${avail} bytes)`);
    return;
  }
  const hl = (d[off + 12] >> 4) * 4;
  const reported = avail + ip.truncated;
  let partial = ip.partial;
  let pOff = off + hl;
  let truncated = ip.truncated;
  if (hl < 20) {
    ctx.warn('tcp-hlen', `Bogus TCP header length ${hl}`);
    pOff = end;
    truncated = 0;
  } else if (hl > reported) {
    ctx.warn('tcp-short', `TCP header (${hl} bytes) longer than the segment (${reported})`);
    partial = true;
    pOff = end;
    truncated = 0;
  } else if (hl > avail) {
    // Header announced complete but the capture cut it: payload entirely missing.
    truncated = reported - hl;
    pOff = end;
  }
  const h = ctx.tcpHeader();
  h.seq = u32(d, off + 4);
  h.ack = u32(d, off + 8);
  h.flags = d[off + 13];
  h.window = u16(d, off + 14);
  // Written field by field into the context's packet (reused frame to frame: issue 16, a fresh
  // Packet and TcpHeader per packet were the largest allocation site, 88 MB on the lab capture).
  const p = ctx.packet();
  fillPacket(p, ctx, ip, 'tcp', u16(d, off), u16(d, off + 2));
  p.tcp = h;
  // No view for a segment without payload (a SYN, a bare ACK: half the packets of a short flow).
  p.payload = pOff < end ? d.subarray(pOff, end) : EMPTY_BYTES;
  if (partial) p.partial = true;
  if (truncated) p.truncated = truncated;
  ctx.emit(p);
}
