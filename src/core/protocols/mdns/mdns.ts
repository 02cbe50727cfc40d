/**
 * mDNS / DNS-SD (UDP 5353): what a device publishes about itself — its host name
 * (`Lucas-iPhone.local`), the names of its services (`Luca’s iMac._companion-link._tcp.local`),
 * their TXT keys (`model=iMac11,3`, `deviceid=<MAC>`) — read as field findings; other TXT
 * strings and HINFO are scanned as text (parts 'txt', 'hinfo'); the binary framing never is.
 *
 * Whose records a message carries (RFC 6762):
 * - A response (an answer or an unsolicited announcement): its Answer and Additional records
 *   are the sender's own — a responder answers only for records it is authoritative for.
 * - A probe (§8.1–8.2): a query whose ANY questions name the records it proposes in its
 *   Authority section: those proposed records are the sender's (a name it is about to claim).
 * - Any other query: nothing. Its questions name what the sender looks for (`_airplay._tcp`, or
 *   another host's `Lucas-iPhone.local` A), and its Answer section holds known answers (§7.1),
 *   other devices' records the sender has cached: ntop-nDPI__wa_voice's phone sends the iMac's
 *   `Luca’s iMac._companion-link._tcp.local` PTR in its own query (labelled "other device").
 * - Records that speak for another host are not read: when the sender's records hold addresses
 *   of its own family (A for an IPv4 sender, AAAA for IPv6) and none is the sender's, a Sleep
 *   Proxy is answering for a sleeping Mac or a reflector repeats another subnet.
 * - The EDNS0 Owner option (an OPT record) is the sender's MAC in any message.
 * The report builder still decides whose the sender is (report/device.ts): another device's
 * announcements on the LAN go to `other_findings`.
 */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import type { FieldFinding } from '../../extract/types';
import { textOf } from '../../bytes';
import { canonicalMac } from '../../identifiers/mac';
import { model } from '../../identifiers/model';
import { selfName } from '../dhcp/dhcp';
import { dnsTypeName } from '../dns/dns';
import type { MdnsMessageRecord } from './records';
import { parseMdns, RR, txtPair, type MdnsMessage, type MdnsRecord } from './message';

type Field = Pick<FieldFinding, 'type' | 'value' | 'encoding' | 'context' | 'confidence'>;

/**
 * TXT keys whose value is a device model: `model` (_device-info, _airplay), `am` (_raop),
 * `md` (_googlecast, _hap), `rpMd` (_companion-link). The whole value: Apple codes hold a comma.
 */
const MODEL_KEYS = new Set(['model', 'am', 'md', 'rpmd']);
/**
 * TXT keys whose value is a MAC: AirPlay's `deviceid`, an AirPort's `waMA`/`raMA`/`raM2` (one
 * string of comma-separated pairs), the companion link's Bluetooth `rpBA`. HomeKit's `id` is
 * not one: HAP writes a random device id in MAC form.
 */
const MAC_KEYS = new Set(['deviceid', 'wama', 'rama', 'ram2', 'rpba']);
/** TXT keys whose value is the name the owner gave: Google Cast's `fn` ("Living Room TV"). */
const NAME_KEYS = new Set(['fn']);
/** TXT keys that are versions, feature bits, public keys or rotating hashes: not scanned. */
const NOT_IDENTIFIERS = new Set(['txtvers', 'srcvers', 'osxvers', 'osvers', 'vers', 'protovers', 'features', 'flags', 'pk', 'rpvr', 'rpfl', 'rpha', 'rphn', 'rphi', 'rpad']);
/** Services whose instance name is the device's own name (the Mac's or phone's name in Settings). */
const NAMED_SERVICES = new Set(['_device-info', '_companion-link', '_airplay', '_rdlink', '_smb', '_afpovertcp']);

/** MAC pairs inside a TXT string (`deviceid=AA:BB:…`, `waMA=00-24-36-…,raMA=…`). */
const MAC_PAIR = /(?:^|,)([A-Za-z0-9]+)=([0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5})(?=,|$)/g;

/** A model value: the kind's rule, with the comma of Apple codes ("iMac11,3") allowed. */
const plausibleModel = (v: string) => /^[\p{L}\p{N} _.,+()-]{2,40}$/u.test(v) && model.plausible!(v.replace(/,/g, '.'));

const isLocal = (name: readonly string[]) => name.length > 0 && name[name.length - 1].toLowerCase() === 'local';
const full = (name: readonly string[]) => name.join('.');

/** The records a message says are its sender's (see the module comment). */
export function ownRecords(m: MdnsMessage): MdnsRecord[] {
  if (m.response) return m.records.filter((r) => r.section !== 'authority');
  const probed = new Set(m.questions.filter((q) => q.type === RR.ANY).map((q) => full(q.name).toLowerCase()));
  return m.records.filter((r) => r.section === 'authority' && probed.has(full(r.name).toLowerCase()));
}

/** True when addresses of the sender's family are given and none is the sender's (shared with LLMNR). */
export function speaksForOther(addresses: readonly string[], sender: string): boolean {
  const v6 = sender.includes(':');
  const same = addresses.filter((a) => a.includes(':') === v6);
  return same.length > 0 && !same.includes(sender);
}

