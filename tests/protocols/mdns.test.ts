/**
 * mDNS / DNS-SD (src/core/protocols/mdns). The real captures hold queries only (an iPhone
 * browsing for AirPlay with a known answer naming the owner's iMac, routers browsing for
 * printers): nothing in them is the sender's. Announcements, probes and the records other
 * devices publish are made byte by byte (tests/protocols/dnsWire.ts), the way Apple's and
 * Avahi's responders write them, and run through the extractor and the whole engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latin1 } from '../../src/core/bytes';
import type { Flow } from '../../src/core/flow/types';
import { parseMdns } from '../../src/core/protocols/mdns/message';
import type { FieldFinding } from '../../src/core/extract/types';
import { analyzeFile } from '../pipeline';
import { a, aaaa, DnsWire, ethernetPcap, hinfo, owner, ptr, srv, T, txt, udpFrame } from './dnsWire';
import { drive, external, extract, flowEvents, mkFlow, wild } from './helpers';

const field = (f: FieldFinding) => `${f.type} ${f.value} (${f.context})`;
const PHONE = '192.168.1.5';
const PHONE6 = 'fe80::414:409d:8afd:9f05';

/** An mDNS flow from `sender` to the group, as the flow table opens it. */
function groupFlow(sender: string): Flow {
  const f = mkFlow(0, 'udp', 5353, 5353);
  return { ...f, client: { ip: sender, port: 5353 }, server: { ip: sender.includes(':') ? 'ff02::fb' : '224.0.0.251', port: 5353 } };
}
const send = (sender: string, ...datagrams: Uint8Array[]) => drive(groupFlow(sender), datagrams.map((d) => ['upload', d] as const));

describe('mDNS in real captures: queries say nothing of their sender', () => {
  it("ntop-nDPI__wa_voice: the phone's browse queries, one with a known answer for the iMac, read and left alone", () => {
    const x = extract(wild('ntop-nDPI__wa_voice.pcap'));
    const mdns = x.records.mdns ?? [];
    expect(x.apps.filter(([, app]) => app === 'mdns').map(([f]) => x.flows[f].client.ip)).toEqual(['192.168.2.12', PHONE6]);
    expect(mdns.map((m) => `${m.frame} ${m.response ? 'response' : 'query'} ${m.questions.length}q ${m.records.join('/')} own ${m.own}`)).toEqual([
      '199 query 2q 0/0/0 own 0', '200 query 2q 0/0/0 own 0', '210 query 2q 0/0/0 own 0', '211 query 2q 0/0/0 own 0', '347 query 2q 0/0/0 own 0',
      '348 query 2q 0/0/0 own 0', '358 query 2q 0/0/0 own 0', '359 query 2q 0/0/0 own 0', '632 query 5q 1/0/0 own 0', '633 query 5q 1/0/0 own 0',
    ]);
    expect(mdns[0].questions).toEqual(['_raop._tcp.local PTR', '_airplay._tcp.local PTR']);
    expect(mdns[8].questions).toEqual(['_homekit._tcp.local PTR', '_companion-link._tcp.local PTR', '_sleep-proxy._udp.local PTR', '_raop._tcp.local PTR', '_airplay._tcp.local PTR']);
    // The known answer, read as UTF-8 with its case: the iMac's name, not the phone's.
    const frame632 = flowEvents(wild('ntop-nDPI__wa_voice.pcap'), mdns[8].flow).events.find((e) => e.frame === 632)!;
    expect(parseMdns(frame632.bytes)!.records.map((r) => [r.section, r.name.join('.'), r.data])).toEqual([
      ['answer', '_companion-link._tcp.local', { kind: 'name', target: ['Luca’s iMac', '_companion-link', '_tcp', 'local'] }],
    ]);
    expect(x.fields.filter((f) => f.protocol === 'mdns')).toEqual([]);
    expect(x.scans.filter((s) => s.protocol === 'mdns')).toEqual([]);
    expect(x.warnings.filter((w) => w.code === 'mdns-malformed')).toEqual([]);
  });

  it('the whole engine on ntop-nDPI__wa_voice: "Luca’s iMac" (labelled other device) is neither a finding nor another\'s', async () => {
    const report = await analyzeFile(wild('ntop-nDPI__wa_voice.pcap').path);
    expect(report.flows.filter((f) => f.protocol === 'mdns')).toHaveLength(2);
    expect([...report.findings, ...(report.other_findings ?? [])].filter((f) => f.protocol === 'mdns')).toEqual([]);
  });

  /** [capture, sender, mDNS messages, first message's questions]. */
  const ROWS: [ReturnType<typeof wild>, string, number, string[]][] = [
    [wild('ntop-nDPI__zoom_p2p.pcapng'), '192.168.12.1', 3, ['_ipps._tcp.local PTR', '_ftp._tcp.local PTR', '_webdav._tcp.local PTR', '_webdavs._tcp.local PTR', '_sftp-ssh._tcp.local PTR', '_smb._tcp.local PTR', '_afpovertcp._tcp.local PTR', '_nfs._tcp.local PTR', '_ipp._tcp.local PTR']],
    [wild('ntop-nDPI__telegram_videocall.pcapng'), '192.168.12.1', 2, ['_ipps._tcp.local PTR', '_ipp._tcp.local PTR']],
    [wild('ntop-nDPI__zoom.pcap'), '192.168.1.117', 1, ['_spotify-connect._tcp.local PTR']],
    [wild('ntop-nDPI__whatsapp_login_chat.pcap'), '192.168.2.4', 2, ['_raop._tcp.local PTR', '_airplay._tcp.local PTR']],
    [external('ethernet-eve__test.pcap'), '192.168.56.1', 2, ['_daap._tcp.local PTR', '_ipp._tcp.local PTR', '_ipps._tcp.local PTR']],
  ];
  it.each(ROWS.map((r) => [r[0].name, ...r] as const))('%s', (_n, src, sender, count, questions) => {
    const x = extract(src);
    const mdns = x.records.mdns ?? [];
    expect(mdns).toHaveLength(count);
    expect(x.flows[mdns[0].flow].client.ip).toBe(sender);
    expect(mdns[0].questions).toEqual(questions);
    expect(mdns.every((m) => !m.response && m.own === 0)).toBe(true);
    expect(x.fields.filter((f) => f.protocol === 'mdns')).toEqual([]);
  });
});

