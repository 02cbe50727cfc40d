/** Stage 4: dispatches each flow's in-order bytes to a protocol extractor chosen by content. */
import type { Direction } from '../types';
import type { Flow, FlowSink } from '../flow/types';
import type { ExtractSink } from './types';
import type { FlowHandler, HandlerContext } from './handler';
import { isDnsFlow } from './detect';
import { DnsHandler } from '../protocols/dns/dns';
import { H2Sniffer } from '../protocols/http2/http2';
import { isQuicLongHeader, QuicHandler } from '../protocols/quic/quic';
import { RawHandler } from '../protocols/raw/raw';
import { TcpSniffer } from './sniff';
import type { KeyLog } from '../tls/keylog';
import type { KeyedContext } from '../protocols/tls/decrypted';

export type { ExtractSink, DnsRecord, HttpMessage, TlsHello, ScanInput } from './types';

/** UDP flows that are not DNS: QUIC long headers go to QUIC, other datagrams are scanned raw. */
class UdpHandler implements FlowHandler {
  private quic: QuicHandler | null = null;
  private raw: RawHandler | null = null;

  constructor(private readonly ctx: HandlerContext) {}

  data(dir: Direction, d: Uint8Array, offset: number, frame: number): void {
    if (isQuicLongHeader(d) || (this.quic && (d[0] & 0x80) !== 0)) {
      this.quic ??= new QuicHandler(this.ctx);
      this.quic.data(dir, d, offset, frame);
      return;
    }
    // Short-header QUIC packets use keys we never have: nothing readable to scan.
    if (this.quic) return;
    this.raw ??= new RawHandler(this.ctx);
    this.raw.data(dir, d, offset, frame);
  }

  gap(): void {}

  close(): void {
    this.quic?.close();
    this.raw?.close();
  }
}

/** Receives every flow from the flow table and emits DNS, HTTP, TLS/QUIC hellos and scan inputs. */
export class ProtocolExtractor implements FlowSink {
  private flows = new Map<number, { ctx: HandlerContext; handler: FlowHandler }>();

  /** `keys`: TLS secrets (key log file and pcapng DSBs), read when each ServerHello arrives. */
  constructor(private readonly sink: ExtractSink, private readonly keys?: KeyLog) {}

  /** A new flow: DNS is chosen by port, UDP per datagram, TCP by its first bytes. */
  open(flow: Flow): void {
    // The key log rides on the context so TlsHandler, however deep (tunnels), can find it.
    const ctx: KeyedContext = { flow, sink: this.sink, keys: this.keys };
    // TCP: the HTTP/2 prior-knowledge preface (h2c) first, else the usual content sniffing.
    const tcp = () => new H2Sniffer(ctx, () => new TcpSniffer(ctx), false);
    const handler = isDnsFlow(flow) ? new DnsHandler(ctx) : flow.transport === 'udp' ? new UdpHandler(ctx) : tcp();
    this.flows.set(flow.id, { ctx, handler });
  }

  /** Next in-order bytes of one direction. */
  data(flow: Flow, direction: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    const st = this.state(flow);
    try {
      st.handler.data(direction, bytes, offset, frame);
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
    } catch (e) {
      this.fail(st, e, frame);
    }
  }

  /** No more data for this flow: flush what is pending and forget it. */
  close(flow: Flow): void {
    const st = this.flows.get(flow.id);
    if (!st) return;
    try {
      st.handler.close();
    } catch (e) {
      this.fail(st, e);
    }
    this.flows.delete(flow.id);
  }

  private state(flow: Flow): { ctx: HandlerContext; handler: FlowHandler } {
    let st = this.flows.get(flow.id);
    if (!st) {
      // Tolerate a flow table that skipped open().
      this.open(flow);
      st = this.flows.get(flow.id)!;
    }
    st.ctx.flow = flow;
    return st;
  }

  private fail(st: { ctx: HandlerContext; handler: FlowHandler }, e: unknown, frame?: number): void {
    this.sink.warning('extract-error', `flow ${st.ctx.flow.id}: ${e instanceof Error ? e.message : String(e)}`, frame);
    st.handler = new RawHandler(st.ctx);
  }
}