/** Name and MAC of a service instance, by what its service's instance names hold. */
function instanceFields(name: readonly string[]): Field[] {
  if (name.length < 4 || !/^_(tcp|udp)$/i.test(name[2])) return [];
  const [instance, service] = [name[0], name[1].toLowerCase()];
  const context = `mDNS service instance: ${full(name)}`;
  const out: (Field | null)[] = [];
  const mac = (v: string): Field | null => {
    const m = canonicalMac(v);
    return m ? { type: 'mac', value: m, encoding: 'plain', context, confidence: 'high' } : null;
  };
  let m: RegExpExecArray | null;
  if (service === '_raop' && (m = /^([0-9A-Fa-f]{12})@(.+)$/.exec(instance))) {
    // AirPlay audio: "<MAC as 12 hex digits>@<device name>".
    out.push(mac(m[1]), selfName(m[2], context));
  } else if (service === '_apple-mobdev2' && (m = /^([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})@/.exec(instance))) {
    // Wi-Fi sync: "<MAC>@<link-local address>".
    out.push(mac(m[1]));
  } else if (service === '_workstation' && (m = /^(.+) \[([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})\]$/.exec(instance))) {
    // Avahi: "<host name> [<MAC>]".
    out.push(selfName(m[1], context), mac(m[2]));
  } else if (NAMED_SERVICES.has(service)) {
    out.push(selfName(instance, context));
  }
  return out.filter((f): f is Field => f !== null);
}

/** What one TXT string says: its fields, or null when it is to be scanned as text. */
function txtFields(s: Uint8Array): Field[] | null {
  const { key, value } = txtPair(s);
  if (NOT_IDENTIFIERS.has(key)) return [];
  const v = textOf(value).trim();
  const context = `mDNS TXT: ${textOf(s)}`;
  if (MODEL_KEYS.has(key)) return plausibleModel(v) ? [{ type: 'model', value: v, encoding: 'plain', context, confidence: 'high' }] : null;
  if (NAME_KEYS.has(key)) {
    const f = selfName(v, context);
    return f ? [f] : null;
  }
  if (!MAC_KEYS.has(key)) return null;
  const out: Field[] = [];
  for (const m of textOf(s).matchAll(MAC_PAIR)) {
    const mac = MAC_KEYS.has(m[1].toLowerCase()) ? canonicalMac(m[2]) : null;
    if (mac) out.push({ type: 'mac', value: mac, encoding: 'plain', context, confidence: 'high' });
  }
  return out.length ? out : null;
}

/** The sender's identifiers in one message, and the TXT and HINFO strings to scan as text ('txt', 'hinfo'). */
export function selfReport(m: MdnsMessage, sender: string): { fields: Field[]; texts: { part: 'txt' | 'hinfo'; bytes: Uint8Array }[]; own: number } {
  const fields = new Map<string, Field>();
  const add = (f: Field | null) => f && !fields.has(`${f.type} ${f.value}`) && fields.set(`${f.type} ${f.value}`, f);
  const texts: { part: 'txt' | 'hinfo'; bytes: Uint8Array }[] = [];
  for (const r of m.records) {
    if (r.data.kind === 'owner') add({ type: 'mac', value: r.data.mac, encoding: 'binary', context: `EDNS0 Owner option: ${r.data.mac}`, confidence: 'high' });
  }
  const own = ownRecords(m);
  const addresses = own.flatMap((r) => (r.data.kind === 'address' ? [r.data.address] : []));
  if (speaksForOther(addresses, sender)) return { fields: [...fields.values()], texts, own: 0 };
  const host = (name: readonly string[]) => {
    if (name.length === 2 && isLocal(name)) add(selfName(name[0], `mDNS host name: ${full(name)}`));
  };
  for (const r of own) {
    const d = r.data;
    if (d.kind === 'address') host(r.name);
    else if (d.kind === 'srv') host(d.target);
    else if (d.kind === 'name' && /^(in-addr|ip6)$/i.test(r.name[r.name.length - 2] ?? '')) host(d.target);
    // A PTR from a service type to an instance, an instance's SRV or TXT: the instance's name.
    if (d.kind === 'name' && r.name.length === 3 && isLocal(d.target)) for (const f of instanceFields(d.target)) add(f);
    if (d.kind === 'srv' || d.kind === 'txt') for (const f of instanceFields(r.name)) add(f);
    if (d.kind === 'txt') {
      for (const s of d.strings) {
        const found = txtFields(s);
        if (found) found.forEach(add);
        else texts.push({ part: 'txt', bytes: s });
      }
    }
    if (d.kind === 'hinfo') for (const bytes of [d.cpu, d.os]) if (bytes.length) texts.push({ part: 'hinfo', bytes });
  }
  return { fields: [...fields.values()], texts, own: own.length };
}

export class MdnsHandler implements FlowHandler {
  constructor(private readonly ctx: HandlerContext) {
    ctx.sink.app(ctx.flow.id, 'mdns', false);
  }

  data(dir: Direction, d: Uint8Array, _offset: number, frame: number): void {
    const { flow, sink } = this.ctx;
    const m = parseMdns(d);
    if (!m) {
      sink.warning('mdns-malformed', `mDNS datagram in flow ${flow.id} is shorter than a DNS header`, frame);
      return;
    }
    if (m.damaged) sink.warning('mdns-malformed', `mDNS message in flow ${flow.id}: ${m.damaged}`, frame);
    const { fields, texts, own } = selfReport(m, dir === 'upload' ? flow.client.ip : flow.server.ip);
    const count = (section: MdnsRecord['section']) => m.records.filter((r) => r.section === section).length;
    const record: MdnsMessageRecord = {
      flow: flow.id, frame, direction: dir, response: m.response, questions: m.questions.map((q) => `${full(q.name)} ${dnsTypeName(q.type)}`),
      records: [count('answer'), count('authority'), count('additional')], own,
    };
    sink.emit('mdns', record);
    for (const f of fields) sink.identify({ ...f, flow: flow.id, frame, direction: dir, protocol: 'mdns', encryptedOnWire: false });
    for (const { part, bytes } of texts) sink.scan({ flow: flow.id, direction: dir, protocol: 'mdns', part, frame, bytes: bytes.slice(), encryptedOnWire: false });
  }

  gap(): void {}

  close(): void {}
}
