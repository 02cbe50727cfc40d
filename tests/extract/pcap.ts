/**
 * Test-only: a tiny classic-pcap/pcapng reader and flow table that feeds ProtocolExtractor
 * before the real capture/decode/flow stages exist. Handles Ethernet/VLAN, null, raw IP,
 * Linux SLL/SLL2, PPP, C-HDLC, IPv4 fragments, IPv6 (fragment header too), VXLAN and Teredo;
 * TCP is put in order by sequence number with a small out-of-order buffer.
 */
import type { Flow, FlowSink } from '../../src/core/flow/types';
import type { Direction } from '../../src/core/types';
import type { WarningCode } from '../../src/core/warnings';
import type { ExtractRecords, ExtractSink, RecordKind, ScanInput } from '../../src/core/extract/types';
import type { DnsRecord } from '../../src/core/protocols/dns/records';
import type { HttpMessage } from '../../src/core/protocols/http1/records';
import type { TlsHello } from '../../src/core/protocols/tls/records';
import { ipv4ToString as formatIPv4, ipv6ToString as formatIPv6 } from '../../src/core/bytes';

interface Pkt {
  frame: number;
  src: string;
  dst: string;
  proto: 6 | 17;
  payload: Uint8Array; // transport header + data
}

/** Yields [linktype, frame bytes] for each record of a pcap or pcapng file. */
export function* readCapture(buf: Uint8Array): Generator<[number, Uint8Array]> {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = dv.getUint32(0, true);
  if (magic === 0x0a0d0d0a) {
    let le = true;
    const ifLink: number[] = [];
    for (let p = 0; p + 12 <= buf.length; ) {
      let type = dv.getUint32(p, le);
      if (type === 0x0a0d0d0a) {
        le = dv.getUint32(p + 8, true) === 0x1a2b3c4d;
        type = 0x0a0d0d0a;
      }
      const len = dv.getUint32(p + 4, le);
      if (len < 12) return;
      if (type === 1) ifLink.push(dv.getUint16(p + 8, le));
      else if (type === 6) {
        const ifc = dv.getUint32(p + 8, le);
        const cap = dv.getUint32(p + 20, le);
        yield [ifLink[ifc], buf.subarray(p + 28, p + 28 + cap)];
      } else if (type === 3) {
        const cap = Math.min(len - 16, dv.getUint32(p + 8, le));
        yield [ifLink[0], buf.subarray(p + 12, p + 12 + cap)];
      }
      p += len;
    }
    return;
  }
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const link = dv.getUint32(20, le) & 0x0fffffff;
  for (let p = 24; p + 16 <= buf.length; ) {
    const cap = dv.getUint32(p + 8, le);
    yield [link, buf.subarray(p + 16, Math.min(buf.length, p + 16 + cap))];
    p += 16 + cap;
  }
}

/** Turns frames into transport packets (IP reassembled). */
export class Decoder {
  private frags = new Map<string, { parts: Map<number, Uint8Array>; total: number; proto: number; src: string; dst: string }>();
  out: Pkt[] = [];

  frame(frame: number, link: number, b: Uint8Array): void {
    try {
      this.link(frame, link, b);
    } catch {
      /* damaged frame: skip */
    }
  }

  private link(frame: number, link: number, b: Uint8Array): void {
    switch (link) {
      case 1:
        return this.ether(frame, b);
      case 0:
      case 108: {
        const fam = b[0] === 0 ? (b[3] << 24) | (b[2] << 16) | (b[1] << 8) | b[0] : b[0] | (b[1] << 8);
        const af = fam === 2 || b[3] === 2 ? 4 : 6;
        return this.ip(frame, b.subarray(4), af === 4 ? 4 : (b[4] >> 4) as 4 | 6);
      }
      case 101:
      case 12:
      case 14:
      case 228:
      case 229:
        return this.ip(frame, b, (b[0] >> 4) as 4 | 6);
      case 113:
        return this.ethertype(frame, (b[14] << 8) | b[15], b.subarray(16));
      case 276:
        return this.ethertype(frame, (b[0] << 8) | b[1], b.subarray(20));
      case 9:
      case 50: {
        let o = b[0] === 0xff && b[1] === 0x03 ? 2 : 0;
        let proto = b[o];
        if ((proto & 1) === 0) {
          proto = (proto << 8) | b[o + 1];
          o += 2;
        } else o += 1;
        if (proto === 0x21) return this.ip(frame, b.subarray(o), 4);
        if (proto === 0x57) return this.ip(frame, b.subarray(o), 6);
        return;
      }
      case 104:
        return this.ethertype(frame, (b[2] << 8) | b[3], b.subarray(4));
    }
  }

