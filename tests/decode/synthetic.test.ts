import { describe, expect, it } from 'vitest';
import { PacketDecoder } from '../../src/core/decode';
import type { Packet } from '../../src/core/decode/types';
import type { Warning } from '../../src/core/warnings';
import { ascii, be16, be32, cat, eth, frame, ipv4, ipv6, tcp, udp, vlanTag } from './build';

function setup(): { dec: PacketDecoder; warnings: Warning[] } {
  const warnings: Warning[] = [];
  return { dec: new PacketDecoder((code, message, frame) => warnings.push({ code, message, frame })), warnings };
}

const HTTP = ascii('GET / HTTP/1.1\r\n\r\n');
const ipTcp = ipv4({ proto: 6 }, tcp({ seq: 7 }, HTTP));

function one(ps: Packet[]): Packet {
  expect(ps.length).toBe(1);
  return ps[0];
}

describe('link layers', () => {
  it('Ethernet -> IPv4 -> TCP fills every Packet field', () => {
    const { dec, warnings } = setup();
    const p = one(dec.decode(frame(eth(0x0800, ipTcp), 1, 5, 1.5)));
    expect(p).toMatchObject({
      frame: 5,
      time: 1.5,
      outermost: true,
      ipVersion: 4,
      src: '10.0.0.1',
      dst: '10.0.0.2',
      transport: 'tcp',
      srcPort: 40000,
      dstPort: 80,
      tcp: { seq: 7, ack: 0, flags: 0x18, window: 65535 },
    });
    expect(new TextDecoder().decode(p.payload)).toBe('GET / HTTP/1.1\r\n\r\n');
    expect(warnings).toEqual([]);
  });

  it('802.1Q, QinQ 0x88a8 and 0x9100 stacks', () => {
    const { dec } = setup();
    for (const tags of [[0x8100], [0x88a8, 0x8100], [0x9100, 0x8100], [0x8100, 0x8100, 0x8100]]) {
      const mac = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2];
      const hdr: number[] = [...mac];
      tags.forEach((t, i) => hdr.push(...be16(t), ...be16(10 + i)));
      hdr.push(...be16(0x0800));
      // vlanTag builds the same layout for one tag; check it agrees.
      if (tags.length === 1) expect(hdr.slice(12)).toEqual(vlanTag(0x8100, 10, 0x0800));
      expect(one(dec.decode(frame(cat(hdr, ipTcp)))).transport).toBe('tcp');
    }
  });

  it('802.3 + LLC/SNAP with an ethertype, padding after the length ignored', () => {
    const { dec } = setup();
    const llc = cat([0xaa, 0xaa, 0x03, 0, 0, 0], be16(0x0800), ipTcp);
    const f = cat([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2], be16(llc.length), llc, [0, 0, 0]);
    expect(one(dec.decode(frame(f))).payload.length).toBe(HTTP.length);
  });

  it('Linux SLL (113) and SLL2 (276)', () => {
    const { dec } = setup();
    const sll = cat([0, 0], be16(1), be16(6), [1, 2, 3, 4, 5, 6, 0, 0], be16(0x0800), ipTcp);
    expect(one(dec.decode(frame(sll, 113))).dst).toBe('10.0.0.2');
    const sll2 = cat(be16(0x86dd), [0, 0], be32(2), be16(1), [4, 6], [1, 2, 3, 4, 5, 6, 0, 0], ipv6(6, tcp({})));
    expect(one(dec.decode(frame(sll2, 276))).dst).toBe('2001:db8::2');
  });

  it('NULL (0) in both byte orders, IPv6 families 24/28/30, and LOOP (108)', () => {
    const { dec } = setup();
    const v6 = ipv6(6, tcp({}));
    expect(one(dec.decode(frame(cat([2, 0, 0, 0], ipTcp), 0))).ipVersion).toBe(4);
    expect(one(dec.decode(frame(cat([0, 0, 0, 2], ipTcp), 0))).ipVersion).toBe(4);
    for (const af of [24, 28, 30]) {
      expect(one(dec.decode(frame(cat([af, 0, 0, 0], v6), 0))).ipVersion).toBe(6);
      expect(one(dec.decode(frame(cat([0, 0, 0, af], v6), 0))).ipVersion).toBe(6);
    }
    expect(one(dec.decode(frame(cat([0, 0, 0, 2], ipTcp), 108))).ipVersion).toBe(4);
    expect(one(dec.decode(frame(cat([0, 0, 0, 30], v6), 108))).ipVersion).toBe(6);
  });

  it('PPP (9) with and without FF 03, PPP-HDLC (50), Cisco HDLC (104)', () => {
    const { dec } = setup();
    expect(one(dec.decode(frame(cat([0xff, 0x03, 0, 0x21], ipTcp), 9))).transport).toBe('tcp');
    expect(one(dec.decode(frame(cat([0, 0x21], ipTcp), 9))).transport).toBe('tcp');
    expect(one(dec.decode(frame(cat([0x21], ipTcp), 9))).transport).toBe('tcp'); // compressed protocol
    expect(one(dec.decode(frame(cat([0xff, 0x03, 0, 0x57], ipv6(6, tcp({}))), 50))).ipVersion).toBe(6);
    expect(one(dec.decode(frame(cat([0x0f, 0, 8, 0], ipTcp), 104))).transport).toBe('tcp');
  });

  it('raw IP (101, 12, 14, 228, 229)', () => {
    const { dec } = setup();
    for (const lt of [101, 12, 14, 228]) expect(one(dec.decode(frame(ipTcp, lt))).ipVersion).toBe(4);
    expect(one(dec.decode(frame(ipv6(17, udp(1, 2, ascii('x'))), 229))).transport).toBe('udp');
    expect(one(dec.decode(frame(ipv6(17, udp(1, 2, ascii('x'))), 101))).ipVersion).toBe(6);
  });

  it('PPPoE session and MPLS (IPv4 by nibble, Ethernet pseudowire)', () => {
    const { dec } = setup();
    const ppp = cat([0x11, 0, 0, 1], be16(ipTcp.length + 2), [0, 0x21], ipTcp);
    expect(one(dec.decode(frame(eth(0x8864, ppp)))).transport).toBe('tcp');
    const mpls = cat([0, 1, 0, 64], [0, 2, 1, 64], ipTcp); // two labels, BOS on the second
    expect(one(dec.decode(frame(eth(0x8847, mpls)))).transport).toBe('tcp');
    const pw = cat([0, 1, 1, 64], [0, 0, 0, 0], eth(0x0800, ipTcp));
    expect(one(dec.decode(frame(eth(0x8847, pw)))).transport).toBe('tcp');
  });

  it('unknown link type: one warning, no packets, no throw', () => {
    const { dec, warnings } = setup();
    expect(dec.decode(frame(ipTcp, 147))).toEqual([]);
    expect(dec.decode(frame(ipTcp, 147))).toEqual([]);
    expect(warnings.filter((w) => w.code === 'linktype').length).toBe(1);
  });
});

