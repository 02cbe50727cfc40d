/** DNS message parsing (RFC 1035) and the DNS flow handler (UDP datagrams, TCP length-prefixed). */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex } from '../../extract/handler';
import { concat, ipv4ToString, ipv6ToString, latin1, Reader, textOf, u16, u32 } from '../../bytes';

const TYPE_NAMES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA',
  33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY',
  64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 251: 'IXFR', 252: 'AXFR', 255: 'ANY', 257: 'CAA',
};

/** Record type mnemonic, or 'TYPE<n>' for unknown numbers (RFC 3597 style). */
export function dnsTypeName(t: number): string {
  return TYPE_NAMES[t] ?? `TYPE${t}`;
}

export interface DnsQuestion {
  name: string;
  type: number;
}

export interface DnsAnswer {
  name: string;
  type: number;
  /** Address text for A/AAAA, target name for CNAME, null otherwise. */
  data: string | null;
}

export interface DnsMessage {
  id: number;
  response: boolean;
  questions: DnsQuestion[];
  answers: DnsAnswer[];
  /** Set when a section ended early or a name was damaged; what was read is still returned. */
  damaged: string | null;
}

/** Longest name we accept (RFC 1035 limits names to 255 octets). */
const MAX_NAME = 255;

/**
 * Reads a possibly-compressed name at `pos` as its labels' raw bytes (subarrays of `msg`), and
 * the position after it in the original record. Pointer loops are cut by a jump budget. mDNS
 * and LLMNR read names this way: their labels are UTF-8 and keep their case ("Luca’s iMac").
 */
export function readLabels(msg: Uint8Array, pos: number): { labels: Uint8Array[]; next: number; error: string | null } {
  const labels: Uint8Array[] = [];
  let next = -1;
  let p = pos;
  let jumps = 0;
  let total = 0;
  for (;;) {
    if (p >= msg.length) return { labels, next: next < 0 ? msg.length : next, error: 'name runs past the message' };
    const len = msg[p];
    if (len === 0) {
      if (next < 0) next = p + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= msg.length) return { labels, next: msg.length, error: 'truncated compression pointer' };
      const target = ((len & 0x3f) << 8) | msg[p + 1];
      if (next < 0) next = p + 2;
      // A name has at most 127 labels, so more jumps than that can only be a loop.
      if (++jumps > 127) return { labels, next, error: 'compression pointer loop' };
      p = target;
      continue;
    }
    if ((len & 0xc0) !== 0) return { labels, next: next < 0 ? msg.length : next, error: 'unsupported label type' };
    if (p + 1 + len > msg.length) return { labels, next: msg.length, error: 'label runs past the message' };
    total += len + 1;
    if (total > MAX_NAME) return { labels, next: next < 0 ? msg.length : next, error: 'name too long' };
    labels.push(msg.subarray(p + 1, p + 1 + len));
    p += 1 + len;
  }
  return { labels, next, error: null };
}

/** A label as unicast DNS shows it: one char per byte, lower-case. */
const asciiLabel = (b: Uint8Array) => latin1(b).toLowerCase();

/**
 * Reads a possibly-compressed name at `pos`. Returns the name (lower-case, no trailing dot) and
 * the position after it in the original record.
 */
export function readName(msg: Uint8Array, pos: number): { name: string; next: number; error: string | null } {
  const n = readLabels(msg, pos);
  return { name: n.labels.map(asciiLabel).join('.'), next: n.next, error: n.error };
}

/** One resource record's fixed part: owner name, type, class, TTL and where its data lies. */
export interface DnsRR {
  labels: Uint8Array[];
  type: number;
  /** The class field whole (mDNS uses its top bit as cache-flush). */
  klass: number;
  ttl: number;
  /** Offset and length of the record data in the message. */
  rdata: number;
  rdlength: number;
  /** Position after the record. */
  next: number;
}

/**
 * Reads the resource record at `pos`: the record, or the reason it cannot be read (a damaged
 * owner name, the fixed part or the data running past the message).
 */