  private ether(frame: number, b: Uint8Array): void {
    this.ethertype(frame, (b[12] << 8) | b[13], b.subarray(14));
  }

  private ethertype(frame: number, t: number, b: Uint8Array): void {
    while (t === 0x8100 || t === 0x88a8 || t === 0x9100) {
      t = (b[2] << 8) | b[3];
      b = b.subarray(4);
    }
    if (t === 0x0800) this.ip(frame, b, 4);
    else if (t === 0x86dd) this.ip(frame, b, 6);
  }

  private ip(frame: number, b: Uint8Array, v: 4 | 6): void {
    if (v === 4) {
      const ihl = (b[0] & 15) * 4;
      const total = (b[2] << 8) | b[3];
      const proto = b[9];
      const src = formatIPv4(b, 12);
      const dst = formatIPv4(b, 16);
      const ff = (b[6] << 8) | b[7];
      const mf = (ff & 0x2000) !== 0;
      const off = (ff & 0x1fff) * 8;
      let pl = b.subarray(ihl, Math.max(ihl, Math.min(b.length, total || b.length)));
      if (mf || off) {
        const r = this.frag(`4|${src}|${dst}|${(b[4] << 8) | b[5]}|${proto}`, off, mf, pl, proto, src, dst);
        if (!r) return;
        pl = r;
      }
      return this.transport(frame, src, dst, proto, pl);
    }
    let nh = b[6];
    const src = formatIPv6(b, 8);
    const dst = formatIPv6(b, 24);
    const plen = (b[4] << 8) | b[5];
    let p = b.subarray(40, 40 + plen);
    for (;;) {
      if (nh === 0 || nh === 43 || nh === 60) {
        const l = (p[1] + 1) * 8;
        nh = p[0];
        p = p.subarray(l);
      } else if (nh === 44) {
        const off = ((p[2] << 8) | p[3]) & 0xfff8;
        const mf = (p[3] & 1) !== 0;
        const id = (p[4] << 24) | (p[5] << 16) | (p[6] << 8) | p[7];
        const next = p[0];
        const r = this.frag(`6|${src}|${dst}|${id}`, off, mf, p.subarray(8), next, src, dst);
        if (!r) return;
        nh = next;
        p = r;
      } else break;
    }
    this.transport(frame, src, dst, nh, p);
  }

  private frag(key: string, off: number, mf: boolean, data: Uint8Array, proto: number, src: string, dst: string): Uint8Array | null {
    let f = this.frags.get(key);
    if (!f) this.frags.set(key, (f = { parts: new Map(), total: -1, proto, src, dst }));
    f.parts.set(off, data.slice());
    if (!mf) f.total = off + data.length;
    if (f.total < 0) return null;
    const out = new Uint8Array(f.total);
    let have = 0;
    for (const [o, d] of f.parts) {
      out.set(d.subarray(0, Math.max(0, f.total - o)), o);
      have += d.length;
    }
    if (have < f.total) return null;
    this.frags.delete(key);
    return out;
  }

