/**
 * The contract between the dispatcher (extract/) and the protocols (protocols/<name>/): what a
 * protocol declares to be found (ports, a preface, content heuristics) and what its per-flow
 * handler gets and must do. Protocols never import the dispatcher: what they carry inside (an
 * HTTP tunnel, decrypted TLS) they hand back through `ctx.redetect`.
 */
import type { Direction } from '../types';
import type { Flow } from '../flow/types';
import type { ExtractSink, RecordSection } from './types';

/** What every protocol handler gets: the flow it serves and where to emit. */
export interface HandlerContext {
  flow: Flow;
  sink: ExtractSink;
  /**
   * A handler that picks the protocol again from the bytes it is given, as a new TCP flow's
   * first bytes are sniffed: for what a CONNECT/Upgrade tunnel or a decrypted TLS stream
   * carries. `carried`: bytes inside another protocol, where the server may speak first (its
   * HTTP/2 SETTINGS after a 101 Upgrade or inside TLS), so only the client's bytes can rule a
   * preface protocol out.
   */
  redetect(ctx: HandlerContext, carried: boolean): FlowHandler;
}

/** One protocol's parser for one flow; gets in-order bytes per direction and must never throw. */
export interface FlowHandler {
  data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void;
  gap(dir: Direction, length: number, frame: number): void;
  close(): void;
}

/**
 * One protocol, as the registry (protocols/registry.ts) lists it. How a flow is claimed, in the
 * order the dispatcher tries: ports (before any byte, lower port first, as tshark's port tables),
 * then for TCP a fixed preface, then content heuristics in registry order; for UDP a heuristic
 * per datagram. What no protocol claims is scanned raw.
 */
export interface Protocol {
  /** What the protocol is called (the flow's `app` is set by its handler). */
  name: string;
  /** Ports that claim a flow whichever side uses them ("tcp.port" / "udp.port" in Wireshark). */
  ports?: { tcp?: readonly number[]; udp?: readonly number[] };
  /** TCP: bytes a flow starts with in either direction (HTTP/2's prior-knowledge preface). */
  preface?: Uint8Array;
  /** TCP: does a stream starting with these bytes (one direction, up to DETECT_LIMIT) carry it? */
  detectTcp?(first: Uint8Array): boolean | 'more';
  /** UDP: does this datagram start the protocol? From it on, the flow's datagrams are its own. */
  detectUdp?(datagram: Uint8Array): boolean;
  /** The handler for one flow; `dir`: the direction whose bytes claimed it. */
  create(ctx: HandlerContext, dir: Direction): FlowHandler;
  /** Report sections of the records its handlers emit (see extract/types.ts RecordSection). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  records?: readonly RecordSection<any, any>[];
}

/** Index 0 for upload, 1 for download: per-direction state arrays use it. */
export function dirIndex(d: Direction): 0 | 1 {
  return d === 'upload' ? 0 : 1;
}

/** The opposite direction. */
export function otherDir(d: Direction): Direction {
  return d === 'upload' ? 'download' : 'upload';
}
