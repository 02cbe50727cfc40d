/** Stage 2: link/IP decoding (with IP reassembly and tunnels) into transport packets. */
import { linkDecoders } from './registry';

export { PacketDecoder } from './packetDecoder';
export { IpFragments } from './ipFragments';
export type { Packet, TcpHeader } from './types';
export { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './types';

/** True when a link-layer decoder is registered for this LINKTYPE_* value (decode/registry.ts). */
export function isSupportedLinktype(linktype: number): boolean {
  return linkDecoders.has(linktype);
}
