import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/core/bytes';
import { parseDns, readName } from '../../src/core/protocols/dns/dns';
import { ipv6ToString as formatIPv6 } from '../../src/core/bytes';
import type { DnsRecord } from '../../src/core/protocols/dns/records';
import { externalTruth } from '../corpus';
import { drive, external, extract, leak, mkFlow, scanRows, type Source } from './helpers';

/** A record as the table writes it: "flow/frame name type" for a query, then "= answers" for a response. */
const rec = (r: DnsRecord) => `${r.flow}/${r.frame} ${r.name} ${r.type}${r.response ? ` =${r.answers.map((a) => ` ${a}`).join('')}` : ''}`;

interface Row {
  src: Source;
  /** Every DNS record of the capture, in the order emitted. */
  records: string[];
  /** Some of the qname scan inputs: [flow, direction, frame, name]. */
  qnames?: [number, 'upload' | 'download', number, string][];
}

const EXFIL = ['383632323837303235393633353339.i', 'fm4dmmjygyytcnbsha3tmoi.p', '383632323837303235393633353339.fm4dmmjygyytcnbsha3tmoi'].map((n) => `${n}.f37d85b2.d.dnsbeacon.net`);

const ROWS: Row[] = [
  {
    // UDP 53; the answer is a CNAME, then the A records of its target.
    src: external('cond-log-dns-dig__input.pcap'),
    records: ['0/1 www.suricata-ids.org A', '0/2 www.suricata-ids.org A = suricata-ids.org', '0/2 suricata-ids.org A = 192.0.78.24 192.0.78.25'],
    qnames: [[0, 'upload', 1, 'www.suricata-ids.org'], [0, 'download', 2, 'www.suricata-ids.org'], [0, 'download', 2, 'suricata-ids.org']],
  },
  // TCP 53, length-prefixed, query and answer each in their own segment.
  {
    src: external('dns__dns-tcp-www-google-com__dns.pcap'),
    records: ['0/4 www.google.com A', `0/6 www.google.com A =${[244, 224, 238, 210, 230, 223, 245, 231, 251, 237, 217, 216].map((n) => ` 216.197.242.${n}`).join('')}`],
  },
  // TCP 5353 (tshark's DNS-over-TCP port, not mDNS): TXT queries answered with an A.
  { src: external('dns__dns-incomplete__input.pcap'), records: ['0/5 google.net TXT', '0/7 google.com A = 1.2.3.4', '0/11 google.com TXT', '0/13 google.com A = 1.2.3.4'] },
  {
    // Four UDP flows answered out of order; a CNAME chain keyed by its A owner.
    src: external('dns__dns-eve-empty-format__input.pcap'),
    records: [
      '0/1 client-cf.dropbox.com A', '0/2 client-cf.dropbox.com A = 52.85.112.21', '1/3 block.dropbox.com A', '2/4 codemonkey.net A',
      '1/5 block.dropbox.com A = block.g1.dropbox.com', '1/5 block.g1.dropbox.com A = 45.58.70.33', '2/6 codemonkey.net A = 104.131.202.103',
      '3/7 client-cf.dropbox.com A', '3/8 client-cf.dropbox.com A = 52.85.112.21',
    ],
  },
  {
    // Twenty TCP queries in one segment (frame 4), answered one segment each (frames 8..46).
    src: external('dns__dns-tcp-multirequest-buffer__dns-tcp-multirequest-buffer.pcap'),
    records: [...Array.from({ length: 20 }, (_, i) => `0/4 ${i}.google.com A`), ...Array.from({ length: 20 }, (_, i) => `0/${8 + 2 * i} ${i}.google.com A =`)],
  },
  {
    // The leak corpus' exfiltration: the IMEI as hex and the phone as base32 labels (truth frames 1, 3, 5).
    src: leak('09-dns-exfil.pcap'),
    records: EXFIL.flatMap((name, i) => [`${i}/${2 * i + 1} ${name} A`, `${i}/${2 * i + 2} ${name} A = 104.18.30.11`]),
    qnames: EXFIL.map((name, i) => [i, 'upload', 2 * i + 1, name]),
  },
];

describe('DNS in real captures', () => {
  it.each(ROWS.map((r) => [r.src.name, r] as const))('%s', (_name, row) => {
    const x = extract(row.src);
    expect(x.dns.map(rec)).toEqual(row.records);
    for (const f of new Set(x.dns.map((r) => r.flow))) expect(x.apps.filter((a) => a[0] === f), `flow ${f}`).toEqual([[f, 'dns', false]]);
    const qnames = x.scans.filter((s) => s.part === 'qname');
    expect(qnames.every((s) => s.protocol === 'dns' && !s.encryptedOnWire)).toBe(true);
    for (const [flow, dir, frame, name] of row.qnames ?? []) expect(scanRows(qnames, flow)).toContainEqual(['dns', 'qname', dir, frame, name]);
    expect(x.warnings).toEqual([]);
    if (row.src.corpus !== 'external') return;
    // The names are tshark's (dns.qry.name of queries).
    expect([...new Set(x.dns.filter((r) => !r.response).map((r) => r.name))].sort()).toEqual(externalTruth(row.src.name).dns_queries);
  });

  it('mDNS (UDP 5353) and LLMNR (UDP 5355) of real captures are not DNS records: their own protocols read them', () => {
    const eve = extract(external('ethernet-eve__test.pcap'));
    const mdns = eve.flows.filter((f) => f.transport === 'udp' && f.client.port === 5353 && f.server.port === 5353).map((f) => f.id);
    expect(mdns).toEqual([5, 6]);
    const llmnr = extract(external('bug-5162__input.pcap'));
    expect(llmnr.flows[10]).toMatchObject({ transport: 'udp', server: { port: 5355 } });
    // tshark's dns fields are unicast DNS only (the truth's dns_queries hold no .local name).
    for (const [x, flow, app] of [[eve, 5, 'mdns'], [eve, 6, 'mdns'], [llmnr, 10, 'llmnr']] as const) {
      expect(x.dns.filter((r) => r.flow === flow)).toEqual([]);
      expect(x.apps.filter((a) => a[0] === flow).map((a) => a[1])).toEqual([app]);
    }
    // A browse query names services, not its sender: nothing of it goes to the scanner.
    expect(scanRows(eve.scans, 5)).toEqual([]);
    expect(eve.records.mdns?.map((m) => `${m.flow}/${m.frame} ${m.questions.join(', ')}`)).toEqual([
      '5/64 _daap._tcp.local PTR, _ipp._tcp.local PTR, _ipps._tcp.local PTR', '6/110 _daap._tcp.local PTR, _ipp._tcp.local PTR, _ipps._tcp.local PTR',
    ]);
  });
});


