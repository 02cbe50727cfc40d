/**
 * The device under test, and whose each finding is (report version 2). A capture made on a phone
 * (PCAPdroid, rvictl) holds only the phone's traffic; one made on a Wi-Fi router or a LAN tap
 * also holds the router's, the other phones' and Macs' broadcasts (DHCP, mDNS, NetBIOS, SSDP).
 * Their names and addresses are not this device's findings: a finding counts only when the
 * device sent it, and it says whether it went to a remote server or only to the local network.
 *
 * Measured on ../shared/corpus/wild (60 real captures, devices labelled by hand): the address
 * that opens the most unicast flows is the labelled device in 52; the other 8 are merged traces
 * (a phone beside a VLC client, syslog from a dozen routers) or LAN captures whose devices only
 * broadcast. So the device is not one address but every address that opens a fair share of the
 * unicast flows (at least a tenth of the busiest one's): in a merged trace each traced client
 * stays a device, while a LAN's other hosts, which only broadcast or answer, drop out.
 */
import { CLIENT_UNKNOWN } from '../capture/types';
import { isPlaceholder } from '../identifiers/placeholders';
import type { Flow } from '../flow/types';
import { addressKind, type AddressKind } from '../enrich/addressKind';
import type { DeviceUnderTest, Finding, NotOurs } from './types';

/** A finding with its scope, or the reason it is not the device's. */
export type Attributed = { finding: Finding & { scope: 'remote' | 'local' }; notOurs: null } | { finding: Finding; notOurs: NotOurs };

export const NOT_UNICAST: ReadonlySet<AddressKind> = new Set(['multicast', 'broadcast', 'unspecified', 'invalid']);
/** Addresses that only reach the local network (RFC 1918 and friends). */
const LOCAL: ReadonlySet<AddressKind> = new Set(['private', 'link-local', 'multicast', 'broadcast', 'unspecified', 'loopback', 'reserved', 'invalid']);
/** A share of the busiest client's unicast flows that still makes a client a traced device. */
const SHARE = 0.1;

/** Flows by id: a map, or an array whose positions are ids (nothing folded). */
export type FlowsById = ReadonlyMap<number, Flow> | readonly Flow[];
const flowOf = (flows: FlowsById, id: number): Flow | undefined => (Array.isArray(flows) ? (flows as readonly Flow[])[id] : (flows as ReadonlyMap<number, Flow>).get(id));

/**
 * Picks the device under test from the flows; `folded`: per client address the flows the
 * report does not list (flow/flowLedger.ts), counted the same way.
 */
export function deviceUnderTest(flows: readonly Flow[], folded?: ReadonlyMap<string, { opened: number; unicast: number; clientMac?: string }>): DeviceUnderTest {
  const kinds = new Map<string, AddressKind>();
  const kindOf = (ip: string) => {
    let k = kinds.get(ip);
    if (!k) kinds.set(ip, (k = addressKind(ip)));
    return k;
  };
  const unicast = new Map<string, number>();
  const openers = new Map<string, number>();
  for (const f of flows) {
    if (NOT_UNICAST.has(kindOf(f.client.ip))) continue;
    openers.set(f.client.ip, (openers.get(f.client.ip) ?? 0) + 1);
    if (!NOT_UNICAST.has(kindOf(f.server.ip))) unicast.set(f.client.ip, (unicast.get(f.client.ip) ?? 0) + 1);
  }
  for (const [ip, o] of folded ?? []) {
    if (NOT_UNICAST.has(kindOf(ip))) continue;
    openers.set(ip, (openers.get(ip) ?? 0) + o.opened);
    if (o.unicast > 0) unicast.set(ip, (unicast.get(ip) ?? 0) + o.unicast);
  }
  // Devices that only broadcast (a router's discovery beacons, smart plugs) are devices too
  // when nothing in the capture opens a unicast flow.
  const counts = unicast.size > 0 ? unicast : openers;
  const top = Math.max(0, ...counts.values());
  const ips = [...counts].filter(([, n]) => n >= Math.max(1, top * SHARE)).sort((a, b) => b[1] - a[1]).map(([ip]) => ip);
  const set = new Set(ips);
  // A device's MAC is the link source of its packets, when it is on this link (a private
  // address): a public address's frames carry the gateway's MAC.
  const macs = new Set<string>();
  for (const f of flows) {
    // A capture app's fake Ethernet header (PCAPdroid, pymobiledevice3) carries no device's MAC:
    // placeholders are none, and neither is a header whose two ends are one address
    // (pymobiledevice3 writes be:ef:be:ef:be:ef both ways; no real link frame is sent to itself).
    if (f.clientMac && f.clientMac === f.serverMac) continue;
    if (f.clientMac && set.has(f.client.ip) && LOCAL.has(kindOf(f.client.ip)) && !isPlaceholder('mac', f.clientMac)) macs.add(f.clientMac);
    if (f.serverMac && set.has(f.server.ip) && LOCAL.has(kindOf(f.server.ip)) && !isPlaceholder('mac', f.serverMac)) macs.add(f.serverMac);
  }
  for (const [ip, o] of folded ?? []) {
    if (o.clientMac && set.has(ip) && LOCAL.has(kindOf(ip)) && !isPlaceholder('mac', o.clientMac)) macs.add(o.clientMac);
  }
  const how = ips.length === 0
    ? 'no flows'
    : ips.length === 1 && ips[0] === CLIENT_UNKNOWN.ip && flows.every((f) => f.client.port === CLIENT_UNKNOWN.port)
      ? 'the file records no client address (HAR): 127.0.0.1 stands for the browser or proxy that recorded it'
    : counts === unicast
      ? ips.length === 1 ? 'the address that opens the unicast flows' : `the ${ips.length} addresses that open the unicast flows`
      : 'the addresses that send (no unicast flows)';
  return { ips, macs: [...macs], name: null, hardware: null, os: null, how };
}

