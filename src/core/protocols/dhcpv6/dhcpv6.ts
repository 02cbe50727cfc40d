/**
 * DHCPv6 (RFC 8415, UDP 546/547): a client's messages carry its DUID (option 1; a DUID-LLT or
 * DUID-LL holds its link-layer address) and its FQDN (option 39, RFC 4704). Server and relay
 * messages are not read.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import type { FieldFinding } from '../../extract/types';
import { textOf, u16 } from '../../bytes';
import { canonicalMac } from '../../identifiers/mac';
import { selfName } from '../dhcp/dhcp';

const CLIENT_MESSAGES = new Set([1, 3, 4, 5, 6, 8, 9, 11]);
const OPTION = { clientId: 1, fqdn: 39 } as const;

type Field = Pick<FieldFinding, 'type' | 'value' | 'encoding' | 'context' | 'confidence'>;

/** Options of one message (code -> first value); null when too short to be one. */
export function parseDhcpv6(d: Uint8Array): { type: number; options: Map<number, Uint8Array>; damaged: string | null } | null {
  if (d.length < 4) return null;
  const options = new Map<number, Uint8Array>();
  let damaged: string | null = null;
  for (let p = 4; p < d.length; ) {
    if (p + 4 > d.length || p + 4 + u16(d, p + 2) > d.length) { damaged = `option ${p + 2 <= d.length ? u16(d, p) : '?'} cut short`; break; }
    const code = u16(d, p), len = u16(d, p + 2);
    if (!options.has(code)) options.set(code, d.subarray(p + 4, p + 4 + len));
    p += 4 + len;
  }
  return { type: d[0], options, damaged };
}

/** The link-layer address of a DUID-LLT (1) or DUID-LL (3) over Ethernet. */
export function duidMac(duid: Uint8Array): string | null {
  if (duid.length < 4 || u16(duid, 2) !== 1) return null;
  const at = u16(duid, 0) === 1 ? 8 : u16(duid, 0) === 3 ? 4 : -1;
  if (at < 0 || duid.length !== at + 6) return null;
  return canonicalMac(Array.from(duid.subarray(at), (b) => b.toString(16).padStart(2, '0')).join(':'));
}

/** The client's identifiers in a message. */
export function dhcpv6Fields(options: ReadonlyMap<number, Uint8Array>): { fields: Field[]; mac: string | null } {
  const fields: Field[] = [];
  const id = options.get(OPTION.clientId);
  const mac = id ? duidMac(id) : null;
  if (mac) fields.push({ type: 'mac', value: mac, encoding: 'binary', context: `Client Identifier DUID link-layer address: ${mac}`, confidence: 'high' });
  const fq = options.get(OPTION.fqdn);
  if (fq && fq.length > 2 && fq[1] > 0 && fq[1] < 64 && 2 + fq[1] <= fq.length) {
    const label = textOf(fq.subarray(2, 2 + fq[1]));
    const f = selfName(label, `Client FQDN: ${label}`);
    if (f) fields.push(f);
  }
  return { fields, mac };
}

export class Dhcpv6Handler implements FlowHandler {
  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'dhcpv6', false);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    const { flow, sink } = this.ctx;
    const m = parseDhcpv6(d);
    if (!m || m.damaged) sink.warning('dhcpv6-malformed', `DHCPv6 datagram in flow ${flow.id}: ${m?.damaged ?? 'shorter than a header'}`, frame);
    if (!m || !CLIENT_MESSAGES.has(m.type)) return;
    const { fields, mac } = dhcpv6Fields(m.options);
    for (const f of fields) sink.identify({ ...f, flow: flow.id, frame, direction: dir, protocol: 'dhcpv6', encryptedOnWire: false, ...(mac ? { senderMac: mac } : {}) });
  }

  gap(): void {}

  close(): void {}
}