describe('tunnels', () => {
  it('GRE (0x0800 and bridged Ethernet 0x6558, with key + sequence) and IP-in-IP', () => {
    const { dec } = setup();
    const gre = cat(be16(0x3000), be16(0x6558), be32(5), be32(9), eth(0x0800, ipTcp));
    const p = one(dec.decode(frame(eth(0x0800, ipv4({ proto: 47, src: [1, 1, 1, 1], dst: [2, 2, 2, 2] }, gre)))));
    expect([p.src, p.tunnelDepth, p.outermost]).toEqual(['10.0.0.1', 1, true]);
    const gre4 = cat(be16(0), be16(0x0800), ipTcp);
    expect(one(dec.decode(frame(eth(0x0800, ipv4({ proto: 47 }, gre4))))).transport).toBe('tcp');
    const ipip = ipv4({ proto: 4 }, ipTcp);
    expect(one(dec.decode(frame(eth(0x0800, ipip)))).tunnelDepth).toBe(1);
  });

  it('VXLAN returns the outer UDP packet first (outermost) and the inner packet after', () => {
    const { dec } = setup();
    const vx = cat([8, 0, 0, 0, 0, 0, 1, 0], eth(0x0800, ipTcp));
    const ps = dec.decode(frame(eth(0x0800, ipv4({ proto: 17, src: [9, 9, 9, 9] }, udp(50000, 4789, vx)))));
    expect(ps.map((p) => [p.transport, p.outermost, p.tunnelDepth ?? 0])).toEqual([
      ['udp', true, 0],
      ['tcp', false, 1],
    ]);
  });

  it('Teredo (udp 3544) with an origin indication carries IPv6', () => {
    const { dec } = setup();
    const te = cat([0, 0, 1, 2, 3, 4, 5, 6], ipv6(17, udp(1000, 53, ascii('q'))));
    const ps = dec.decode(frame(eth(0x0800, ipv4({ proto: 17 }, udp(3544, 40000, te)))));
    expect(ps.map((p) => p.ipVersion)).toEqual([4, 6]);
  });

  it('GTP-U (udp 2152): G-PDU with and without extension headers carries IPv4/IPv6', () => {
    const { dec } = setup();
    const gtp = (flags: number, opt: number[], inner: Uint8Array, type = 0xff) =>
      cat([flags, type], be16(opt.length + inner.length), be32(0x07e029a2), opt, inner);
    const outer = (g: Uint8Array) => frame(eth(0x0800, ipv4({ proto: 17, src: [9, 9, 9, 9] }, udp(2152, 2152, g))));
    const plain = dec.decode(outer(gtp(0x30, [], ipTcp)));
    expect(plain.map((p) => [p.transport, p.src, p.tunnelDepth ?? 0])).toEqual([
      ['udp', '9.9.9.9', 0],
      ['tcp', '10.0.0.1', 1],
    ]);
    // E flag: sequence word naming a PDU session container (0x85), 4 bytes long, then none.
    const ext = gtp(0x34, [0, 0, 0, 0x85, 1, 0x10, 0x09, 0], ipv6(6, tcp({})));
    expect(dec.decode(outer(ext)).map((p) => p.ipVersion)).toEqual([4, 6]);
    // Echo request (type 1) and a payload that is not IP: only the outer packet.
    expect(dec.decode(outer(gtp(0x32, [0, 1, 0, 0], new Uint8Array(0), 1))).length).toBe(1);
    expect(dec.decode(outer(gtp(0x30, [], ascii('not ip'))))).toHaveLength(1);
  });

  it('srcMac is the innermost link source and outerSrc the outermost IP source of a tunnelled packet', () => {
    const { dec } = setup();
    const inner = cat([2, 0, 0, 0, 0, 3, 0x0a, 0xbc, 0, 0, 0, 0xff], be16(0x0800), ipTcp);
    const vx = cat([8, 0, 0, 0, 0, 0, 1, 0], inner);
    const ps = dec.decode(frame(eth(0x0800, ipv4({ proto: 17, src: [9, 9, 9, 9] }, udp(50000, 4789, vx)))));
    expect(ps.map((p) => [p.srcMac, p.outerSrc])).toEqual([
      ['02:00:00:00:00:02', undefined],
      ['0a:bc:00:00:00:ff', '9.9.9.9'],
    ]);
    expect(one(dec.decode(frame(cat([2, 0, 0, 0], ipTcp), 0))).srcMac).toBeUndefined();
  });

  it('ICMP errors quoting a TCP packet produce nothing', () => {
    const { dec } = setup();
    const icmp = cat([3, 4, 0, 0, 0, 0, 5, 0xdc], ipTcp);
    expect(dec.decode(frame(eth(0x0800, ipv4({ proto: 1 }, icmp))))).toEqual([]);
    const icmp6 = cat([1, 4, 0, 0, 0, 0, 0, 0], ipv6(6, tcp({})));
    expect(dec.decode(frame(eth(0x86dd, ipv6(58, icmp6))))).toEqual([]);
  });
});

