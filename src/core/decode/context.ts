import type { Packet, TcpHeader } from './types';
import type { WarningCode } from '../warnings';
import type { IpFragments } from './ipFragments';

/** What a transport decoder needs to know about the IP layer under it. */
export interface IpLayer {
  version: 4 | 6;
  src: string;
  dst: string;
  /** IPv4: the addresses as signed 32-bit numbers (flow keys are made from them, not the text). */
  src4?: number;
  dst4?: number;
  /** First fragment of a datagram that could not be reassembled (tshark's pinfo->fragmented). */
  partial: boolean;
  /** Payload bytes the IP header announces beyond what was captured. */
  truncated: number;
}

/**
 * Per-frame state shared by the layer decoders. Layers never import each other: they hand the
 * next header to the context, which looks it up in the registry (so tunnels can nest freely).
 */
export interface DecodeContext {
  readonly frame: number;
  readonly time: number;
  readonly wireLength: number;
  /** Tunnel encapsulations entered so far in this frame. */
  tunnelDepth: number;
  readonly fragments: IpFragments;
  /** Raises a warning tied to this frame. */
  warn(code: WarningCode, message: string): void;
  /**
   * The object the next emitted packet is written into, every field to be set (a transport
   * decoder fills it and emits it): reused from frame to frame when decoding into `shared`.
   */
  packet(): Packet;
  /** The TCP header object of the packet from packet(), likewise reused. */
  tcpHeader(): TcpHeader;
  /** Adds a transport packet to the frame's output. */
  emit(p: Packet): void;
  /** Decodes data[off, end) as the protocol an ethertype names. */
  ethertype(type: number, data: Uint8Array, off: number, end: number): void;
  /** Decodes data[off, end) as the payload of an IP header with this protocol number. */
  ipPayload(proto: number, ip: IpLayer, data: Uint8Array, off: number, end: number): void;
  /** Gives a UDP payload to a tunnel decoder registered on one of its ports, if any. */
  udpTunnel(srcPort: number, dstPort: number, data: Uint8Array, off: number, end: number): void;
  /** The link layer's source MAC is data[off, off + 6); the innermost one given wins. */
  linkSource(data: Uint8Array, off: number): void;
  /** Counts a frame this frame's link layer encrypts (802.11 protected data): warned once, at the end. */
  protectedFrame(): void;
  /** Decodes data[off, end) as a link layer of this LINKTYPE. */
  link(linktype: number, data: Uint8Array, off: number, end: number): void;
}

/** A decoder for one layer: reads data[off, end) and hands what it carries to the context. */
export type LayerDecoder = (ctx: DecodeContext, data: Uint8Array, off: number, end: number) => void;
