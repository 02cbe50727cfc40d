/**
 * Which flows the report lists (issue 15): memory bounded however many flows a capture holds.
 *
 * The flow table hands each flow over once it lets it go (closed and pushed out of its live
 * set, or at the end), after every input of the flow went to the scanner. Retired flows wait
 * in a queue until the scanner has answered for the inputs it had taken when they retired
 * (scan workers answer batches later; the inline scanner at once), then each is decided: a
 * flow with a finding is kept whole; the others compete for the `bound` listed places by
 * bytes (a min-heap); a flow that loses is folded into its host's aggregate (Flow.host: its own
 * HTTP Host or TLS SNI, else the server address). Folded flows still count for the device
 * under test (per client address).
 */
import type { Flow } from './types';
import type { FoldedFlows } from '../report/types';

export type { FoldedFlows };

/** Flows the report lists at most (besides flows with a finding). */
export const DEFAULT_FLOW_BOUND = 5_000;
/**
 * How far a scanner has answered, counted in the inputs given to it. A flow retired when
 * `taken` was t is decided once `answered` reaches t: then its findings are all in. The queue
 * of waiting flows is as long as the scanner's backlog, which the scan pool bounds (its
 * in-flight batches, and inline runs of at most INLINE_RUN_INPUTS inputs). Issue 15: a fixed
 * wait of 50,000 flows instead cost ~45 MB of RSS and ~12 % CPU on 300k tiny flows.
 */
export interface ScanProgress {
  readonly taken: number;
  readonly answered: number;
}

/** A scanner that has answered for an input when scan() returns (the inline one). */
const ANSWERS_AT_ONCE: ScanProgress = { taken: 0, answered: 0 };
/** Per-host aggregates kept; the rest add up in one '(other hosts)' entry. */
export const MAX_FOLDED_HOSTS = 1_000;
/** Client addresses counted for the device under test; later ones are not (they cannot be the busiest opener). */
const MAX_OPENERS = 100_000;

export type FoldedHost = FoldedFlows['by_host'][number];

export const OTHER_HOSTS = '(other hosts)';

export class FlowLedger {
  /** Flows the table holds, by id. */
  private readonly live = new Map<number, Flow>();
  private pending: Flow[] = [];
  /** Per waiting flow, the scanner's `taken` when it retired. */
  private stamps: number[] = [];
  private pendingHead = 0;
  private progress: ScanProgress = ANSWERS_AT_ONCE;
  private readonly kept = new Map<number, Flow>();
  /** Min-heap by bytes of decided flows without a finding. */
  private readonly heap: Flow[] = [];
  private readonly hosts = new Map<string, FoldedHost>();
  private readonly other: FoldedHost = { host: OTHER_HOSTS, count: 0, bytes: 0, packets: 0 };
  readonly folded: Omit<FoldedFlows, 'by_host'> = { count: 0, bytes: 0, packets: 0, upload_bytes: 0, download_bytes: 0 };
  /** Folded flows' clients: address -> [flows opened, flows opened to unicast servers]. */
  readonly foldedOpeners = new Map<string, { opened: number; unicast: number; clientMac?: string}>();
  /** Flows numbered so far. */
  total = 0;

  /**
   * `hasFinding(id)`: whether the flow has a finding so far (asked when a flow is decided);
   * `unicast(ip)`: whether an address is unicast (for the folded openers' counts).
   */
  constructor(
    readonly bound: number = DEFAULT_FLOW_BOUND,
    private hasFinding: (id: number) => boolean = () => false,
    private readonly unicast: (ip: string) => boolean = () => true,
  ) {}

  setFindingTest(test: (id: number) => boolean): void {
    this.hasFinding = test;
  }

  /** A new flow (ids are given in order). */
  open(flow: Flow): void {
    this.total++;
    this.live.set(flow.id, flow);
  }

  /** The scanner retired flows wait for (scan workers); without one they are decided as they retire. */
  setProgress(progress: ScanProgress): void {
    this.progress = progress;
  }

  /** The table let the flow go: it waits for the scanner, then is decided. */
  retire(flow: Flow): void {
    if (!this.live.delete(flow.id)) return;
    const stamp = this.progress.taken;
    const answered = this.progress.answered;
    if (this.pending.length === this.pendingHead && answered >= stamp) return this.decideOne(flow);
    this.pending.push(flow);
    this.stamps.push(stamp);
    let n = 0;
    while (this.pendingHead + n < this.pending.length && this.stamps[this.pendingHead + n] <= answered) n++;
    if (n > 0) this.decide(n);
  }