describe('IPv6 extension headers', () => {
  it('hop-by-hop, routing, destination options, AH, then TCP', () => {
    const { dec } = setup();
    const tcpSeg = tcp({}, ascii('hello'));
    const ah = cat([6, 4], [0, 0], be32(1), be32(1), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // (4+2)*4 = 24 bytes
    const dst = cat([51, 0], [1, 4, 0, 0, 0, 0]);
    const rt = cat([60, 0], [0, 0, 0, 0, 0, 0]);
    const hbh = cat([43, 0], [1, 4, 0, 0, 0, 0]);
    const p = one(dec.decode(frame(eth(0x86dd, ipv6(0, cat(hbh, rt, dst, ah, tcpSeg))))));
    expect(new TextDecoder().decode(p.payload)).toBe('hello');
  });

  it('fragment header: two fragments reassemble, atomic fragment passes straight through', () => {
    const { dec } = setup();
    const seg = tcp({}, ascii('0123456789abcdef0123456789'));
    const f1 = cat([6, 0], be16(0 | 1), be32(77), seg.subarray(0, 24));
    const f2 = cat([6, 0], be16(24), be32(77), seg.subarray(24));
    expect(dec.decode(frame(eth(0x86dd, ipv6(44, f1)), 1, 899, 0))).toEqual([]);
    const p = one(dec.decode(frame(eth(0x86dd, ipv6(44, f2)), 1, 900, 0)));
    expect([p.frame, new TextDecoder().decode(p.payload)]).toEqual([900, '0123456789abcdef0123456789']);
    const atomic = cat([6, 0], be16(0), be32(78), seg);
    expect(one(dec.decode(frame(eth(0x86dd, ipv6(44, atomic))))).payload.length).toBe(26);
  });
});

describe('IPv4 fragments', () => {
  const seg = udp(1234, 53, ascii('AAAAAAAABBBBBBBBCCCCCCCC'));

  it('out of order fragments reassemble; the completing frame gets the packet', () => {
    const { dec, warnings } = setup();
    const a = ipv4({ proto: 17, id: 5, mf: true }, seg.subarray(0, 16));
    const b = ipv4({ proto: 17, id: 5, fragOff: 16 }, seg.subarray(16));
    expect(dec.decode(frame(eth(0x0800, b), 1, 10, 0))).toEqual([]);
    const p = one(dec.decode(frame(eth(0x0800, a), 1, 11, 0)));
    expect([p.frame, new TextDecoder().decode(p.payload)]).toEqual([11, 'AAAAAAAABBBBBBBBCCCCCCCC']);
    expect(warnings).toEqual([]);
    expect(dec.fragments.pendingCount).toBe(0);
  });

  it('overlaps: first-received bytes win, with a warning naming the frame', () => {
    const { dec, warnings } = setup();
    // Fragment 2 re-sends bytes 8..16 (the A's) as X's and brings 16..24 first: the A's stay
    // (received first) and 16..24 are X (nothing was there before); fragment 3's B's lose.
    dec.decode(frame(eth(0x0800, ipv4({ proto: 17, id: 6, mf: true }, seg.subarray(0, 16))), 1, 20, 0));
    dec.decode(frame(eth(0x0800, ipv4({ proto: 17, id: 6, mf: true, fragOff: 8 }, ascii('XXXXXXXXXXXXXXXX'))), 1, 21, 0));
    const p = one(dec.decode(frame(eth(0x0800, ipv4({ proto: 17, id: 6, fragOff: 16 }, seg.subarray(16))), 1, 22, 0)));
    expect(new TextDecoder().decode(p.payload)).toBe('AAAAAAAAXXXXXXXXCCCCCCCC');
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'ip-frag-overlap', frame: 21 }));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'ip-frag-overlap', frame: 22 }));
  });

  it('timeout and end-of-capture: incomplete datagrams are warned about, never delivered', () => {
    const { dec, warnings } = setup();
    dec.decode(frame(eth(0x0800, ipv4({ proto: 17, id: 7, mf: true }, seg.subarray(0, 16))), 1, 30, 100));
    // 61 s later: the first datagram times out when the next fragment arrives.
    dec.decode(frame(eth(0x0800, ipv4({ proto: 17, id: 8, mf: true }, seg.subarray(0, 16))), 1, 31, 161));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'ip-frag-timeout', frame: 31 }));
    expect(dec.decode(frame(eth(0x0800, ipv4({ proto: 17, id: 7, fragOff: 16 }, seg.subarray(16))), 1, 32, 162))).toEqual([]);
    dec.finish();
    expect(warnings.filter((w) => w.code === 'ip-frag-incomplete').length).toBe(2);
  });

  it('fragment running past 65535 bytes is refused', () => {
    const { dec, warnings } = setup();
    dec.decode(frame(eth(0x0800, ipv4({ proto: 17, id: 9, fragOff: 65528 }, new Uint8Array(100)))));
    expect(warnings.map((w) => w.code)).toContain('ip-frag-too-big');
  });

  it('first fragment cut by the snaplen is dissected as partial (tshark pinfo->fragmented)', () => {
    const { dec } = setup();
    const whole = ipv4({ proto: 6, mf: true, totalLength: 1500 }, tcp({}, ascii('abc')));
    const p = one(dec.decode(frame(eth(0x0800, whole))));
    expect(p.partial).toBe(true);
  });
});

