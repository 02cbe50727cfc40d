import type { Packet } from '../decode/types';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../decode/types';
import type { Direction } from '../types';
import type { Warn } from '../warnings';
import { packetFlowKey } from './flowKey';
import { DEFAULT_REASSEMBLY_LIMITS, TcpReassembler, type ReassemblyLimits, type StreamOutput } from './tcpReassembler';
import type { Flow, FlowSink } from './types';
import type { CaptureExchange } from '../capture/types';
import { FlowLedger } from './flowLedger';
import { RecencyList } from './recencyList';

/**
 * Connections the table holds at once (open, or closed and kept for tshark's port-reuse rule).
 * Past it the least recently active one is ended (flushed, closed, handed to the ledger): a
 * live tiny flow with its HTTP record holds ~2.8 KB (DESIGN.md, issue 15: 4.4 KB before its
 * state was made lazily), so 10,000 is ~30 MB. 2,000 saved ~40 MiB of RSS at 1M tiny flows but
 * the corpus (at most 155 flows a capture) cannot show what it would split. No idle timeout of
 * capture time: tshark never ends a stream, and push connections sit idle for half an hour
 * between heartbeats.
 */
export const MAX_LIVE_FLOWS = 10_000;

/** Out-of-order bytes held over all TCP flows; past this the fullest flow gives up its holes. */
export const MAX_TOTAL_BUFFERED = 256 * 1024 * 1024;

const UPLOAD = 0;
const DOWNLOAD = 1;
const DIRECTIONS: readonly Direction[] = ['upload', 'download'];

/**
 * One TCP connection. What it holds is made when first needed (issue 15: 1M tiny flows, each
 * a SYN and one request, 10,000 of them live at once): a direction's reassembler at its first
 * segment, the sink's state (sink.open: the extractor's sniffer or handler) at the first byte or
 * gap delivered, or at close for a flow that never carried any.
 */
class TcpConn {
  /**
   * tshark's per-direction base sequence (tcpd->fwd->base_seq and TCP_S_BASE_SEQ_SET), upload
   * then download; -1 while unset. Kept after close: it decides whether a later SYN is a new stream.
   */
  baseUp = -1;
  baseDown = -1;
  /** Per-direction reassembly: null until the direction's first segment, and again once closed (buffers released). */
  up: TcpReassembler | null = null;
  down: TcpReassembler | null = null;
  closed = false;
  /** sink.open(flow) was called. */
  opened = false;
  /** FIN-ACK or RST seen in either direction (tshark's completeness bits; informational). */
  rst = false;
  /** Neighbours in the table's recency list. */
  older: TcpConn | null = null;
  newer: TcpConn | null = null;

  constructor(
    readonly flow: Flow,
    readonly key: string,
  ) {}

  get buffered(): number {
    return (this.up ? this.up.buffered : 0) + (this.down ? this.down.buffered : 0);
  }
}

interface UdpConv {
  flow: Flow;
  key: string;
  sent: [number, number];
  older: UdpConv | null;
  newer: UdpConv | null;
}

/**
 * Stage 3: packets -> flows. TCP flows are numbered as tshark 4.0 numbers tcp.stream and UDP
 * flows as udp.stream, in one shared sequence (the report has one flows array).
 *
 * tshark's rule, from epan/dissectors/packet-tcp.c (4.0, dissect_tcp): the conversation for a
 * 4-tuple is the latest one created for it. A pure SYN (SYN without ACK) starts a new one
 * only when that direction's base sequence is already set and differs from the SYN's
 * sequence number (a retransmitted SYN keeps the stream). The base sequence of a direction
 * is set by the first analysed segment in it (its seq for a SYN, else seq-1), and the other
 * direction's is set from the first ACK number (ack-1). Segments tshark does not analyse
 * (unreassembled first fragments, short headers) count for the stream but set nothing.
 * A SYN-ACK never starts a stream. UDP: one stream per address/port pair, both directions.
 */
export class FlowTable {
  /** Every flow numbered so far; the ledger decides which the report lists. */
  readonly ledger: FlowLedger;
  private nextId = 0;
  /** Live connections ended to make room, for the warning. */
  private evicted = 0;
  private readonly tcp = new Map<string, TcpConn>();
  private readonly udp = new Map<string, UdpConv>();
  /** The maps' entries in order of last activity (a packet moves its entry to the newest end). */
  private readonly tcpRecency = new RecencyList<TcpConn>();
  private readonly udpRecency = new RecencyList<UdpConv>();
  /** Open connections holding out-of-order bytes, and the total they hold. */
  private readonly buffering = new Set<TcpConn>();
  private buffered = 0;

