import type { Direction } from '../types';
import type { CaptureExchange } from '../capture/types';

export interface Endpoint {
  ip: string;
  port: number;
}

/** One TCP connection (numbered as tshark's tcp.stream) or UDP conversation (udp.stream). */
export interface Flow {
  /** Index in the report's flows array (TCP and UDP share one numbering, in order of first packet). */
  id: number;
  transport: 'tcp' | 'udp';
  /** Side that opened it: sender of the SYN, else first sender. */
  client: Endpoint;
  server: Endpoint;
  packets: number;
  bytes: number;
  firstFrame: number;
  lastFrame: number;
  firstTime: number;
  lastTime: number;
  /** Payload bytes seen per direction (after reassembly), upload then download. */
  payloadBytes: [number, number];
  /** Link-layer source MAC first seen from each side (Packet.srcMac). */
  clientMac?: string;
  serverMac?: string;
  /** Outer IP source of the flow's first tunnelled packet (Packet.outerSrc). */
  via?: string;
  /** The app of its first packet that names one (Packet.app; AppTable index). */
  app?: number;
  /** Its own first HTTP Host or TLS SNI (set by the analysis): names it when its records are not kept or it is folded. */
  host?: string;
  /** The protocol the extractor detected (set by the analysis while the flow is live: a map by id grew with every flow). */
  protocol?: { app: string; encrypted: boolean };
  /**
   * The FlowSink's own state for this flow, from its open to its close (extract/index.ts: the
   * context and handler), so the sink keeps no map by id (issue 15: a set, gets and a delete per
   * flow). Only the one sink a flow table feeds uses it; never in a report.
   */
  sinkState?: unknown;
}

/** Receives in-order payload from the flow table. */
export interface FlowSink {
  /**
   * A flow begins for the sink: a UDP flow at its first datagram, a TCP flow at its first byte
   * or gap delivered, or just before its close if it carried none (the sink's per-flow state is
   * not made on the SYN; issue 15). Always before any data, gap or close of the flow.
   */
  open(flow: Flow): void;
  /**
   * Next in-order bytes of one direction. For TCP: reassembled stream bytes, `offset` is the
   * stream offset of bytes[0]; for UDP: one datagram, offset counts datagram bytes so far.
   * `frame` is the frame that delivered (completed) these bytes.
   */
  data(flow: Flow, direction: Direction, bytes: Uint8Array, offset: number, frame: number): void;
  /** Bytes missing from a TCP direction (never captured); the stream continues after it. */
  gap(flow: Flow, direction: Direction, length: number, frame: number): void;
  /** The flow will get no more data (FIN/RST both ways, or end of capture). */
  close(flow: Flow): void;
  /**
   * A message-level record (HAR entry, mitmproxy flow) that is this whole flow: it takes the
   * place of open, data and close. A sink without it (flowStream.ts follows bytes) sees the
   * flow opened and closed with no data.
   */
  exchange?(flow: Flow, x: CaptureExchange): void;
}
