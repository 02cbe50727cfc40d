/**
 * One flow's payload on demand ("Follow stream" in the evidence dialog): the capture is read
 * again through capture -> decode -> FlowTable, the same stages and so the same flow numbering
 * as the analysis, with a sink that keeps only that flow's bytes. Both directions come out
 * interleaved in the order the flow table delivered them (in-order TCP bytes per direction, UDP
 * datagrams), with the holes TCP reassembly could not fill marked as gaps. Bounded: past
 * `maxBytes` the stream is cut and flagged `truncated`.
 */
import { CaptureError } from './capture/index';
import type { Flow, FlowSink, Endpoint } from './flow/index';
import { Pipeline } from './pipeline';
import type { Direction } from './types';
import { abortError, readChunks } from './chunks';
import { KeyLog } from './tls/keylog';
import { TlsHandler } from './protocols/tls/tls';
import { sniffTcp } from './extract/sniff';
import type { KeyedContext } from './protocols/tls/decrypted';
import type { ExtractSink } from './extract/types';

/** Default cap on the payload kept (both directions together). */
export const DEFAULT_STREAM_BYTES = 4 * 1024 * 1024;

export interface FlowStreamOptions {
  /** The flow's id: its index in the report's flows array. */
  flowId: number;
  /** Payload bytes kept at most, both directions together (default 4 MiB). */
  maxBytes?: number;
  /**
   * The flow's last frame (report flow `last_frame`), when known: reading stops after it
   * instead of at the end of the capture.
   */
  lastFrame?: number;
  /** SSLKEYLOGFILE text: with it (or the capture's DSBs) a TLS flow also comes out decrypted. */
  keylog?: string;
  signal?: AbortSignal;
}

/** A run of payload in one direction, or a hole in it. */
export interface StreamSegment {
  /** 'upload': client (the side that opened the flow) to server. */
  direction: Direction;
  /** Frame that delivered (completed) the first of these bytes. */
  frame: number;
  /** Frame that delivered the last of them (same as `frame` for one delivery). */
  lastFrame: number;
  /** Offset in its direction of bytes[0]: stream offset for TCP, datagram bytes so far for UDP. */
  offset: number;
  /** The payload; empty for a gap. */
  bytes: Uint8Array;
  /** Set for a gap (bytes empty, offset where the hole starts): this many bytes of the
   * direction were never captured. */
  gap?: number;
}

export interface FlowStream {
  flowId: number;
  transport: 'tcp' | 'udp';
  client: Endpoint;
  server: Endpoint;
  /** In order of arrival. Consecutive TCP bytes of one direction are merged into one segment. */
  segments: StreamSegment[];
  /** Payload bytes kept, upload then download. */
  bytes: [number, number];
  /** The stream was cut at `maxBytes`: later bytes are not included. */
  truncated: boolean;
  maxBytes: number;
  /**
   * A TLS flow the keys open: its application data decrypted, in the same form (offsets count
   * plaintext bytes; gaps are records that could not be decrypted). Absent otherwise.
   */
  decrypted?: { segments: StreamSegment[]; bytes: [number, number]; truncated: boolean };
}

type ByteStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Reads the capture again and returns one flow's payload; rejects when the flow is not in it.
 * A session of several files (analyzeStreams): all of them, in the order analysed, so the flow
 * numbering is the report's.
 */
export async function extractFlowStream(input: ByteStream | ByteStream[], options: FlowStreamOptions): Promise<FlowStream> {
  const streams = Array.isArray(input) ? input : [input];
  const maxBytes = Math.max(0, options.maxBytes ?? DEFAULT_STREAM_BYTES);
  const collector = new StreamCollector(options.flowId, maxBytes);
  const keys = new KeyLog();
  if (options.keylog) keys.addText(options.keylog);
  const tls = new PlaintextTap(collector, keys, maxBytes);
  let frames = 0;
  let failure: unknown = null;
  const pipeline = new Pipeline({
    flows: tls,
    warn: () => {},
    secrets: (type: number, data: Uint8Array) => keys.addSecretsBlock(type, data),
    frame: (f) => {
      if (collector.done) return false;
      frames = f.number;
      if (options.lastFrame !== undefined && f.number > options.lastFrame && collector.flow) {
        // The flow has no packets after its last frame: flush what its reassembly holds.
        finishFlows();
        return false;
      }
    },
  });
  const finishFlows = () => {
    if (collector.done) return;
    try {
      pipeline.finishFlows();
    } catch (e) {
      failure ??= e;
    }
    collector.done = true;
  };

  for (const [i, stream] of streams.entries()) {
    if (collector.done) break;
    if (i > 0) {
      // The next file of the session: its own reader; a file that failed does not stop the rest.
      failure = null;
      pipeline.nextFile();
    }
    for await (const chunk of readChunks(stream)) {
      if (options.signal?.aborted) throw abortError('stream extraction cancelled');
      try {
        pipeline.push(chunk);
      } catch (e) {
        // Damaged past some point: keep what was read, as the analysis does.
        failure = e;
        break;
      }
      if (collector.done) break;
    }
    if (options.signal?.aborted) throw abortError('stream extraction cancelled');
    if (!collector.done && failure === null) {
      try {
        pipeline.endInput();
      } catch (e) {
        failure = e;
      }
    }
  }
  if (!collector.done) {
    try {
      pipeline.finishDecoding();
    } catch {
      /* fragments left over only warn */
    }
    finishFlows();
  }
  const flow = collector.flow;
  if (!flow) {
    if (failure instanceof CaptureError && frames === 0) throw failure;
    throw new Error(`flow ${options.flowId} is not in this capture (${frames} frames read)`);
  }
  const result = collector.result(flow);
  const plain = tls.result(flow);
  return plain ? { ...result, decrypted: plain } : result;
}