  private transport(frame: number, src: string, dst: string, proto: number, p: Uint8Array): void {
    if (proto === 41) return this.ip(frame, p, 6);
    if (proto === 47 && p.length >= 4) {
      // GRE: optional checksum, key and sequence words, then the payload's ethertype.
      const fl = p[0];
      const o = 4 + (fl & 0x80 ? 4 : 0) + (fl & 0x20 ? 4 : 0) + (fl & 0x10 ? 4 : 0);
      const et = (p[2] << 8) | p[3];
      if (et === 0x6558) return this.ether(frame, p.subarray(o));
      return this.ethertype(frame, et, p.subarray(o));
    }
    if (proto === 4) return this.ip(frame, p, 4);
    if (proto !== 6 && proto !== 17) return;
    if (proto === 17 && p.length >= 8) {
      const sp = (p[0] << 8) | p[1];
      const dp = (p[2] << 8) | p[3];
      if ((sp === 4789 || dp === 4789) && p.length > 16) return this.ether(frame, p.subarray(16));
      if ((sp === 3544 || dp === 3544) && p[8] >> 4 === 6) return this.ip(frame, p.subarray(8), 6);
      if (sp === 6081 || dp === 6081) {
        const o = 8 + 8 + (p[8] & 0x3f) * 4;
        const et = (p[10] << 8) | p[11];
        if (et === 0x6558) return this.ether(frame, p.subarray(o));
        return this.ethertype(frame, et, p.subarray(o));
      }
    }
    this.out.push({ frame, src, dst, proto, payload: p });
  }
}

interface TcpDir {
  next: number | null;
  ooo: Map<number, { data: Uint8Array; frame: number }>;
  offset: number;
}

interface FlowRec {
  flow: Flow;
  a: string; // client key "ip|port"
  tcp: [TcpDir, TcpDir];
  fin: number;
  closed: boolean;
}

/** Minimal flow table: in-order TCP per direction, UDP datagrams as they come. */
export function feed(buf: Uint8Array, sink: FlowSink): number {
  const dec = new Decoder();
  let frame = 0;
  for (const [link, b] of readCapture(buf)) dec.frame(++frame, link, b);
  const flows = new Map<string, FlowRec>();
  let nextId = 0;
  const deliver = (r: FlowRec, dir: Direction, d: TcpDir, data: Uint8Array, seq: number, fr: number) => {
    if (d.next === null) d.next = seq;
    const rel = (seq - d.next) | 0;
    if (rel > 0) {
      if (d.ooo.size < 64) d.ooo.set(seq >>> 0, { data: data.slice(), frame: fr });
      return;
    }
    const fresh = data.subarray(-rel);
    if (fresh.length === 0) return;
    sink.data(r.flow, dir, fresh, d.offset, fr);
    d.offset += fresh.length;
    d.next = (d.next + fresh.length) >>> 0;
    for (let again = true; again; ) {
      again = false;
      for (const [s, o] of d.ooo) {
        const rr = (s - d.next) | 0;
        if (rr <= 0) {
          d.ooo.delete(s);
          const f = o.data.subarray(-rr);
          if (f.length) {
            sink.data(r.flow, dir, f, d.offset, o.frame);
            d.offset += f.length;
            d.next = (d.next + f.length) >>> 0;
          }
          again = true;
        }
      }
    }
  };
  for (const p of dec.out) {
    const t = p.payload;
    if (t.length < (p.proto === 6 ? 20 : 8)) continue;
    const sp = (t[0] << 8) | t[1];
    const dp = (t[2] << 8) | t[3];
    const ka = `${p.src}|${sp}`;
    const kb = `${p.dst}|${dp}`;
    const key = `${p.proto}|${[ka, kb].sort().join('|')}`;
    let r = flows.get(key);
    const flags = p.proto === 6 ? t[13] : 0;
    if (r && p.proto === 6 && (flags & 0x12) === 0x02 && r.closed) {
      flows.delete(key);
      r = undefined;
    }
    if (!r) {
      const synAck = p.proto === 6 && (flags & 0x12) === 0x12;
      const client = synAck ? { ip: p.dst, port: dp } : { ip: p.src, port: sp };
      const server = synAck ? { ip: p.src, port: sp } : { ip: p.dst, port: dp };
      const flow: Flow = { id: nextId++, transport: p.proto === 6 ? 'tcp' : 'udp', client, server, packets: 0, bytes: 0, firstFrame: p.frame, lastFrame: p.frame, firstTime: 0, lastTime: 0, payloadBytes: [0, 0] };
      r = { flow, a: `${client.ip}|${client.port}`, tcp: [{ next: null, ooo: new Map(), offset: 0 }, { next: null, ooo: new Map(), offset: 0 }], fin: 0, closed: false };
      flows.set(key, r);
      sink.open(flow);
    }
    r.flow.packets++;
    r.flow.lastFrame = p.frame;
    const dir: Direction = ka === r.a ? 'upload' : 'download';
    if (p.proto === 17) {
      const data = t.subarray(8, Math.max(8, Math.min(t.length, (t[4] << 8) | t[5])));
      sink.data(r.flow, dir, data, 0, p.frame);
      continue;
    }
    const d = r.tcp[dir === 'upload' ? 0 : 1];
    const seq = ((t[4] << 24) | (t[5] << 16) | (t[6] << 8) | t[7]) >>> 0;
    const hl = (t[12] >> 4) * 4;
    const syn = (flags & 0x02) !== 0;
    if (syn) d.next = (seq + 1) >>> 0;
    const data = t.subarray(hl);
    // Data on a SYN (TCP Fast Open) starts after the SYN's sequence number.
    if (data.length) deliver(r, dir, d, data, syn ? (seq + 1) >>> 0 : seq, p.frame);
    if (flags & 0x05) r.closed = true;
  }
  for (const r of flows.values()) {
    // Leftover out-of-order segments: deliver after a gap, like a flow table would at the end.
    r.tcp.forEach((d, i) => {
      const dir: Direction = i === 0 ? 'upload' : 'download';
      const segs = [...d.ooo.entries()].sort((x, y) => ((x[0] - (d.next ?? 0)) | 0) - ((y[0] - (d.next ?? 0)) | 0));
      d.ooo.clear();
      for (const [s, o] of segs) {
        const rel = (s - (d.next ?? s)) | 0;
        if (rel > 0) {
          sink.gap(r.flow, dir, rel, o.frame);
          d.offset += rel;
          d.next = s;
        }
        deliver(r, dir, d, o.data, s, o.frame);
      }
    });
    sink.close(r.flow);
  }
  return frame;
}

