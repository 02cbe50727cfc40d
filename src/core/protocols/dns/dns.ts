/** DNS message parsing (RFC 1035) and the DNS flow handler (UDP datagrams, TCP length-prefixed). */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex } from '../../extract/handler';
import { concat, ipv4ToString, ipv6ToString, Reader } from '../../bytes';

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
 * Reads a possibly-compressed name at `pos`. Returns the name (lower-case, no trailing dot) and
 * the position after it in the original record. Pointer loops are cut by a jump budget.
 */
export function readName(msg: Uint8Array, pos: number): { name: string; next: number; error: string | null } {
  const labels: string[] = [];
  let next = -1;
  let p = pos;
  let jumps = 0;
  let total = 0;
  for (;;) {
    if (p >= msg.length) return { name: labels.join('.'), next: next < 0 ? msg.length : next, error: 'name runs past the message' };
    const len = msg[p];
    if (len === 0) {
      if (next < 0) next = p + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= msg.length) return { name: labels.join('.'), next: msg.length, error: 'truncated compression pointer' };
      const target = ((len & 0x3f) << 8) | msg[p + 1];
      if (next < 0) next = p + 2;
      // A name has at most 127 labels, so more jumps than that can only be a loop.
      if (++jumps > 127) return { name: labels.join('.'), next, error: 'compression pointer loop' };
      p = target;
      continue;
    }
    if ((len & 0xc0) !== 0) return { name: labels.join('.'), next: next < 0 ? msg.length : next, error: 'unsupported label type' };
    if (p + 1 + len > msg.length) return { name: labels.join('.'), next: msg.length, error: 'label runs past the message' };
    total += len + 1;
    if (total > MAX_NAME) return { name: labels.join('.'), next: next < 0 ? msg.length : next, error: 'name too long' };
    let s = '';
    for (let i = p + 1; i <= p + len; i++) s += String.fromCharCode(msg[i]);
    labels.push(s.toLowerCase());
    p += 1 + len;
  }
  return { name: labels.join('.'), next, error: null };
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
    const n = readName(msg, pos);
    if (n.error || n.next + 10 > msg.length) {
      out.damaged = n.error ?? 'answer truncated';
      return out;
    }
    const type = (msg[n.next] << 8) | msg[n.next + 1];
    const rdlen = (msg[n.next + 8] << 8) | msg[n.next + 9];
    const rd = n.next + 10;
    if (rd + rdlen > msg.length) {
      out.damaged = 'answer data truncated';
      return out;
    }
    let data: string | null = null;
    if (type === 1 && rdlen === 4) data = ipv4ToString(msg, rd);
    else if (type === 28 && rdlen === 16) data = ipv6ToString(msg, rd);
    else if (type === 5) data = readName(msg, rd).name;
    out.answers.push({ name: n.name, type, data });
    pos = rd + rdlen;
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