describe('damaged input never throws', () => {
  it('every prefix of nested frames yields warnings, not exceptions', () => {
    const { dec, warnings } = setup();
    const frames = [
      eth(0x0800, ipTcp),
      eth(0x86dd, ipv6(0, cat([44, 0, 1, 4, 0, 0, 0, 0], [6, 0, 0, 1], be32(1), tcp({})))),
      eth(0x0800, ipv4({ proto: 17 }, udp(1, 4789, cat([8, 0, 0, 0, 0, 0, 1, 0], eth(0x8100, ipTcp))))),
      eth(0x0800, ipv4({ proto: 47 }, cat(be16(0xb000), be16(0x0800), be32(0), be32(0), ipTcp))),
    ];
    let n = 1000;
    for (const f of frames) {
      for (let len = 0; len <= f.length; len++) {
        expect(() => dec.decode(frame(f.subarray(0, len), 1, n++))).not.toThrow();
      }
    }
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.frame! >= 1000 && w.code.length > 0)).toBe(true);
  });

  it('bogus IPv4 header length, UDP length below 8, short TCP header', () => {
    const { dec, warnings } = setup();
    const bad = ipv4({ proto: 6 }, tcp({}));
    bad[0] = 0x44; // IHL 16 bytes
    expect(dec.decode(frame(eth(0x0800, bad)))).toEqual([]);
    const u = udp(1, 2, ascii('zz'));
    u[4] = 0;
    u[5] = 4;
    expect(dec.decode(frame(eth(0x0800, ipv4({ proto: 17 }, u))))).toEqual([]);
    expect(dec.decode(frame(eth(0x0800, ipv4({ proto: 6 }, tcp({}).subarray(0, 12)))))).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['ipv4-hlen', 'udp-len', 'tcp-short']);
  });

  it('Ethernet trailer after the IP total length is not payload', () => {
    const { dec } = setup();
    const p = one(dec.decode(frame(eth(0x0800, cat(ipTcp, [0, 0, 0, 0, 0, 0])))));
    expect(p.payload.length).toBe(HTTP.length);
  });
});