  constructor(
    private readonly sink: FlowSink,
    private readonly warn: Warn,
    private readonly limits: ReassemblyLimits = DEFAULT_REASSEMBLY_LIMITS,
    ledger?: FlowLedger,
    private readonly maxLive: number = MAX_LIVE_FLOWS,
  ) {
    this.ledger = ledger ?? new FlowLedger(Infinity);
  }

  /** The flows the ledger holds, by id (every flow with the default, unbounded ledger). */
  get flows(): Flow[] {
    const { flows, unlisted } = this.ledger.listed();
    return unlisted.length === 0 ? flows : [...flows, ...unlisted].sort((a, b) => a.id - b.id);
  }

  /** Adds one decoded packet (its payload is only read during the call). */
  add(p: Packet): void {
    if (p.transport === 'tcp') this.addTcp(p);
    else this.addUdp(p);
  }

  /**
   * One message-level record as one whole flow (no reassembly: the file holds messages): handed to the
   * sink's `exchange` whole (a sink without one sees it opened and closed, with no data). Its packets are its messages, its bytes their lengths.
   */
  addExchange(x: CaptureExchange, app: number | undefined): void {
    const flow: Flow = {
      id: this.nextId++,
      transport: x.transport,
      client: { ...x.client },
      server: { ...x.server },
      packets: x.messages.length,
      bytes: 0,
      firstFrame: x.number,
      lastFrame: x.number,
      firstTime: x.time,
      lastTime: x.time,
      payloadBytes: [0, 0],
      // Made with the field the sink sets at open: one hidden class for every flow.
      sinkState: undefined,
    };
    if (app !== undefined) flow.app = app;
    for (const m of x.messages) {
      const n = m.kind === 'data' ? m.bytes.length : m.body.length;
      flow.payloadBytes[m.kind === 'data' ? (m.direction === 'upload' ? UPLOAD : DOWNLOAD) : m.kind === 'request' ? UPLOAD : DOWNLOAD] += n;
      flow.bytes += n;
    }
    this.ledger.open(flow);
    if (this.sink.exchange) this.sink.exchange(flow, x);
    else {
      this.sink.open(flow);
      this.sink.close(flow);
    }
    this.ledger.retire(flow);
  }

  /** End of capture: flushes every open TCP direction (reporting gaps) and closes all flows. */
  finish(): void {
    for (let c = this.tcpRecency.oldest; c; c = c.newer) {
      this.closeTcp(c, c.flow.lastFrame);
      this.ledger.retire(c.flow);
    }
    for (let u = this.udpRecency.oldest; u; u = u.newer) {
      this.sink.close(u.flow);
      this.ledger.retire(u.flow);
    }
    this.tcp.clear();
    this.udp.clear();
    this.tcpRecency.clear();
    this.udpRecency.clear();
    if (this.evicted > 0) {
      this.warn('flow-table-limit', `${this.evicted} flows were ended while still open, least recently active first, to keep at most ${this.maxLive} connections at once; a later packet of one of them starts a new flow`);
    }
  }

  /**
   * Past maxLive + 1/8, ends the least recently active connections down to maxLive, in one pass
   * per eighth, not per flow: the TCP and UDP recency lists merged by last frame (TCP first).
   */
  private makeRoom(frame: number): void {
    let n = this.tcp.size + this.udp.size;
    if (n <= this.maxLive + (this.maxLive >> 3)) return;
    let t = this.tcpRecency.oldest;
    let u = this.udpRecency.oldest;
    const endTcp: TcpConn[] = [];
    const endUdp: UdpConv[] = [];
    while (n > this.maxLive && (t || u)) {
      if (t && (!u || t.flow.lastFrame <= u.flow.lastFrame)) {
        endTcp.push(t);
        t = t.newer;
      } else if (u) {
        endUdp.push(u);
        u = u.newer;
      }
      n--;
    }
    for (const c of endTcp) {
      this.tcp.delete(c.key);
      this.tcpRecency.remove(c);
      if (!c.closed) this.evicted++;
      this.closeTcp(c, frame);
      this.ledger.retire(c.flow);
    }
    for (const conv of endUdp) {
      this.udp.delete(conv.key);
      this.udpRecency.remove(conv);
      this.evicted++;
      this.sink.close(conv.flow);
      this.ledger.retire(conv.flow);
    }
  }