export function readRecord(msg: Uint8Array, pos: number): { rr: DnsRR | null; error: string | null } {
  const n = readLabels(msg, pos);
  if (n.error || n.next + 10 > msg.length) return { rr: null, error: n.error ?? 'answer truncated' };
  const rd = n.next + 10;
  const rdlength = u16(msg, n.next + 8);
  if (rd + rdlength > msg.length) return { rr: null, error: 'answer data truncated' };
  return { rr: { labels: n.labels, type: u16(msg, n.next), klass: u16(msg, n.next + 2), ttl: u32(msg, n.next + 4), rdata: rd, rdlength, next: rd + rdlength }, error: null };
}

/** A question as read from the wire: raw labels, type and class (mDNS: top bit "QU"). */
export interface DnsWireQuestion {
  labels: Uint8Array[];
  type: number;
  klass: number;
}

/** Every section of a message as read from the wire, for mDNS and LLMNR (same format). */
export interface DnsSections {
  flags: number;
  questions: DnsWireQuestion[];
  answers: DnsRR[];
  authority: DnsRR[];
  additional: DnsRR[];
  /** What stopped the reading early; the records before it are returned. */
  damaged: string | null;
}

/** Reads the header and the four sections; null when even the header is missing. */
export function readSections(msg: Uint8Array): DnsSections | null {
  if (msg.length < 12) return null;
  const out: DnsSections = { flags: u16(msg, 2), questions: [], answers: [], authority: [], additional: [], damaged: null };
  let pos = 12;
  for (let i = u16(msg, 4); i > 0; i--) {
    const n = readLabels(msg, pos);
    if (n.error || n.next + 4 > msg.length) {
      out.damaged = n.error ?? 'question truncated';
      return out;
    }
    out.questions.push({ labels: n.labels, type: u16(msg, n.next), klass: u16(msg, n.next + 2) });
    pos = n.next + 4;
  }
  for (const [count, list] of [[u16(msg, 6), out.answers], [u16(msg, 8), out.authority], [u16(msg, 10), out.additional]] as const) {
    for (let i = count; i > 0; i--) {
      const { rr, error } = readRecord(msg, pos);
      if (!rr) {
        out.damaged = error;
        return out;
      }
      list.push(rr);
      pos = rr.next;
    }
  }
  return out;
}

/** A name as mDNS and LLMNR write it: UTF-8 labels, case kept, joined with dots. */
export function nameText(labels: readonly Uint8Array[]): string {
  return labels.map((l) => textOf(l)).join('.');
}

/** The address an A or AAAA record holds, as flows write addresses; null for other records. */
export function addressOf(msg: Uint8Array, rr: DnsRR): string | null {
  if (rr.type === 1 && rr.rdlength === 4) return ipv4ToString(msg, rr.rdata);
  if (rr.type === 28 && rr.rdlength === 16) return ipv6ToString(msg, rr.rdata);
  return null;
}

/** Parses one DNS message; returns null when even the header is missing. */
export function parseDns(msg: Uint8Array): DnsMessage | null {
  if (msg.length < 12) return null;
  const r = new Reader(msg);
  const id = r.u16();
  const flags = r.u16();
  const qd = r.u16();
  const an = r.u16();
  const out: DnsMessage = { id, response: (flags & 0x8000) !== 0, questions: [], answers: [], damaged: null };
  let pos = 12;
  for (let i = 0; i < qd; i++) {
    const n = readName(msg, pos);
    if (n.error) out.damaged = n.error;
    if (n.next + 4 > msg.length) {
      out.damaged ??= 'question truncated';
      // tshark still shows the name of a question whose type/class is cut off.
      if (n.name || !n.error) out.questions.push({ name: n.name, type: msg.length >= n.next + 2 ? (msg[n.next] << 8) | msg[n.next + 1] : 0 });
      return out;
    }
    out.questions.push({ name: n.name, type: (msg[n.next] << 8) | msg[n.next + 1] });
    pos = n.next + 4;
    if (n.error) return out;
  }
  for (let i = 0; i < an; i++) {
    const { rr, error } = readRecord(msg, pos);
    if (!rr) {
      out.damaged = error;
      return out;
    }
    const data = rr.type === 5 ? readName(msg, rr.rdata).name : addressOf(msg, rr);
    out.answers.push({ name: rr.labels.map(asciiLabel).join('.'), type: rr.type, data });
    pos = rr.next;
  }
  return out;
}