// Response for WWW.Example.COM A: CNAME -> edge.cdn.net (compressed), then A/AAAA for edge.cdn.net.
const RESPONSE = fromHex(`
  1234 8180 0001 0003 0000 0000
  03 575757 07 4578616d706c65 03 434f4d 00 0001 0001
  c00c 0005 0001 0000003c 000b 04 65646765 03 63646e c018
  c02d 0001 0001 0000003c 0004 5db8d822
  c02d 001c 0001 0000003c 0010 20010db8000000000000000000000001`);

describe('DNS', () => {
  it('decompresses names and keys answers like the truth (CNAME chains by A owner)', () => {
    const m = parseDns(RESPONSE)!;
    expect(m.questions).toEqual([{ name: 'www.example.com', type: 1 }]);
    expect(m.answers.map((a) => [a.name, a.data])).toEqual([
      ['www.example.com', 'edge.cdn.com'],
      ['edge.cdn.com', '93.184.216.34'],
      ['edge.cdn.com', '2001:db8::1'],
    ]);
    const c = drive(mkFlow(0, 'udp', 53, 40000), [['upload', RESPONSE]]);
    expect(c.dnsRecs.map((r) => [r.name, r.type, r.response, r.answers])).toEqual([
      ['www.example.com', 'A', true, ['edge.cdn.com']],
      ['edge.cdn.com', 'A', true, ['93.184.216.34', '2001:db8::1']],
    ]);
  });

  it('survives a compression pointer loop and a pointer past the end', () => {
    const loop = fromHex('0001 0100 0001 0000 0000 0000 03 616263 c00c 0001 0001');
    const n = readName(loop, 12);
    // Each lap adds a label, so the length cap or the jump budget ends it.
    expect(n.error).toMatch(/pointer loop|too long/);
    const self = fromHex('0001 0100 0001 0000 0000 0000 c00c 0001 0001');
    expect(readName(self, 12).error).toBe('compression pointer loop');
    const c = drive(mkFlow(0, 'udp', 40000, 53), [['upload', loop], ['upload', fromHex('0001 0100 0001 0000 0000 0000 c0ff')], ['upload', fromHex('0001')]]);
    expect(c.warnings.map((w) => [w.code, w.frame, w.message])).toEqual([
      ['dns-malformed', 1, 'DNS message in flow 0: name too long'],
      ['dns-malformed', 2, 'DNS message in flow 0: name runs past the message'],
      ['dns-malformed', 3, 'DNS message shorter than its header in flow 0'],
    ]);
    expect(c.dnsRecs[0].name.startsWith('abc.abc')).toBe(true);
  });

  it('reads DNS over TCP with 2-byte length prefixes split across segments', () => {
    const q = fromHex('0001 0100 0001 0000 0000 0000 03 777777 06 676f6f676c65 03 636f6d 00 0001 0001');
    const framed = new Uint8Array(q.length + 2);
    framed[1] = q.length;
    framed.set(q, 2);
    const c = drive(mkFlow(0, 'tcp', 40000, 53), [['upload', framed.subarray(0, 1)], ['upload', framed.subarray(1, 9)], ['upload', framed.subarray(9)]]);
    expect(c.dnsRecs).toMatchObject([{ name: 'www.google.com', type: 'A', response: false, frame: 3 }]);
  });

  it('does not report mDNS or LLMNR as DNS', () => {
    const q = fromHex('0000 0000 0001 0000 0000 0000 03 666f6f 05 6c6f63616c 00 0001 0001');
    expect(drive(mkFlow(0, 'udp', 5353, 5353), [['upload', q]]).dnsRecs).toHaveLength(0);
    expect(drive(mkFlow(0, 'udp', 40000, 5355), [['upload', q]]).dnsRecs).toHaveLength(0);
  });

  it('formats IPv6 like tshark (RFC 5952)', () => {
    expect(formatIPv6(fromHex('20010db8000000000001000000000001'))).toBe('2001:db8::1:0:0:1');
    expect(formatIPv6(fromHex('20010db8000100000000000000000000'))).toBe('2001:db8:1::');
    expect(formatIPv6(fromHex('00000000000000000000000000000001'))).toBe('::1');
    expect(formatIPv6(fromHex('20010db8000000010001000100010001'))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIPv6(fromHex('fe800000000000000000ffffc0a80001'))).toBe('fe80::ffff:c0a8:1');
    // One text for an address everywhere (issue 11): the DNS reader once printed ::102:304 here.
    expect(formatIPv6(fromHex('00000000000000000000000001020304'))).toBe('::1.2.3.4');
  });
});