/** The announcement an iPhone makes of itself, its services and its addresses. */
function iphoneAnnouncement(opts: { owner?: boolean } = {}): Uint8Array {
  const m = new DnsWire(0x8400)
    .rr(1, '_companion-link._tcp.local', T.PTR, ptr('Luca’s iPhone._companion-link._tcp.local'), 1)
    .rr(1, 'Luca’s iPhone._companion-link._tcp.local', T.SRV, srv(49152, 'Lucas-iPhone.local'))
    .rr(1, 'Luca’s iPhone._companion-link._tcp.local', T.TXT, txt('rpMd=iPhone12,1', 'rpVr=195.2', 'rpBA=B7:0F:AA:9C:79:D6', 'rpHA=44af0eef5be6', 'rpFl=0x20000'))
    .rr(1, 'Luca’s iPhone._device-info._tcp.local', T.TXT, txt('model=iPhone12,1', 'osxvers=20', 'note=lucas.martin@example.com'))
    .rr(1, 'Luca’s iPhone._airplay._tcp.local', T.TXT, txt('deviceid=90:B9:31:28:FA:CA', 'features=0x4A7FDFD5,0xBC157FDE', 'srcvers=366.0', 'pk=' + 'ab'.repeat(32)))
    .rr(1, '5.1.168.192.in-addr.arpa', T.PTR, ptr('Lucas-iPhone.local'))
    .rr(3, 'Lucas-iPhone.local', T.A, a(PHONE))
    .rr(3, 'Lucas-iPhone.local', T.AAAA, aaaa([0xfe80, 0, 0, 0, 0x414, 0x409d, 0x8afd, 0x9f05]))
    .rr(3, 'Lucas-iPhone.local', T.HINFO, hinfo('ARM64', 'DARWIN'));
  if (opts.owner !== false) m.rr(3, '', T.OPT, owner('90:b9:31:28:fa:ca'), 1440, 0x1194);
  return m.bytes();
}

const IPHONE_FIELDS = [
  'mac 90:b9:31:28:fa:ca (EDNS0 Owner option: 90:b9:31:28:fa:ca)',
  'device_name Luca’s iPhone (mDNS service instance: Luca’s iPhone._companion-link._tcp.local)',
  'device_name Lucas-iPhone (mDNS host name: Lucas-iPhone.local)',
  'model iPhone12,1 (mDNS TXT: rpMd=iPhone12,1)',
  'mac b7:0f:aa:9c:79:d6 (mDNS TXT: rpBA=B7:0F:AA:9C:79:D6)',
];

