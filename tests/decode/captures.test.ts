import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL, externalCapture, externalTruth as truth } from '../corpus';
import { decodeCapture, flowCapture } from '../pipeline';

const decodeAll = (file: string) => decodeCapture(externalCapture(file));
const countFlows = (file: string) => flowCapture(externalCapture(file));

function filesWith(category: string): string[] {
  return readFileSync(join(EXTERNAL, 'list.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((r) => r[5].split(',').includes(category))
    .map((r) => r[0]);
}

describe('link types from the corpus', () => {
  const cases: [string, number[]][] = [
    ['lt:null', [0]],
    ['lt:linux-sll', [113]],
    ['lt:linux-sll2', [276]],
    ['lt:ppp', [9]],
    ['lt:chdlc', [104]],
    ['lt:rawip', [101, 12, 14]],
    ['lt:rawip4', [228]],
  ];
  for (const [cat, lts] of cases) {
    it(`${cat}: every capture decodes and its flow counts match tshark`, () => {
      const files = filesWith(cat);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const d = decodeAll(f);
        for (const lt of d.linktypes) expect(lts).toContain(lt);
        const t = truth(f);
        const c = countFlows(f);
        expect([f, c.tcp, c.udp]).toEqual([f, t.tcp_streams, t.udp_streams]);
        if (t.tcp_streams + t.udp_streams > 0) expect(d.packets.length).toBeGreaterThan(0);
      }
    });
  }

  it('SLL2: one HTTP connection, 5 packets from 10.0.0.x style addresses', () => {
    const d = decodeAll('decode-sll2-01__input.pcap');
    expect(d.packets.length).toBe(5);
    expect(d.packets.every((p) => p.transport === 'tcp' && p.outermost)).toBe(true);
    expect(d.warnings).toEqual([]);
  });

  it('NULL link type, both byte orders of the address family (IPv4 and IPv6)', () => {
    const v4 = decodeAll('http-async__input.pcap');
    expect(v4.packets.length).toBe(16);
    expect(v4.packets[0].ipVersion).toBe(4);
    const v6 = decodeAll('http-ipv6__input.pcap');
    expect(v6.packets.length).toBe(14);
    expect(v6.packets.every((p) => p.ipVersion === 6)).toBe(true);
  });
});

describe('VLAN captures', () => {
  it('all decode with flow counts equal to tshark', () => {
    const files = filesWith('vlan');
    expect(files.length).toBe(12);
    for (const f of files) {
      const t = truth(f);
      const c = countFlows(f);
      expect([f, c.tcp, c.udp]).toEqual([f, t.tcp_streams, t.udp_streams]);
    }
  });
});

describe('IPv6 extension headers', () => {
  it('hop-by-hop + destination options + routing before UDP', () => {
    const d = decodeAll('ipv6-hdr-keyword-02__input.pcap');
    expect(d.packets.length).toBe(1);
    expect(d.packets[0].transport).toBe('udp');
    expect(d.packets[0].ipVersion).toBe(6);
    expect(d.warnings).toEqual([]);
  });

  it('IPv6 in IPv4 (protocol 41) yields the inner TCP packet as outermost', () => {
    const d = decodeAll('bug-4571-04__ipv6_over_ipv4.pcap');
    expect(d.packets.length).toBe(1);
    expect(d.packets[0].ipVersion).toBe(6);
    expect(d.packets[0].tunnelDepth).toBe(1);
    expect(d.packets[0].outermost).toBe(true);
  });

  it('wrong IP version in an IPv4 ethertype is a warning, not a packet', () => {
    const d = decodeAll('bug-7964-01__wrong-version-ipv4-ipv6.pcap');
    expect(d.packets.length).toBe(0);
    expect(d.warnings.map((w) => w.code)).toContain('ipv4-version');
    expect(d.warnings.every((w) => typeof w.frame === 'number')).toBe(true);
  });
});

describe('IP fragment reassembly (captures with ip_fragments > 0)', () => {
  it('PPP IPv4: three fragments rebuild one TCP SYN in the last fragment frame', () => {
    const d = decodeAll('defrag__bug-6887-defrag-ppp-ipv4-tcp-syn__frag-ppp-ip-tcp-syn.pcap');
    expect(d.packets.length).toBe(1);
    const p = d.packets[0];
    expect(p.transport).toBe('tcp');
    expect(p.tcp!.flags & 2).toBe(2);
    expect(p.frame).toBe(3);
    expect(p.partial).toBeUndefined();
  });

  it('IPv6 fragment header with a malformed fragment: nothing is invented', () => {
    const d = decodeAll('ipv6-evasion__ipv6-malformed-fragments-26__frag-26.pcap');
    expect(d.packets.length).toBe(0);
    expect(d.warnings.length).toBeGreaterThan(0);
  });

  it('IPv6 atomic/complete fragment in an HTTP session decodes', () => {
    const d = decodeAll('firewall__tcp-session-ipv6-decode-malformed__input.pcap');
    expect(d.packets.length).toBe(8);
    expect(new Set(d.packets.map((p) => `${p.src} ${p.dst}`)).size).toBe(2);
  });

  it('a lone fragment never completes and is reported at the end', () => {
    const d = decodeAll('drop-protocol-change__input.pcap');
    expect(d.warnings.map((w) => w.code)).toContain('ip-frag-incomplete');
  });
});

describe('tunnels', () => {
  it('VXLAN: outer UDP packet plus inner packets, only the outer one is outermost', () => {
    const d = decodeAll('vxlan-non-zero-reserved-fields__input.pcap');
    const outer = d.packets.filter((p) => p.outermost);
    const inner = d.packets.filter((p) => !p.outermost);
    // 10 frames, each one VXLAN datagram around one TCP segment.
    expect([d.frames, outer.length, inner.length]).toEqual([10, 10, 10]);
    expect(outer.every((p) => p.transport === 'udp' && p.dstPort === 4789)).toBe(true);
    expect(inner.every((p) => p.transport === 'tcp' && p.tunnelDepth === 1)).toBe(true);
  });

  it('GRE + Geneve captures give the tshark counts', () => {
    for (const f of ['bug-6402-01__input.pcap', 'bug-2576-02-ips__temp1.pcap', 'decode-teredo-01__input.pcap']) {
      const t = truth(f);
      const c = countFlows(f);
      expect([f, c.tcp, c.udp]).toEqual([f, t.tcp_streams, t.udp_streams]);
    }
  });

  it('packets quoted in ICMP errors produce no packets', () => {
    const d = decodeAll('filestore-5408__input.pcap');
    // Frames 9, 20, 58, 69, 78, 117 are ICMP "fragmentation needed" quoting HTTP segments.
    for (const n of [9, 20, 58, 69, 78, 117]) expect(d.packets.filter((p) => p.frame === n)).toEqual([]);
  });
});