const quietSink: ExtractSink = { emit() {}, scan() {}, identify() {}, app() {}, warning() {} };

/**
 * In front of the collector: the followed flow's bytes also go through a TLS handler holding the
 * key log, whose decrypted application data a second collector keeps. A flow that is not TLS,
 * or whose session the keys do not cover, yields no plaintext.
 */
class PlaintextTap implements FlowSink {
  private handler: TlsHandler | null = null;
  private readonly plain: StreamCollector;

  constructor(
    private readonly raw: StreamCollector,
    private readonly keys: KeyLog,
    maxBytes: number,
  ) {
    this.plain = new StreamCollector(raw.flowId, maxBytes);
  }

  open(flow: Flow): void {
    this.raw.open(flow);
    this.plain.open(flow);
  }

  data(flow: Flow, direction: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    this.raw.data(flow, direction, bytes, offset, frame);
    if (flow.id !== this.raw.flowId || flow.transport !== 'tcp') return;
    this.tlsFor(flow).data(direction, bytes, offset, frame);
  }

  gap(flow: Flow, direction: Direction, length: number, frame: number): void {
    this.raw.gap(flow, direction, length, frame);
    if (flow.id === this.raw.flowId) this.handler?.gap(direction, length, frame);
  }

  close(flow: Flow): void {
    this.raw.close(flow);
  }

  result(flow: Flow): FlowStream['decrypted'] | null {
    const r = this.plain.result(flow);
    return r.bytes[0] + r.bytes[1] > 0 ? { segments: r.segments, bytes: r.bytes, truncated: r.truncated } : null;
  }

  private tlsFor(flow: Flow): TlsHandler {
    // Made at the flow's first bytes even with no keys yet: a DSB later in the file (before the
    // ServerHello) fills the same KeyLog, and the handler must have seen the ClientHello.
    if (!this.handler) {
      const plain = this.plain;
      const ctx: KeyedContext = {
        flow,
        sink: quietSink,
        keys: this.keys,
        redetect: sniffTcp,
        plaintext: {
          data: (dir, bytes, offset, frame) => plain.data(flow, dir, bytes, offset, frame),
          gap: (dir, length, frame) => plain.gap(flow, dir, length, frame),
        },
      };
      this.handler = new TlsHandler(ctx);
    }
    return this.handler;
  }
}

/** A segment while collecting: its bytes as the pieces delivered, joined at the end. */
interface Pending extends Omit<StreamSegment, 'bytes'> {
  parts: Uint8Array[];
  length: number;
}

/** FlowSink that keeps one flow's bytes, bounded. */
class StreamCollector implements FlowSink {
  flow: Flow | null = null;
  /** Nothing more is wanted: the flow closed or the byte cap was reached. */
  done = false;
  private readonly segments: Pending[] = [];
  private readonly kept: [number, number] = [0, 0];
  /** Offset just past the last byte (or gap) seen, per direction. */
  private readonly next: [number, number] = [0, 0];
  private total = 0;
  private truncated = false;

  constructor(
    readonly flowId: number,
    private readonly maxBytes: number,
  ) {}

  open(flow: Flow): void {
    if (flow.id === this.flowId) this.flow = flow;
  }

  data(flow: Flow, direction: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    if (flow.id !== this.flowId || this.done || bytes.length === 0) return;
    const room = this.maxBytes - this.total;
    let take = bytes;
    if (bytes.length > room) {
      take = bytes.subarray(0, room);
      this.truncated = true;
      this.done = true;
      if (take.length === 0) return;
    }
    this.total += take.length;
    const d = direction === 'upload' ? 0 : 1;
    this.kept[d] += take.length;
    this.next[d] = offset + take.length;
    // The flow table's bytes are only valid during the call.
    const copy = take.slice();
    const last = this.segments.at(-1);
    if (flow.transport === 'tcp' && last && last.gap === undefined && last.direction === direction && last.offset + last.length === offset) {
      // Same direction, contiguous: one run, as Wireshark's Follow shows it.
      last.parts.push(copy);
      last.length += copy.length;
      last.lastFrame = frame;
      return;
    }
    this.segments.push({ direction, frame, lastFrame: frame, offset, parts: [copy], length: copy.length });
  }

  gap(flow: Flow, direction: Direction, length: number, frame: number): void {
    if (flow.id !== this.flowId || this.done) return;
    const d = direction === 'upload' ? 0 : 1;
    this.segments.push({ direction, frame, lastFrame: frame, offset: this.next[d], parts: [], length: 0, gap: length });
    this.next[d] += length;
  }

  close(flow: Flow): void {
    if (flow.id === this.flowId) this.done = true;
  }

  result(flow: Flow): FlowStream {
    // One buffer for every segment: a single transfer to the page.
    const all = new Uint8Array(this.total);
    let at = 0;
    const segments: StreamSegment[] = this.segments.map(({ parts, length, ...s }) => {
      const start = at;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return { ...s, bytes: all.subarray(start, start + length) };
    });
    return {
      flowId: flow.id,
      transport: flow.transport,
      client: { ...flow.client },
      server: { ...flow.server },
      segments,
      bytes: [...this.kept],
      truncated: this.truncated,
      maxBytes: this.maxBytes,
    };
  }
}

