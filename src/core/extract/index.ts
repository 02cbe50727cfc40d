/**
 * Stage 4: dispatches each flow's in-order bytes to the protocol the registry
 * (protocols/registry.ts) says it carries — by port first, then for TCP by its first bytes
 * (sniff.ts) and for UDP per datagram (udp.ts); raw otherwise.
 */
import type { Direction } from '../types';
import type { Flow, FlowSink } from '../flow/types';
import type { ExtractSink } from './types';
import type { FlowHandler, HandlerContext, Protocol } from './handler';
import { decided, sniffTcp } from './sniff';
import { UdpDispatcher } from './udp';
import { FALLBACK, PROTOCOLS } from '../protocols/registry';
import type { KeyLog } from '../tls/keylog';
import type { KeyedContext } from '../protocols/tls/decrypted';
import type { CaptureExchange } from '../capture/types';
import { extractExchange } from './exchange';

export type { ExtractSink, ScanInput } from './types';

/** Port tables built once from the registry: the first protocol listing a port owns it. */
function portTable(transport: 'tcp' | 'udp'): Map<number, Protocol> {
  const table = new Map<number, Protocol>();
  for (const p of PROTOCOLS) for (const port of p.ports?.[transport] ?? []) if (!table.has(port)) table.set(port, p);
  return table;
}
const PORTS = { tcp: portTable('tcp'), udp: portTable('udp') };

/** The protocol a flow's ports name, trying the lower port first as tshark does. */
function byPort(flow: Flow): Protocol | undefined {
  const table = PORTS[flow.transport];
  const a = flow.client.port;
  const b = flow.server.port;
  return table.get(Math.min(a, b)) ?? table.get(Math.max(a, b));
}

const redetect = (ctx: HandlerContext, carried: boolean) => sniffTcp(ctx, carried);

/** Receives every flow from the flow table and emits records and scan inputs through the sink. */
/** What the extractor keeps per open flow, on Flow.sinkState. */
interface FlowState {
  ctx: HandlerContext;
  handler: FlowHandler;
}

export class ProtocolExtractor implements FlowSink {

  /** `keys`: TLS secrets (key log file and pcapng DSBs), read when each ServerHello arrives. */
  constructor(private readonly sink: ExtractSink, private readonly keys?: KeyLog) {}

  open(flow: Flow): void {
    // The key log rides on the context so the TLS handler, however deep (tunnels), can find it.
    const ctx: KeyedContext = { flow, sink: this.sink, keys: this.keys, redetect };
    const claimed = byPort(flow);
    const handler = claimed ? claimed.create(ctx, 'upload') : flow.transport === 'udp' ? new UdpDispatcher(ctx) : sniffTcp(ctx, false);
    const st: FlowState = { ctx, handler };
    flow.sinkState = st;
  }

  /** A whole message-level flow (HAR entry, mitmproxy flow): no handler, no framing. */
  exchange(flow: Flow, x: CaptureExchange): void {
    try {
      extractExchange(this.sink, flow, x);
    } catch (e) {
      this.sink.warning('extract-error', `flow ${flow.id}: ${e instanceof Error ? e.message : String(e)}`, x.number);
    }
  }

  /** Next in-order bytes of one direction. */
  data(flow: Flow, direction: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    const st = this.state(flow);
    try {
      st.handler.data(direction, bytes, offset, frame);
      st.handler = decided(st.handler);
    } catch (e) {
      // Handlers are written not to throw; this keeps one bad flow from stopping the capture.
      this.fail(st, e, frame);
    }
  }

  /** Bytes missing from a TCP direction. */
  gap(flow: Flow, direction: Direction, length: number, frame: number): void {
    const st = this.state(flow);
    try {
      st.handler.gap(direction, length, frame);
      st.handler = decided(st.handler);
    } catch (e) {
      this.fail(st, e, frame);
    }
  }

  /** No more data for this flow: flush what is pending and forget it. */
  close(flow: Flow): void {
    const st = flow.sinkState as FlowState | undefined;
    if (!st) return;
    try {
      st.handler.close();
    } catch (e) {
      this.fail(st, e);
    }
    flow.sinkState = undefined;
  }

  private state(flow: Flow): FlowState {
    if (flow.sinkState === undefined) {
      // Tolerate a flow table that skipped open().
      this.open(flow);
    }
    const st = flow.sinkState as FlowState;
    st.ctx.flow = flow;
    return st;
  }

  private fail(st: FlowState, e: unknown, frame?: number): void {
    this.sink.warning('extract-error', `flow ${st.ctx.flow.id}: ${e instanceof Error ? e.message : String(e)}`, frame);
    st.handler = FALLBACK.create(st.ctx, 'upload');
  }
}
