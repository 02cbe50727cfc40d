/**
 * DHCPv4 (RFC 2131/2132): what a device says about itself when it joins a network — its MAC
 * (chaddr), host name (option 12, often the owner's name or android-<ANDROID_ID>), client
 * identifier (61), vendor class (60) and FQDN (81). Client messages become `dhcp` records
 * (records.ts says why they are not scanned as this device's yet); server replies carry
 * addresses, not a device's identifiers.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { textOf, u32 } from '../../bytes';
import type { DhcpRecord } from './records';
import type { FieldFinding } from '../../extract/types';
import { ownerGivenName } from '../../identifiers/deviceName';
import { isAndroidId } from '../../identifiers/androidId';
import { canonicalMac } from '../../identifiers/mac';

type Field = Pick<FieldFinding, 'type' | 'value' | 'encoding' | 'context' | 'confidence'>;

/**
 * What a host name a device gives itself says: `android-<16 hex>` is its Android ID (the
 * default Android DHCP host name), a name its owner gave is a device name, a factory default
 * nothing. Shared by every protocol that reads a device's own name.
 */
export function selfName(name: string, context: string): Field | null {
  const a = /^android-([0-9a-f]{16})$/i.exec(name.trim());
  if (a && isAndroidId(a[1])) return { type: 'android_id', value: a[1].toLowerCase(), encoding: 'plain', context, confidence: 'high' };
  if (ownerGivenName(name)) return { type: 'device_name', value: name.trim(), encoding: 'plain', context, confidence: 'medium' };
  return null;
}

const BOOTREQUEST = 1;
const FIXED = 236; // op … file, before the magic cookie
const MAGIC = 0x63825363;

export const OPTION = { hostName: 12, vendorClass: 60, clientId: 61, messageType: 53, clientFqdn: 81, pad: 0, end: 255 } as const;

export interface DhcpMessage {
  op: number;
  /** Client hardware address as text (aa:bb:…), when htype is Ethernet with hlen 6. */
  mac: string | null;
  /** Option code -> value, first occurrence. */
  options: Map<number, Uint8Array>;
  damaged: string | null;
}

/** Parses one DHCP message; null when it is not one (no magic cookie). */
export function parseDhcp(d: Uint8Array): DhcpMessage | null {
  if (d.length < FIXED + 4 || u32(d, FIXED) !== MAGIC) return null;
  const htype = d[1];
  const hlen = d[2];
  const mac = htype === 1 && hlen === 6 ? Array.from(d.subarray(28, 34), (b) => b.toString(16).padStart(2, '0')).join(':') : null;
  const options = new Map<number, Uint8Array>();
  let damaged: string | null = null;
  for (let p = FIXED + 4; p < d.length; ) {
    const code = d[p];
    if (code === OPTION.pad) {
      p++;
      continue;
    }
    if (code === OPTION.end) break;
    if (p + 2 > d.length || p + 2 + d[p + 1] > d.length) {
      damaged = `option ${code} cut short`;
      break;
    }
    const len = d[p + 1];
    if (!options.has(code)) options.set(code, d.subarray(p + 2, p + 2 + len));
    p += 2 + len;
  }
  return { op: d[0], mac, options, damaged };
}

export class DhcpHandler implements FlowHandler {
  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'dhcp', false);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    const { flow, sink } = this.ctx;
    const m = parseDhcp(d);
    if (!m) {
      sink.warning('dhcp-malformed', `DHCP datagram in flow ${flow.id} is not a DHCP message`, frame);
      return;
    }
    if (m.damaged) sink.warning('dhcp-malformed', `DHCP message in flow ${flow.id}: ${m.damaged}`, frame);
    if (m.op !== BOOTREQUEST) return;
    const text = (code: number, skip = 0) => {
      const v = m.options.get(code)?.subarray(skip);
      return v?.length ? textOf(v) : null;
    };
    const record: DhcpRecord = {
      flow: flow.id, frame, messageType: m.options.get(OPTION.messageType)?.[0] ?? null, mac: m.mac,
      // FQDN: flags and two obsolete RCODE bytes before the name.
      hostName: text(OPTION.hostName), fqdn: text(OPTION.clientFqdn, 3), vendorClass: text(OPTION.vendorClass),
    };
    sink.emit('dhcp', record);
    // The sender is the client the message describes: chaddr says which device it is (the
    // message often comes from 0.0.0.0).
    const found: Field[] = [];
    if (m.mac && canonicalMac(m.mac)) found.push({ type: 'mac', value: m.mac, encoding: 'binary', context: `Client MAC address: ${m.mac}`, confidence: 'high' });
    if (record.hostName) {
      const f = selfName(record.hostName, `Host Name: ${record.hostName}`);
      if (f) found.push(f);
    }
    const label = record.fqdn?.split('.')[0];
    if (label && label !== record.hostName) {
      const f = selfName(label, `Client Fully Qualified Domain Name: ${record.fqdn}`);
      if (f) found.push(f);
    }
    const id = m.options.get(OPTION.clientId);
    if (id?.length === 7 && id[0] === 1) {
      const v = canonicalMac(Array.from(id.subarray(1), (b) => b.toString(16).padStart(2, '0')).join(':'));
      if (v && v !== m.mac) found.push({ type: 'mac', value: v, encoding: 'binary', context: `Client Identifier: ${v}`, confidence: 'high' });
    }
    for (const f of found) {
      sink.identify({ ...f, flow: flow.id, frame, direction: dir, protocol: 'dhcp', encryptedOnWire: false, ...(m.mac ? { senderMac: m.mac } : {}) });
    }
  }

  gap(): void {}

  close(): void {}
}