/**
 * Findings of kinds whose shapes are strong enough to be the person's even in what a server sent
 * (high confidence: key-named; a page's `tel:` links are medium, scan/keys.ts afterTelScheme).
 */
const RECEIVED_KINDS = new Set(['imei', 'imsi', 'iccid', 'phone', 'contact_phone']);

/**
 * Whose a finding is. Uploads are the client's, downloads the server's; a DHCP client from
 * 0.0.0.0 is known by its MAC, and a packet out of a device's tunnel (CAPWAP, an access point
 * carrying its Wi-Fi clients) is the device's side. What a server sent is the device's only
 * when it is the person's own value (a profile match) or a strong shape (a server returning the
 * phone number); page content (addresses in a web page, model names in JavaScript) is not.
 */
export function attribute(device: DeviceUnderTest, flows: FlowsById, finding: Finding, hostOf: (flow: number) => string | null): Attributed {
  return attributor(device, flows, hostOf)(finding);
}

/** attribute() for many findings: the device's address set is built once. */
export function attributor(device: DeviceUnderTest, flows: FlowsById, hostOf: (flow: number) => string | null): (finding: Finding) => Attributed {
  const ips = new Set(device.ips);
  const macs = new Set(device.macs);
  return (finding) => attributeOne(ips, macs, flows, finding, hostOf);
}

function attributeOne(ips: ReadonlySet<string>, macs: ReadonlySet<string>, flows: FlowsById, finding: Finding, hostOf: (flow: number) => string | null): Attributed {
  const flow = flowOf(flows, finding.flow);
  if (!flow) return { finding: { ...finding, scope: 'remote' }, notOurs: null };
  const upload = finding.direction === 'upload';
  const sender = upload ? flow.client : flow.server;
  const receiver = upload ? flow.server : flow.client;
  const senderMac = finding.sender_mac ?? (upload ? flow.clientMac : flow.serverMac);
  const ours = ips.has(sender.ip)
    || (senderMac !== undefined && macs.has(senderMac))
    || (upload && flow.via !== undefined && ips.has(flow.via));
  if (!ours) {
    const received = ips.has(receiver.ip) && (finding.source === 'profile' || (RECEIVED_KINDS.has(finding.type) && finding.confidence === 'high'));
    if (!received) return { finding, notOurs: ips.has(receiver.ip) ? 'server content' : 'other device' };
  }
  return { finding: { ...finding, scope: scopeOf(receiver.ip, hostOf(flow.id)) }, notOurs: null };
}

/** Local: the receiver is on the LAN (private, link-local, multicast, broadcast) and no public name says otherwise. */
export function scopeOf(ip: string, host: string | null): 'remote' | 'local' {
  if (!LOCAL.has(addressKind(ip))) return 'remote';
  return host && /\.[a-z]{2,}$/i.test(host) && !/\.(local|lan|home|arpa|internal)$/i.test(host) ? 'remote' : 'local';
}

/**
 * The operating system a User-Agent names ("Android 9", "iOS 10.2"), for the report's device:
 * the Android version of `Linux; Android 9;` and Dalvik's `Android 4.4.2`, the iOS version of
 * `iPhone OS 10_2` / `CPU OS 12_1` / CFNetwork apps' `iOS 10.2`.
 */
export function osFromUserAgent(ua: string): string | null {
  const android = /\bAndroid[ /](\d+(?:\.\d+){0,2})\b/.exec(ua);
  if (android) return `Android ${android[1]}`;
  const ios = /\b(?:iPhone OS|CPU OS|iOS|iPadOS)[ /](\d+(?:[._]\d+){0,2})\b/.exec(ua);
  if (ios) return `iOS ${ios[1].replace(/_/g, '.')}`;
  return null;
}
