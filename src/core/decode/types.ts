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
