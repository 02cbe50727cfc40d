/** A transport-level packet decoded from one frame (tunnels may yield several per frame). */
export interface Packet {
  frame: number;
  time: number;
  /** Frame's original length on the wire; counted once per frame into flow bytes. */
  wireLength: number;
  /** True for the outermost transport packet of the frame (the one whose wireLength counts). */
  outermost: boolean;
  ipVersion: 4 | 6;
  /** Textual addresses as tshark prints them (IPv4 dotted, IPv6 RFC 5952 lower-case). */
  src: string;
  dst: string;
  /** IPv4 (from the decoder): src and dst as signed 32-bit numbers, for the flow key. */
  src4?: number;
  dst4?: number;
  transport: 'tcp' | 'udp';
  srcPort: number;
  dstPort: number;
  tcp?: TcpHeader;
  /**
   * Transport payload (after IP reassembly where needed). A view into the frame's bytes (or a
   * reassembled datagram): valid only until the next decode() call, so keep a copy if needed.
   */
  payload: Uint8Array;
  /**
   * Set when tshark would count the packet's conversation but not use its sequence numbers:
   * the first fragment of an IP datagram that was not reassembled, or a TCP header cut short
   * (tshark's pinfo->fragmented / "short segment"). `payload` is then empty or incomplete.
   */
  partial?: boolean;
  /** Payload bytes the IP length announces but the capture cut off (snaplen); 0/absent if none. */
  truncated?: number;
  /** Number of tunnel encapsulations around this packet (0 = not tunnelled). */
  tunnelDepth?: number;
  /** Innermost link-layer source MAC (Ethernet, 802.11 SA), lower-case aa:bb:cc:dd:ee:ff. */
  srcMac?: string;
  /** Index of the frame's app in the pipeline's AppTable (CaptureFrame.app). */
  app?: number;
  /** The frame's outermost IP source, on a packet that came out of a tunnel. */
  outerSrc?: string;
}

/** A packet with every field present (optional ones undefined): one hidden class for all of them. */
export function blankPacket(): Packet {
  return {
    frame: 0, time: 0, wireLength: 0, outermost: false, ipVersion: 4, src: '', dst: '', src4: undefined, dst4: undefined,
    transport: 'tcp', srcPort: 0, dstPort: 0, tcp: undefined, payload: EMPTY, partial: undefined, truncated: undefined,
    tunnelDepth: undefined, srcMac: undefined, app: undefined, outerSrc: undefined,
  };
}

const EMPTY = new Uint8Array(0);

/**
 * Sets every field a transport decoder does not set itself (payload, tcp, partial, truncated
 * come after): a reused packet keeps nothing of the one before. The decoder's emit sets
 * outermost, srcMac and outerSrc; the pipeline app.
 */
export function fillPacket(
  p: Packet,
  ctx: { frame: number; time: number; wireLength: number; tunnelDepth: number },
  ip: { version: 4 | 6; src: string; dst: string; src4?: number; dst4?: number },
  transport: 'tcp' | 'udp',
  srcPort: number,
  dstPort: number,
): void {
  p.frame = ctx.frame;
  p.time = ctx.time;
  p.wireLength = ctx.wireLength;
  p.outermost = false;
  p.ipVersion = ip.version;
  p.src = ip.src;
  p.dst = ip.dst;
  p.src4 = ip.src4;
  p.dst4 = ip.dst4;
  p.transport = transport;
  p.srcPort = srcPort;
  p.dstPort = dstPort;
  p.tcp = undefined;
  p.partial = undefined;
  p.truncated = undefined;
  p.tunnelDepth = ctx.tunnelDepth || undefined;
  p.srcMac = undefined;
  p.app = undefined;
  p.outerSrc = undefined;
}

export interface TcpHeader {
  seq: number; // unsigned 32-bit
  ack: number;
  /** Flag bits as on the wire: FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32 ECE=64 CWR=128 */
  flags: number;
  window: number;
}

export const TCP_FIN = 1;
export const TCP_SYN = 2;
export const TCP_RST = 4;
export const TCP_ACK = 16;
