import { u16 } from '../bytes';
import { type DecodeContext, type IpLayer } from './context';
import { fillPacket } from './types';

/**
 * UDP header to Packet, then any tunnel registered on its ports (VXLAN, Geneve, Teredo): the
 * outer UDP packet is emitted first and the inner packets after it, since tshark counts both
 * the outer udp.stream and the inner streams.
 */
export function decodeUdp(ctx: DecodeContext, ip: IpLayer, d: Uint8Array, off: number, end: number): void {
  const avail = end - off;
  if (avail < 8) {
    ctx.warn('udp-short', `UDP header cut short (${avail} bytes)`);
    return;
  }
  const reported = avail + ip.truncated;
  let ulen = u16(d, off + 4);
  if (ulen === 0 && ip.version === 6) ulen = reported; // jumbogram
  if (ulen < 8) {
    // tshark gives up on a UDP length below the header size before it finds the conversation.
    ctx.warn('udp-len', `Bogus UDP length ${ulen}`);
    return;
  }
  let stop = end;
  let truncated = ip.truncated;
  if (ulen > reported) {
    if (!ip.partial) ctx.warn('udp-len', `UDP length ${ulen} exceeds the IP payload (${reported})`);
  } else if (off + ulen <= end) {
    stop = off + ulen;
    truncated = 0;
  } else truncated = off + ulen - end;
  const srcPort = u16(d, off);
  const dstPort = u16(d, off + 2);
  const p = ctx.packet();
  fillPacket(p, ctx, ip, 'udp', srcPort, dstPort);
  p.payload = d.subarray(off + 8, stop);
  if (ip.partial) p.partial = true;
  if (truncated) p.truncated = truncated;
  ctx.emit(p);
  if (!ip.partial) ctx.udpTunnel(srcPort, dstPort, d, off + 8, stop);
}
