import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/core/bytes';
import { parseDns, readName } from '../../src/core/protocols/dns/dns';
import { ipv6ToString as formatIPv6 } from '../../src/core/bytes';
import { drive, mkFlow } from './helpers';

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
