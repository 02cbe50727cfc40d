/**
 * NetBIOS name service (RFC 1002, UDP 137). A host registers (opcode 5) and refreshes (8, 9)
 * its own names, and answers queries for them (opcode 0 responses): those carry its NetBIOS
 * name, first-level encoded (each nibble + 'A') with a suffix byte (<00> workstation, <20>
 * server), padded with spaces. Group names (NB flags G bit: WORKGROUP) are not the host's. A
 * query names the host looked for, not the sender: never read.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { u16 } from '../../bytes';
import { ownerGivenName } from '../../identifiers/deviceName';

const OPCODE = { query: 0, registration: 5, refresh: 8, refreshAlt: 9 } as const;
const GROUP = 0x8000;

export interface NbnsName { name: string; suffix: number; group: boolean; address: string | null }

/** Decodes a first-level encoded NetBIOS name (32 letters A..P): name (spaces trimmed) and suffix byte. */
export function decodeNetbiosName(enc: Uint8Array): { name: string; suffix: number } | null {
  if (enc.length !== 32) return null;
  const out: number[] = [];
  for (let i = 0; i < 32; i += 2) {
    const hi = enc[i] - 0x41, lo = enc[i + 1] - 0x41;
    if (hi < 0 || hi > 15 || lo < 0 || lo > 15) return null;
    out.push((hi << 4) | lo);
  }
  const suffix = out.pop()!;
  return { name: String.fromCharCode(...out).replace(/[ \0]+$/, ''), suffix };
}

/** Skips a DNS-style name at p (labels or a pointer); returns the first label and the offset after. */
function readName(d: Uint8Array, p: number): { first: Uint8Array | null; end: number } | null {
  let first: Uint8Array | null = null;
  for (let n = 0; n < 64; n++) {
    if (p >= d.length) return null;
    const len = d[p];
    if (len === 0) return { first, end: p + 1 };
    if ((len & 0xc0) === 0xc0) {
      if (p + 2 > d.length) return null;
      const target = ((len & 0x3f) << 8) | d[p + 1];
      const at = target < d.length ? readName(d.subarray(0, p), target) : null;
      return { first: first ?? at?.first ?? null, end: p + 2 };
    }
    if (p + 1 + len > d.length) return null;
    first ??= d.subarray(p + 1, p + 1 + len);
    p += 1 + len;
  }
  return null;
}

/**
 * The names a datagram says the sender holds: the records of a registration/refresh request
 * and of a positive query response. `names` null when the datagram is not an NBNS message.
 */
export function parseNbns(d: Uint8Array): { names: NbnsName[]; damaged: string | null; own: boolean } {
  const names: NbnsName[] = [];
  if (d.length < 12) return { names, damaged: 'shorter than the NBNS header', own: false };
  const flags = u16(d, 2);
  const response = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  const rcode = flags & 0xf;
  const own = rcode === 0 && (opcode === OPCODE.registration || opcode === OPCODE.refresh || opcode === OPCODE.refreshAlt ? !response : opcode === OPCODE.query && response);
  const qd = u16(d, 4), rr = u16(d, 6) + u16(d, 8) + u16(d, 10);
  let p = 12;
  for (let i = 0; i < qd; i++) {
    const n = readName(d, p);
    if (!n || n.end + 4 > d.length) return { names, damaged: 'question cut short', own };
    p = n.end + 4;
  }
  for (let i = 0; i < rr; i++) {
    const n = readName(d, p);
    if (!n || n.end + 10 > d.length) return { names, damaged: 'resource record cut short', own };
    const type = u16(d, n.end), rdlen = u16(d, n.end + 8);
    const rd = n.end + 10;
    if (rd + rdlen > d.length) return { names, damaged: 'resource record cut short', own };
    const decoded = n.first ? decodeNetbiosName(n.first) : null;
    if (type === 0x20 && decoded) {
      for (let q = rd; q + 6 <= rd + rdlen; q += 6) {
        names.push({ ...decoded, group: (u16(d, q) & GROUP) !== 0, address: Array.from(d.subarray(q + 2, q + 6)).join('.') });
      }
    }
    p = rd + rdlen;
  }
  return { names, damaged: null, own };
}

export class NbnsHandler implements FlowHandler {
  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'nbns', false);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    const { flow, sink } = this.ctx;
    const { names, damaged, own } = parseNbns(d);
    if (damaged) sink.warning('nbns-malformed', `NBNS datagram in flow ${flow.id}: ${damaged}`, frame);
    if (!own) return;
    const sender = dir === 'upload' ? flow.client.ip : flow.server.ip;
    const seen = new Set<string>();
    for (const n of names) {
      // A unique name held at the sender's own address (a response may list another's).
      if (n.group || (n.address !== sender && n.address !== '0.0.0.0') || seen.has(n.name) || !ownerGivenName(n.name)) continue;
      seen.add(n.name);
      const suffix = n.suffix.toString(16).padStart(2, '0').toUpperCase();
      sink.identify({ flow: flow.id, frame, direction: dir, protocol: 'nbns', type: 'device_name', value: n.name, encoding: 'plain',
        context: `NetBIOS name: ${n.name}<${suffix}>`, confidence: 'high', encryptedOnWire: false });
    }
  }

  gap(): void {}

  close(): void {}
}