  /** A new flow, in the ledger; UDP flows are opened in the sink at once, TCP flows at their first data (TcpConn). */
  private newFlow(p: Packet, transport: 'tcp' | 'udp', clientIsSrc: boolean): Flow {
    const src = { ip: p.src, port: p.srcPort };
    const dst = { ip: p.dst, port: p.dstPort };
    const flow: Flow = {
      id: this.nextId++,
      transport,
      client: clientIsSrc ? src : dst,
      server: clientIsSrc ? dst : src,
      packets: 0,
      bytes: 0,
      firstFrame: p.frame,
      lastFrame: p.frame,
      firstTime: p.time,
      lastTime: p.time,
      payloadBytes: [0, 0],
      // Made with the field the sink sets at open: one hidden class for every flow.
      sinkState: undefined,
    };
    this.ledger.open(flow);
    if (transport === 'udp') this.sink.open(flow);
    return flow;
  }

  private count(flow: Flow, p: Packet): void {
    flow.packets++;
    // Wire bytes once per frame: only the outermost packet carries the frame length.
    if (p.outermost) flow.bytes += p.wireLength;
    flow.lastFrame = p.frame;
    if (p.app !== undefined) flow.app ??= p.app;
    if (p.srcMac !== undefined && (flow.clientMac === undefined || flow.serverMac === undefined)) {
      if (isClient(flow, p)) flow.clientMac ??= p.srcMac;
      else flow.serverMac ??= p.srcMac;
    }
    if (p.outerSrc !== undefined && flow.via === undefined) flow.via = p.outerSrc;
    if (p.time === p.time) {
      flow.lastTime = p.time;
      if (!(flow.firstTime === flow.firstTime)) flow.firstTime = p.time;
    }
  }

  private addUdp(p: Packet): void {
    const key = packetFlowKey(p);
    let u = this.udp.get(key);
    if (!u) {
      u = { flow: this.newFlow(p, 'udp', true), key, sent: [0, 0], older: null, newer: null };
      this.udp.set(key, u);
      this.udpRecency.push(u);
      this.makeRoom(p.frame);
    } else this.udpRecency.touch(u);
    const flow = u.flow;
    this.count(flow, p);
    if (p.partial) return;
    const dir = isClient(flow, p) ? UPLOAD : DOWNLOAD;
    if (p.payload.length > 0) {
      const at = u.sent[dir];
      u.sent[dir] += p.payload.length;
      flow.payloadBytes[dir] += p.payload.length;
      this.sink.data(flow, DIRECTIONS[dir], p.payload, at, p.frame);
    }
  }