/** Collects everything an extractor emits. */
export class Collect implements ExtractSink {
  dnsRecs: DnsRecord[] = [];
  httpMsgs: HttpMessage[] = [];
  hellos: TlsHello[] = [];
  scans: ScanInput[] = [];
  apps: [number, string, boolean][] = [];
  warnings: { code: string; message: string; frame?: number }[] = [];
  emit<K extends RecordKind>(kind: K, record: ExtractRecords[K]): void {
    if (kind === 'dns') this.dnsRecs.push(record as DnsRecord);
    else if (kind === 'http') this.httpMsgs.push(record as HttpMessage);
    else if (kind === 'tls') this.hellos.push(record as TlsHello);
  }
  scan(i: ScanInput): void {
    this.scans.push(i);
  }
  app(flow: number, app: string, encrypted: boolean): void {
    this.apps.push([flow, app, encrypted]);
  }
  warning(code: WarningCode, message: string, frame?: number): void {
    this.warnings.push({ code, message, frame });
  }
}

/** Truth-shaped summary of what the extractor found, for comparison with the corpus JSON. */
export function summarize(c: Collect) {
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const answers: Record<string, string[]> = {};
  for (const r of c.dnsRecs) {
    if (!r.response) continue;
    const ips = r.answers.filter((a) => /^[0-9.]+$|:/.test(a));
    if (!ips.length) continue;
    answers[r.name] = uniq([...(answers[r.name] ?? []), ...ips]);
  }
  const reqs = c.httpMsgs
    .filter((m) => m.kind === 'request')
    .map((m, i) => ({ m, i }))
    .sort((x, y) => x.m.frame - y.m.frame || x.i - y.i)
    .map(({ m }) => ({ method: m.method, host: m.host, uri: m.uri }));
  return {
    dns_queries: uniq(c.dnsRecs.filter((r) => !r.response).map((r) => r.name)),
    dns_answers: Object.fromEntries(Object.keys(answers).sort().map((k) => [k, answers[k]])),
    http_requests: reqs,
    tls_sni: uniq(c.hellos.filter((h) => h.transport === 'tcp' && h.sni !== null).map((h) => h.sni!)),
    ja3: uniq(c.hellos.filter((h) => h.transport === 'tcp').map((h) => h.ja3)),
    quic_sni: uniq(c.hellos.filter((h) => h.transport === 'udp' && h.sni !== null).map((h) => h.sni!)),
  };
}
