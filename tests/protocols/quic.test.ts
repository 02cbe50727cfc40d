import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../src/core/bytes';
import { initialKeys, openPacket, QUIC_V1, QUIC_V2, sealPacket } from '../../src/core/protocols/quic/quicCrypto';
import type { TlsHello } from '../../src/core/protocols/tls/records';
import { externalTruth } from '../corpus';
import { drive, external, extract, mkFlow, scanRows } from './helpers';

/** A QUIC ClientHello as the table writes it: "flow/frame SNI JA3 [ALPN] version". */
const hello = (h: TlsHello) => `${h.flow}/${h.frame} ${h.sni} ${h.ja3} [${h.alpn.join(',')}] ${h.version}`;

/** Real QUIC captures: every client Initial's ClientHello (after a Retry, the second one too). */
const ROWS: [file: string, hellos: string[]][] = [
  ['quic-retry__input.pcap', ['0/2 www.gravatar.com 0b0b4e88770444edb82150180c407471 [h3] quic-v1', '0/6 www.gravatar.com 0b0b4e88770444edb82150180c407471 [h3] quic-v1']],
  ['quic-retry-multiple__input.pcap', ['0/2 public-api.wordpress.com 399f55fb0c66675d155fb160088d1143 [h3] quic-v1', '0/5 public-api.wordpress.com 399f55fb0c66675d155fb160088d1143 [h3] quic-v1']],
  ['quic-initial-not-first__input.pcap', ['0/1 scontent-ams4-1.xx.fbcdn.net 9a78264e64e221797705e75a3c55df01 [h3] quic-v1']],
  // CRYPTO frames out of order across Initials; the same capture as pcapng.
  ['quic-frag-unordered__input.pcap', ['0/2 mastodon.social 272f82e5021102e1a2dda48dca35e0a1 [h3] quic-v1']],
  ['quic-frag-unordered__input.tsresol6.pcapng', ['0/2 mastodon.social 272f82e5021102e1a2dda48dca35e0a1 [h3] quic-v1']],
  ['quic-frag-wait__input.pcap', ['0/2 www.google.com 4a6553630c18ffea07ed77ebed6f499b [h3] quic-v1']],
  // TLS over TCP first (flow 0), then QUIC to the same server.
  ['ja4-rules-disabled__input.pcap', ['1/47 cloudflare-quic.com 3cbc33c648fe331404456f48a5a27170 [h3] quic-v1']],
];

describe('QUIC in real captures', () => {
  it.each(ROWS)('%s', (file, hellos) => {
    const x = extract(external(file));
    const quic = x.tls.filter((h) => h.transport === 'udp');
    expect(quic.map(hello)).toEqual(hellos);
    for (const f of new Set(quic.map((h) => h.flow))) {
      expect(x.apps.filter((a) => a[0] === f)).toEqual([[f, 'quic', true]]);
      // The SNI is the flow's only scan input: every datagram, short headers too, is QUIC's.
      expect(scanRows(x.scans, f)).toEqual(quic.filter((h) => h.flow === f).map((h) => ['quic', 'sni', 'upload', h.frame, h.sni]));
    }
    expect(x.scans.filter((s) => s.protocol === 'quic').every((s) => s.encryptedOnWire)).toBe(true);
    expect(x.warnings).toEqual([]);
    // The SNI is tshark's (tls.handshake.extensions_server_name over quic).
    expect([...new Set(quic.map((h) => h.sni))].sort()).toEqual(externalTruth(file).quic_sni);
  });

  it('gQUIC (quic-cyu: Google QUIC, not v1/v2) is not this handler\'s: the gquic protocol reads its CHLO', () => {
    const x = extract(external('quic-cyu__input.pcap'));
    expect(x.tls.map((t) => [t.sni, t.version])).toEqual([['accounts.google.com', 'gquic-q046']]);
    expect(x.apps).toEqual([[0, 'quic', true]]);
    // tshark 4.0.17's quic_sni holds IETF QUIC's TLS SNI only; gQUIC's is its gquic.tag.sni.
    expect(externalTruth('quic-cyu__input.pcap').quic_sni).toEqual([]);
  });
});


// RFC 9001 Appendix A.
const DCID = fromHex('8394c8f03e515708');
const HEADER = fromHex('c300000001088394c8f03e5157080000449e00000002');
const CRYPTO = fromHex(`
  060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868
  04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578
  616d706c652e636f6dff01000100000a00080006001d00170018001000070005
  04616c706e000500050100000000003300260024001d00209370b2c9caa47fba
  baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400
  0d0010000e0403050306030203080408050806002d00020101001c0002400100
  3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000
  75300901100f088394c8f03e51570806048000ffff`);
const PROTECTED_PREFIX =
  'c000000001088394c8f03e5157080000449e7b9aec34d1b1c98dd7689fb8ec11' +
  'd242b123dc9bd8bab936b47d92ec356c0bab7df5976d27cd449f63300099f399' +
  '1c260ec4c60d17b31f8429157bb35a1282a643a8d2262cad67500cadb8e7378c' +
  '8eb7539ec4d4905fed1bee1fc8aafba17c750e2c7ace01e6005f80fcb7df6212' +
  '30c83711b39343fa028cea7f7fb5ff89eac2308249a02252155e2347b63d58c5';