/** Emits DnsRecords and scan inputs for DNS messages of one flow (UDP or TCP framing). */
export class DnsHandler implements FlowHandler {
  private buf: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
  private broken: [boolean, boolean] = [false, false];

  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'dns', false);
  }

  data(dir: Direction, bytes: Uint8Array, _offset: number, frame: number): void {
    if (this.ctx.flow.transport === 'udp') {
      this.message(dir, bytes, frame);
      return;
    }
    const i = dirIndex(dir);
    if (this.broken[i]) return;
    let b = concat(this.buf[i], bytes);
    // TCP: each message is preceded by a 2-byte length (RFC 1035 §4.2.2).
    while (b.length >= 2) {
      const len = (b[0] << 8) | b[1];
      if (b.length < 2 + len) break;
      this.message(dir, b.subarray(2, 2 + len), frame);
      b = b.subarray(2 + len);
    }
    // Bounded: a length prefix caps a message at 64 KiB + 2.
    this.buf[i] = b.slice();
  }

  gap(dir: Direction, _length: number, frame: number): void {
    // Without the lost bytes the length framing is lost for good in this direction.
    const i = dirIndex(dir);
    this.buf[i] = new Uint8Array(0);
    this.broken[i] = true;
    this.ctx.sink.warning('dns-tcp-gap', `DNS over TCP in flow ${this.ctx.flow.id}: bytes missing, rest of the ${dir} stream skipped`, frame);
  }

  close(): void {
    for (const i of [0, 1] as const) {
      if (this.buf[i].length > 0) this.ctx.sink.warning('dns-truncated', `DNS over TCP in flow ${this.ctx.flow.id}: ${this.buf[i].length} bytes of an incomplete message at close`);
      this.buf[i] = new Uint8Array(0);
    }
  }

  private message(dir: Direction, msg: Uint8Array, frame: number): void {
    const { flow, sink } = this.ctx;
    const m = parseDns(msg);
    if (!m) {
      sink.warning('dns-malformed', `DNS message shorter than its header in flow ${flow.id}`, frame);
      return;
    }
    if (m.damaged) sink.warning('dns-malformed', `DNS message in flow ${flow.id}: ${m.damaged}`, frame);
    const owners = new Map<string, string[]>();
    if (m.response) {
      for (const a of m.answers) {
        if (a.data === null) continue;
        let l = owners.get(a.name);
        if (!l) owners.set(a.name, (l = []));
        if (!l.includes(a.data)) l.push(a.data);
      }
    }
    const seen = new Set<string>();
    for (const q of m.questions) {
      const answers = m.response ? owners.get(q.name) ?? [] : [];
      sink.emit('dns', { flow: flow.id, frame, name: q.name, type: dnsTypeName(q.type), response: m.response, answers: answers.slice() });
      seen.add(q.name);
      if (q.name) sink.scan({ flow: flow.id, direction: dir, protocol: 'dns', part: 'qname', frame, bytes: new TextEncoder().encode(q.name), encryptedOnWire: false });
    }
    if (!m.response) return;
    // Truth keys answers by the A/AAAA owner name (e.g. the end of a CNAME chain): one extra
    // record per such owner that is not a question name.
    for (const a of m.answers) {
      if ((a.type !== 1 && a.type !== 28) || a.data === null || seen.has(a.name)) continue;
      seen.add(a.name);
      const addrs = (owners.get(a.name) ?? []).filter((x) => m.answers.some((y) => y.name === a.name && (y.type === 1 || y.type === 28) && y.data === x));
      sink.emit('dns', { flow: flow.id, frame, name: a.name, type: dnsTypeName(a.type), response: true, answers: addrs });
    }
    // Answer names and targets may carry identifiers too (e.g. tracking subdomains).
    for (const a of m.answers) {
      if (a.type === 5 && a.data) sink.scan({ flow: flow.id, direction: dir, protocol: 'dns', part: 'qname', frame, bytes: new TextEncoder().encode(a.data), encryptedOnWire: false });
    }
  }
}
