/**
 * LLMNR (src/core/protocols/llmnr): Windows hosts of three real captures checking their own
 * names (ANY queries) and looking up others (A queries for isatap and wpad); answers are made.
 */
import { describe, expect, it } from 'vitest';
import type { FieldFinding } from '../../src/core/extract/types';
import { analyzeFile } from '../pipeline';
import { a, DnsWire, T } from './dnsWire';
import { drive, external, extract, mkFlow } from './helpers';

const field = (f: FieldFinding) => `${f.frame} ${f.type} ${f.value} (${f.context})`;

describe('LLMNR in real captures', () => {
  it('tls-subjectaltname: a Windows 7 laptop checks "User-PC" over IPv6, twice', () => {
    const x = extract(external('tls__tls-subjectaltname__input.pcap'));
    const llmnr = x.records.llmnr ?? [];
    expect(llmnr.map((m) => `${m.flow}/${m.frame} ${m.response ? 'response' : 'query'} ${m.questions.join(', ')}`)).toEqual(['15/134 query User-PC ANY', '15/135 query User-PC ANY']);
    expect(x.flows[15].client.ip).toBe('fe80::b9a3:aa8f:3e8e:fe86');
    expect(x.fields.filter((f) => f.protocol === 'llmnr').map(field)).toEqual([
      '134 device_name User-PC (LLMNR uniqueness query: User-PC)', '135 device_name User-PC (LLMNR uniqueness query: User-PC)',
    ]);
  });

  it('output-eve-ftp-data: lookups of isatap and wpad say nothing; the ANY query is the name DHCP gives too', () => {
    const x = extract(external('output-eve-ftp-data__input.pcap'));
    const llmnr = x.records.llmnr ?? [];
    const questions = new Map<string, number>();
    for (const m of llmnr) for (const q of m.questions) questions.set(q, (questions.get(q) ?? 0) + 1);
    // As tshark counts them (dns.qry.name, dns.qry.type over -Y llmnr).
    expect(Object.fromEntries(questions)).toEqual({ 'isatap A': 60, 'wpad A': 8, 'jaekuryu-HP ANY': 32 });
    expect(llmnr.every((m) => !m.response && m.answers === 0)).toBe(true);
    const names = x.fields.filter((f) => f.protocol === 'llmnr');
    expect(new Set(names.map((f) => f.value))).toEqual(new Set(['jaekuryu-HP']));
    expect(names.map((f) => f.frame)).toEqual([53, 54, 57, 58, 204, 205, 210, 211, 328, 329, 332, 333, 479, 480, 481, 482, 655, 656, 658, 659, 881, 882, 883, 884, 1223, 1224, 1228, 1231, 1270, 1271, 1272, 1273]);
    expect(x.fields.find((f) => f.protocol === 'dhcp' && f.type === 'device_name')?.value).toBe('jaekuryu-HP');
  });

  it("bug-5162: DetectionLab's domain controller (192.168.56.102) checks its name \"dc\"", () => {
    const x = extract(external('bug-5162__input.pcap'));
    expect(x.fields.filter((f) => f.protocol === 'llmnr').map((f) => `${x.flows[f.flow].client.ip} ${f.frame} ${f.value}`)).toEqual(['192.168.56.102 3020 dc', '192.168.56.102 3021 dc']);
  });

  it('the whole engine on tls-subjectaltname: the laptop (by its MAC on the IPv6 flow) is named User-PC, locally', async () => {
    const report = await analyzeFile(external('tls__tls-subjectaltname__input.pcap').path);
    expect(report.device!.name).toBe('User-PC');
    expect(report.findings.filter((f) => f.protocol === 'llmnr').map((f) => `${f.type} ${f.value} ${f.scope} ${f.frames?.join(',')}`)).toEqual(['device_name User-PC local 134,135']);
  });
});

describe('answers (made)', () => {
  const flow = () => ({ ...mkFlow(0, 'udp', 5355, 51234), client: { ip: '192.168.56.104', port: 5355 }, server: { ip: '192.168.56.102', port: 51234 } });
  const answer = (name: string, addr: string) => new DnsWire(0x8000, 0xef5b).question(name, T.A).rr(1, name, T.A, a(addr), 1, 30).bytes();

  it("a responder answering for its own name, at its own address, names itself; one answering with another's address does not", () => {
    const c = drive(flow(), [['upload', answer('WIN10', '192.168.56.104')], ['upload', answer('WEF', '192.168.56.103')]]);
    expect(c.fields.map(field)).toEqual(['1 device_name WIN10 (LLMNR answer: WIN10)']);
    expect(c.of('llmnr').map((m) => `${m.response} ${m.questions.join()} ${m.answers}`)).toEqual(['true WIN10 A 1', 'true WEF A 1']);
  });

  it('factory names are not device names; short datagrams warn', () => {
    const c = drive(flow(), [['upload', new DnsWire(0).question('DESKTOP-7K2M9QX', T.ANY).bytes()], ['upload', new Uint8Array(5)]]);
    expect(c.fields).toEqual([]);
    expect(c.warnings.map((w) => `${w.code} ${w.frame}`)).toEqual(['llmnr-malformed 2']);
  });
});