  /** Decides every waiting flow (after the scanner settled). */
  settle(): void {
    this.decide(Infinity);
  }

  /** A live flow by id (records name their flow while it is live). */
  get(id: number): Flow | undefined {
    return this.live.get(id);
  }

  /**
   * The flows to list, by id: kept flows (with a finding), then the largest of the rest up to
   * the bound; `unlisted` are the others not folded yet (folded in the report's aggregate).
   * Mid-capture the live and waiting flows compete as well, so a partial report is bounded too.
   */
  listed(): { flows: Flow[]; unlisted: Flow[] } {
    const kept = [...this.kept.values()];
    let rest: Flow[] = [...this.live.values(), ...this.pending.slice(this.pendingHead), ...this.heap];
    let unlisted: Flow[] = [];
    const room = Math.max(0, this.bound - kept.length);
    if (rest.length > room) {
      rest.sort((a, b) => b.bytes - a.bytes || a.id - b.id);
      unlisted = rest.slice(room);
      rest = rest.slice(0, room);
    }
    return { flows: [...kept, ...rest].sort((a, b) => a.id - b.id), unlisted };
  }

  /** Folded flows' totals and hosts, with `unlisted` added (null when there are none). */
  foldedFlows(unlisted: readonly Flow[]): FoldedFlows | null {
    if (this.folded.count === 0 && unlisted.length === 0) return null;
    const totals = { ...this.folded };
    const hosts = new Map([...this.hosts].map(([k, v]) => [k, { ...v }]));
    const other = { ...this.other };
    for (const f of unlisted) this.add(totals, hosts, other, f);
    const by_host = [...hosts.values()].sort((a, b) => b.bytes - a.bytes || (a.host < b.host ? -1 : 1));
    if (other.count > 0) by_host.push(other);
    return { ...totals, by_host };
  }

  /** Per client address, the folded flows it opened and how many to unicast servers (`unlisted` added). */
  openers(unlisted: readonly Flow[]): Map<string, { opened: number; unicast: number; clientMac?: string }> {
    if (unlisted.length === 0) return this.foldedOpeners;
    const out = new Map([...this.foldedOpeners].map(([k, v]) => [k, { ...v }]));
    for (const f of unlisted) this.countOpener(out, f);
    return out;
  }

  private decide(count: number): void {
    const end = Math.min(this.pending.length, this.pendingHead + count);
    for (let i = this.pendingHead; i < end; i++) this.decideOne(this.pending[i]);
    this.pendingHead = end;
    if (this.pendingHead > 4096 && this.pendingHead * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.pendingHead);
      this.stamps = this.stamps.slice(this.pendingHead);
      this.pendingHead = 0;
    }
  }

  private decideOne(f: Flow): void {
    if (this.hasFinding(f.id)) {
      this.kept.set(f.id, f);
      return;
    }
    this.push(f);
    if (this.heap.length > this.bound) this.fold(this.pop()!);
  }

  private fold(f: Flow): void {
    this.add(this.folded, this.hosts, this.other, f);
    this.countOpener(this.foldedOpeners, f);
  }

  private countOpener(openers: Map<string, { opened: number; unicast: number; clientMac?: string }>, f: Flow): void {
    const ip = f.client.ip;
    let o = openers.get(ip);
    if (!o && openers.size < MAX_OPENERS) openers.set(ip, (o = { opened: 0, unicast: 0 }));
    if (o) {
      o.opened++;
      if (this.unicast(f.server.ip)) o.unicast++;
      if (f.clientMac) o.clientMac ??= f.clientMac;
    }
  }

  private add(totals: Omit<FoldedFlows, 'by_host'>, hosts: Map<string, FoldedHost>, other: FoldedHost, f: Flow): void {
    totals.count++;
    totals.bytes += f.bytes;
    totals.packets += f.packets;
    totals.upload_bytes += f.payloadBytes[0];
    totals.download_bytes += f.payloadBytes[1];
    const name = f.host ?? f.server.ip;
    let h = hosts.get(name);
    if (!h && hosts.size < MAX_FOLDED_HOSTS) hosts.set(name, (h = { host: name, count: 0, bytes: 0, packets: 0 }));
    h ??= other;
    h.count++;
    h.bytes += f.bytes;
    h.packets += f.packets;
  }

  private push(f: Flow): void {
    const h = this.heap;
    h.push(f);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].bytes <= h[i].bytes) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }

  private pop(): Flow | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].bytes < h[m].bytes) m = l;
        if (r < h.length && h[r].bytes < h[m].bytes) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