  private addTcp(p: Packet): void {
    const h = p.tcp;
    if (!h) return;
    const key = packetFlowKey(p);
    const syn = (h.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
    let c = this.tcp.get(key);
    if (!c) {
      c = this.newTcp(p, key);
      this.makeRoom(p.frame);
    } else {
      this.tcpRecency.touch(c);
      if (syn) {
        const base = isClient(c.flow, p) ? c.baseUp : c.baseDown;
        if (base >= 0 && base !== h.seq) {
          // Port reuse: new connection on the same 4-tuple (tshark sets TCP_A_REUSED_PORTS).
          this.closeTcp(c, p.frame);
          this.ledger.retire(c.flow);
          this.tcpRecency.remove(c);
          c = this.newTcp(p, key);
        }
      }
    }
    const flow = c.flow;
    this.count(flow, p);
    if (p.partial) return;
    const up = isClient(flow, p);
    if ((up ? c.baseUp : c.baseDown) < 0) {
      const base = h.flags & TCP_SYN ? h.seq : (h.seq + 4294967295) % 4294967296;
      if (up) c.baseUp = base;
      else c.baseDown = base;
    }
    if (h.flags & TCP_ACK && (up ? c.baseDown : c.baseUp) < 0) {
      const base = (h.ack + 4294967295) % 4294967296;
      if (up) c.baseDown = base;
      else c.baseUp = base;
    }
    if (c.closed) return; // the packet counts, its data is not delivered
    const before = this.buffered > 0 ? c.buffered : 0;
    // A direction's reassembler at its first segment; an acknowledgment alone does nothing to a
    // direction that sent none (a reassembler not started ignores it).
    const r = up ? (c.up ??= this.reassembler(c, UPLOAD)) : (c.down ??= this.reassembler(c, DOWNLOAD));
    r.segment(h.seq, p.payload, p.truncated ?? 0, (h.flags & TCP_SYN) !== 0, (h.flags & TCP_FIN) !== 0, p.frame);
    if (h.flags & TCP_ACK) (up ? c.down : c.up)?.ack(h.ack, p.frame);
    const after = r.buffered > 0 || before > 0 ? c.buffered : 0;
    if (after !== before) {
      this.buffered += after - before;
      if (after > 0) this.buffering.add(c);
      else this.buffering.delete(c);
      if (this.buffered > MAX_TOTAL_BUFFERED) this.shed(p.frame);
    }
    // A RST does not end delivery: tshark dissects data sent after one (evasion captures do
    // exactly that), so a reset flow closes with both FINs, reuse of its 4-tuple, or the end.
    if (h.flags & TCP_RST) c.rst = true;
    if (c.up?.finished && c.down?.finished) this.closeTcp(c, p.frame);
  }

  private newTcp(p: Packet, key: string): TcpConn {
    const flags = p.tcp ? p.tcp.flags : 0;
    // Client = SYN sender; a SYN-ACK seen first means the receiver is the client.
    const clientIsSrc = (flags & (TCP_SYN | TCP_ACK)) !== (TCP_SYN | TCP_ACK);
    const c = new TcpConn(this.newFlow(p, 'tcp', clientIsSrc), key);
    this.tcp.set(key, c);
    this.tcpRecency.push(c);
    return c;
  }

  private reassembler(c: TcpConn, dir: number): TcpReassembler {
    return new TcpReassembler(new DirectionOutput(this.sink, this.warn, c, dir), this.limits);
  }

  // Global memory bound: the flow holding the most out-of-order bytes reports its holes as
  // gaps and delivers what it held (it stays open). Rare, so a linear scan is fine.
  private shed(frame: number): void {
    let worst: TcpConn | null = null;
    let most = 0;
    for (const c of this.buffering) {
      const n = c.closed ? 0 : c.buffered;
      if (n > most) {
        most = n;
        worst = c;
      }
    }
    if (!worst || worst.closed) return;
    this.warn('tcp-buffer-limit', `Flow ${worst.flow.id}: reassembly memory limit reached; holes reported as gaps`, frame);
    const why = `more than ${MAX_TOTAL_BUFFERED} bytes held out of order over all flows`;
    worst.up?.flush(frame, why);
    worst.down?.flush(frame, why);
    this.buffered -= most;
    this.buffering.delete(worst);
  }

  private closeTcp(c: TcpConn, frame: number): void {
    if (c.closed) return;
    const held = c.buffered;
    c.up?.flush(frame);
    c.down?.flush(frame);
    if (held > 0) {
      this.buffered -= held;
      this.buffering.delete(c);
    }
    c.closed = true;
    c.up = c.down = null;
    // A flow that never delivered a byte or gap is opened here, so the sink sees every flow.
    if (!c.opened) openTcp(this.sink, c);
    this.sink.close(c.flow);
  }
}

// Upload when the packet comes from the flow's client endpoint.
/**
 * One TCP direction's reassembled bytes into the sink: one small object per direction instead
 * of an object literal with three closures over a context (~200 B per direction, and every live
 * connection holds two; issue 15).
 */
class DirectionOutput implements StreamOutput {
  constructor(
    private readonly sink: FlowSink,
    private readonly warn: Warn,
    private readonly conn: TcpConn,
    private readonly dir: number,
  ) {}

  data(bytes: Uint8Array, offset: number, frame: number): void {
    const c = this.conn;
    if (!c.opened) openTcp(this.sink, c);
    c.flow.payloadBytes[this.dir] += bytes.length;
    this.sink.data(c.flow, DIRECTIONS[this.dir], bytes, offset, frame);
  }

  gap(length: number, frame: number): void {
    const c = this.conn;
    if (!c.opened) openTcp(this.sink, c);
    this.sink.gap(c.flow, DIRECTIONS[this.dir], length, frame);
  }

  dropped(message: string, frame: number): void {
    this.warn('tcp-dropped', `Flow ${this.conn.flow.id} ${DIRECTIONS[this.dir]}: ${message}`, frame);
  }
}

/** The sink's state for a TCP flow, made at its first byte or gap (or at close): not on the SYN. */
function openTcp(sink: FlowSink, c: TcpConn): void {
  c.opened = true;
  sink.open(c.flow);
}

function isClient(flow: Flow, p: Packet): boolean {
  return p.srcPort === flow.client.port && p.src === flow.client.ip;
}
