/**
 * Ubiquiti discovery (UDP 10001): a UniFi/EdgeOS device announces itself with a 4-byte header
 * (version, command, 2-byte length) and TLVs of type (1 byte), length (2 bytes), value:
 * 0x01 and 0x13 its hardware address, 0x02 a hardware address + IPv4 per interface, 0x0b its
 * host name, 0x0c the short model, 0x15 the model, 0x03 the firmware. Everything in an
 * announcement is the sender's own; a query (no TLVs) says nothing.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import type { FieldFinding } from '../../extract/types';
import { textOf } from '../../bytes';
import { canonicalMac } from '../../identifiers/mac';
import { model } from '../../identifiers/model';
import { selfName } from '../dhcp/dhcp';

export const TLV = { hwAddr: 0x01, hwAddrIp: 0x02, firmware: 0x03, hostName: 0x0b, platform: 0x0c, model: 0x15, serialMac: 0x13 } as const;

export interface UbntTlv { type: number; value: Uint8Array }

/** The TLVs of one datagram, and what was wrong with it (null when well formed). */
export function parseUbnt(d: Uint8Array): { tlvs: UbntTlv[]; damaged: string | null } {
  const tlvs: UbntTlv[] = [];
  if (d.length < 4 || (d[0] !== 1 && d[0] !== 2)) return { tlvs, damaged: 'not a Ubiquiti discovery header' };
  const end = Math.min(d.length, 4 + ((d[2] << 8) | d[3]));
  let damaged: string | null = end < 4 + ((d[2] << 8) | d[3]) ? 'length past the datagram' : null;
  for (let p = 4; p < end; ) {
    if (p + 3 > end) { damaged = 'TLV header cut short'; break; }
    const len = (d[p + 1] << 8) | d[p + 2];
    if (p + 3 + len > end) { damaged = `TLV 0x${d[p].toString(16)} cut short`; break; }
    tlvs.push({ type: d[p], value: d.subarray(p + 3, p + 3 + len) });
    p += 3 + len;
  }
  return { tlvs, damaged };
}

const hexMac = (b: Uint8Array) => canonicalMac(Array.from(b.subarray(0, 6), (x) => x.toString(16).padStart(2, '0')).join(':'));

type Field = Pick<FieldFinding, 'type' | 'value' | 'encoding' | 'context' | 'confidence'>;

/** The sender's identifiers in an announcement, each value once. */
export function ubntFields(tlvs: readonly UbntTlv[]): Field[] {
  const out = new Map<string, Field>();
  const add = (f: Field | null) => f && !out.has(`${f.type} ${f.value}`) && out.set(`${f.type} ${f.value}`, f);
  for (const { type, value } of tlvs) {
    if ((type === TLV.hwAddr || type === TLV.serialMac) && value.length === 6 || type === TLV.hwAddrIp && value.length === 10) {
      const v = hexMac(value);
      if (v) add({ type: 'mac', value: v, encoding: 'binary', context: `UBNT TLV 0x${type.toString(16).padStart(2, '0')}: ${v}`, confidence: 'high' });
    } else if (type === TLV.platform || type === TLV.model) {
      const v = textOf(value).trim();
      if (model.plausible!(v)) add({ type: 'model', value: v, encoding: 'plain', context: `UBNT model: ${v}`, confidence: 'high' });
    } else if (type === TLV.hostName) {
      const v = textOf(value).trim();
      add(selfName(v, `UBNT host name: ${v}`));
    }
  }
  return [...out.values()];
}

export class UbntHandler implements FlowHandler {
  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'ubnt', false);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    const { flow, sink } = this.ctx;
    const { tlvs, damaged } = parseUbnt(d);
    if (damaged) sink.warning('ubnt-malformed', `Ubiquiti discovery datagram in flow ${flow.id}: ${damaged}`, frame);
    for (const f of ubntFields(tlvs)) sink.identify({ ...f, flow: flow.id, frame, direction: dir, protocol: 'ubnt', encryptedOnWire: false });
  }

  gap(): void {}

  close(): void {}
}