describe('what a device announces about itself', () => {
  it("an iPhone's announcement: host and instance names, model and MACs by their keys; other TXT strings and HINFO scanned", () => {
    const c = send(PHONE, iphoneAnnouncement());
    expect(c.fields.map(field)).toEqual(IPHONE_FIELDS);
    expect(c.fields.every((f) => f.protocol === 'mdns' && f.direction === 'upload' && f.frame === 1)).toBe(true);
    // Versions, feature bits, the public key and rotating hashes are not scanned; nor are strings read as fields.
    expect(c.scans.map((s) => `${s.protocol} ${s.part} ${latin1(s.bytes)}`)).toEqual(['mdns txt note=lucas.martin@example.com', 'mdns hinfo ARM64', 'mdns hinfo DARWIN']);
    expect(c.of('mdns')).toEqual([{ flow: 0, frame: 1, direction: 'upload', response: true, questions: [], records: [6, 0, 4], own: 10 }]);
    expect(c.warnings).toEqual([]);
  });

  it('the same from its IPv6 link-local address (its AAAA record)', () => {
    expect(send(PHONE6, iphoneAnnouncement()).fields.map(field)).toEqual(IPHONE_FIELDS);
  });

  it('records that speak for another host (a Sleep Proxy at .7 answering for the phone) are not read', () => {
    const c = send('192.168.1.7', iphoneAnnouncement({ owner: false }));
    expect(c.fields).toEqual([]);
    expect(c.scans).toEqual([]);
    expect(c.of('mdns').map((m) => m.own)).toEqual([0]);
  });

  it('TXT values are kept whole: Apple model codes with their comma, a Cast device\'s name; MACs in AirPort pairs, RAOP and Avahi instances', () => {
    const m = new DnsWire(0x8400)
      .rr(1, 'Lucas iMac._device-info._tcp.local', T.TXT, txt('model=iMac11,3'))
      .rr(1, 'Chromecast-Ultra-9f2d._googlecast._tcp.local', T.TXT, txt('id=9f2d4e1c0b6a4a5e8c3d2b1a09f8e7d6', 'md=Chromecast Ultra', 'fn=Living Room TV'))
      .rr(1, '5855CA1AE288@Luca’s iMac._raop._tcp.local', T.TXT, txt('am=iMac11,3', 'vs=366.0'))
      .rr(1, 'Base Station._airport._tcp.local', T.TXT, txt('waMA=00-24-36-A7-27-1A,raMA=00-24-36-A9-8F-A2,raNm=MyNet,syVs=7.6.8'))
      .rr(1, 'lucas-pc [00:1e:c9:2a:33:b1]._workstation._tcp.local', T.SRV, srv(9, 'lucas-pc.local'))
      .rr(1, 'Bridge._hap._tcp.local', T.TXT, txt('id=3C:2E:F9:11:22:33', 'md=Hue Bridge'))
      .bytes();
    expect(send(PHONE, m).fields.map(field)).toEqual([
      'device_name Lucas iMac (mDNS service instance: Lucas iMac._device-info._tcp.local)',
      'model iMac11,3 (mDNS TXT: model=iMac11,3)',
      'model Chromecast Ultra (mDNS TXT: md=Chromecast Ultra)',
      'device_name Living Room TV (mDNS TXT: fn=Living Room TV)',
      'mac 58:55:ca:1a:e2:88 (mDNS service instance: 5855CA1AE288@Luca’s iMac._raop._tcp.local)',
      'device_name Luca’s iMac (mDNS service instance: 5855CA1AE288@Luca’s iMac._raop._tcp.local)',
      'mac 00:24:36:a7:27:1a (mDNS TXT: waMA=00-24-36-A7-27-1A,raMA=00-24-36-A9-8F-A2,raNm=MyNet,syVs=7.6.8)',
      'mac 00:24:36:a9:8f:a2 (mDNS TXT: waMA=00-24-36-A7-27-1A,raMA=00-24-36-A9-8F-A2,raNm=MyNet,syVs=7.6.8)',
      'device_name lucas-pc (mDNS host name: lucas-pc.local)',
      'mac 00:1e:c9:2a:33:b1 (mDNS service instance: lucas-pc [00:1e:c9:2a:33:b1]._workstation._tcp.local)',
      // HomeKit's id is a random id written like a MAC: not read as one.
      'model Hue Bridge (mDNS TXT: md=Hue Bridge)',
    ]);
  });

  it('host names the maker gave are not device names; android-<ANDROID_ID> is the Android ID', () => {
    const host = (name: string) => send(PHONE, new DnsWire(0x8400).rr(1, `${name}.local`, T.A, a(PHONE)).bytes()).fields.map(field);
    expect(host('Android')).toEqual([]);
    expect(host('iPhone')).toEqual([]);
    expect(host('DESKTOP-7K2M9QX')).toEqual([]);
    expect(host('android-1a2b3c4d5e6f7a8b')).toEqual(['android_id 1a2b3c4d5e6f7a8b (mDNS host name: android-1a2b3c4d5e6f7a8b.local)']);
  });
});

