/** Stage 2: link/IP decoding (with IP reassembly and tunnels) into transport packets. */
export { PacketDecoder } from './packetDecoder';
export { IpFragments } from './ipFragments';
export { ipv4ToString, ipv6ToString } from '../bytes';
export type { Packet, TcpHeader } from './types';
export { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './types';