/** The A.2 packet: CRYPTO frame padded so the packet is 1200 bytes (Length 0x449e = 1182). */
function a2Packet(): Uint8Array {
  const payload = new Uint8Array(1182 - 4 - 16);
  payload.set(CRYPTO);
  return sealPacket(initialKeys(DCID, QUIC_V1), HEADER, 18, 2, payload);
}

describe('QUIC Initial protection', () => {
  /** RFC 9001 A.1 (v1) and RFC 9369 A.1 (v2): the Initial secrets of DCID 8394c8f03e515708, in hex. */
  const VECTORS: [string, number, 'client' | 'server', Partial<Record<'secret' | 'key' | 'iv' | 'hp', string>>][] = [
    ['RFC 9001 A.1 client', QUIC_V1, 'client', { secret: 'c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea', key: '1f369613dd76d5467730efcbe3b1a22d', iv: 'fa044b2f42a3fd3b46fb255c', hp: '9f50449e04a0e810283a1e9933adedd2' }],
    ['RFC 9001 A.1 server', QUIC_V1, 'server', { key: 'cf3a5331653c364c88f0f379b6067e37' }],
    ['RFC 9369 A.1 QUIC v2 client', QUIC_V2, 'client', { secret: '14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b', key: '8b1a0bc121284290a29e0971b5cd045d', iv: '91f73e2351d8fa91660e909f', hp: '45b95e15235d6f45a6b19cbcb0294ba9' }],
  ];

  it.each(VECTORS)('derives the %s keys', (_name, version, side, want) => {
    const k = initialKeys(DCID, version, side);
    const got = Object.fromEntries(Object.keys(want).map((f) => [f, hex(k[f as keyof typeof want])]));
    expect(got).toEqual(want);
  });

  it('reproduces the RFC 9001 A.2 protected client Initial and opens it again', () => {
    const pkt = a2Packet();
    expect(pkt.length).toBe(1200);
    expect(hex(pkt.subarray(0, PROTECTED_PREFIX.length / 2))).toBe(PROTECTED_PREFIX);
    const o = openPacket(initialKeys(DCID, QUIC_V1), pkt, 18, -1)!;
    expect(o.pn).toBe(2);
    expect(hex(o.payload.subarray(0, CRYPTO.length))).toBe(hex(CRYPTO));
    // Wrong keys fail authentication instead of throwing.
    expect(openPacket(initialKeys(fromHex('0011'), QUIC_V1), pkt, 18, -1)).toBeNull();
  });

  it('reports the ClientHello of the A.2 packet (SNI, ALPN, JA3)', () => {
    const c = drive(mkFlow(0, 'udp', 50000, 443), [['upload', a2Packet()]]);
    expect(c.hellos).toHaveLength(1);
    const h = c.hellos[0];
    expect(h).toMatchObject({ transport: 'udp', sni: 'example.com', alpn: ['alpn'], version: 'quic-v1' });
    expect(h.ja3Full).toBe('771,4865-4866,0-65281-10-16-5-51-43-13-45-28-57,29-23-24,');
    expect(c.apps).toContainEqual([0, 'quic', true]);
    expect(c.scans.find((s) => s.part === 'sni')?.encryptedOnWire).toBe(true);
  });

  it('reassembles CRYPTO frames split over two packets, out of order, coalesced with junk', () => {
    const keys = initialKeys(DCID, QUIC_V1);
    const ch = CRYPTO.subarray(4); // the handshake message after the frame header
    const mk = (pn: number, off: number, data: Uint8Array) => {
      // CRYPTO frame with 2-byte varints for offset and length, then PADDING.
      const f = new Uint8Array(1100);
      f.set([0x06, 0x40 | (off >> 8), off & 0xff, 0x40 | (data.length >> 8), data.length & 0xff]);
      f.set(data, 5);
      const len = 4 + f.length + 16;
      const h = fromHex(`c300000001088394c8f03e51570800004${(len >> 8).toString(16)}${(len & 0xff).toString(16).padStart(2, '0')}0000000${pn}`);
      return sealPacket(keys, h, 18, pn, f);
    };
    const p1 = mk(1, 0, ch.subarray(0, 100));
    const p2 = mk(2, 100, ch.subarray(100));
    // Coalesce p1 with a trailing short-header packet (ignored).
    const d1 = new Uint8Array(p1.length + 30);
    d1.set(p1);
    d1[p1.length] = 0x40;
    const c = drive(mkFlow(0, 'udp', 50000, 443), [['upload', p2], ['download', fromHex('40aabbcc')], ['upload', d1]]);
    expect(c.hellos.map((h) => [h.sni, h.frame])).toEqual([['example.com', 3]]);
  });
});