describe('queries: only a probe names its sender', () => {
  it('a probe (ANY questions, the proposed records in Authority) is the sender claiming its names', () => {
    const probe = new DnsWire(0)
      .question('Lucas-iPhone.local', T.ANY, 0x8001)
      .question('Luca’s iPhone._companion-link._tcp.local', T.ANY, 0x8001)
      .rr(2, 'Lucas-iPhone.local', T.A, a(PHONE), 1)
      .rr(2, 'Luca’s iPhone._companion-link._tcp.local', T.SRV, srv(49152, 'Lucas-iPhone.local'), 1)
      .bytes();
    const c = send(PHONE, probe);
    expect(c.fields.map(field)).toEqual([
      'device_name Lucas-iPhone (mDNS host name: Lucas-iPhone.local)',
      'device_name Luca’s iPhone (mDNS service instance: Luca’s iPhone._companion-link._tcp.local)',
    ]);
    expect(c.of('mdns')[0]).toMatchObject({ response: false, questions: ['Lucas-iPhone.local ANY', 'Luca’s iPhone._companion-link._tcp.local ANY'], records: [0, 2, 0], own: 2 });
  });

  it('an ANY question without proposed records, a lookup of a host, a browse with known answers: nothing', () => {
    const bare = new DnsWire(0).question('Lucas-iPhone.local', T.ANY).bytes();
    const lookup = new DnsWire(0).question('Marie-iPad.local', T.A).question('Marie-iPad.local', T.AAAA).bytes();
    const known = new DnsWire(0).question('_companion-link._tcp.local', T.PTR).rr(1, '_companion-link._tcp.local', T.PTR, ptr('Marie’s iPad._companion-link._tcp.local'), 1).bytes();
    const c = send(PHONE, bare, lookup, known);
    expect(c.fields).toEqual([]);
    expect(c.scans).toEqual([]);
    expect(c.of('mdns').map((m) => `${m.questions.join(', ')} ${m.records.join('/')} own ${m.own}`)).toEqual([
      'Lucas-iPhone.local ANY 0/0/0 own 0', 'Marie-iPad.local A, Marie-iPad.local AAAA 0/0/0 own 0', '_companion-link._tcp.local PTR 1/0/0 own 0',
    ]);
  });

  it('a damaged datagram warns and keeps what was read before the damage', () => {
    const whole = iphoneAnnouncement();
    const cut = whole.subarray(0, 120);
    const c = send(PHONE, cut, whole.subarray(0, 8));
    expect(c.warnings.map((w) => w.code)).toEqual(['mdns-malformed', 'mdns-malformed']);
    expect(c.warnings[1].message).toMatch(/shorter than a DNS header/);
    expect(c.fields.map(field)).toEqual(IPHONE_FIELDS.slice(1, 3));
  });
});

describe('the whole engine: whose announcements are findings', () => {
  it("the device's own announcement is its finding (local); another device's on the LAN is another's", async () => {
    const PHONE_MAC = '90:b9:31:28:fa:ca';
    const ipad = new DnsWire(0x8400)
      .rr(1, 'Marie-iPad.local', T.A, a('192.168.1.9'))
      .rr(1, 'Marie’s iPad._device-info._tcp.local', T.TXT, txt('model=iPad8,1'))
      .bytes();
    const frames = [
      // The phone opens unicast flows (it is the device under test), then announces itself.
      ...[443, 5223, 8443].map((port) => udpFrame(PHONE_MAC, PHONE, 50000 + port, '17.57.146.20', port, new Uint8Array(24))),
      udpFrame(PHONE_MAC, PHONE, 5353, '224.0.0.251', 5353, iphoneAnnouncement()),
      udpFrame('aa:bb:cc:00:11:22', '192.168.1.9', 5353, '224.0.0.251', 5353, ipad),
    ];
    const path = join(mkdtempSync(join(tmpdir(), 'mdns-')), 'lan.pcap');
    writeFileSync(path, ethernetPcap(frames));
    const report = await analyzeFile(path);
    expect(report.device!.ips).toEqual([PHONE]);
    const mine = report.findings.filter((f) => f.protocol === 'mdns').map((f) => `${f.type} ${f.value} ${f.scope}`);
    expect(mine).toEqual(expect.arrayContaining(['device_name Lucas-iPhone local', 'device_name Luca’s iPhone local', 'model iPhone12,1 local', `mac ${PHONE_MAC} local`]));
    expect(report.device!.name).toBe('Luca’s iPhone');
    expect((report.other_findings ?? []).filter((f) => f.protocol === 'mdns').map((f) => `${f.type} ${f.value} ${f.why}`)).toEqual([
      'device_name Marie-iPad other device', 'device_name Marie’s iPad other device', 'model iPad8,1 other device',
    ]);
  });
});
