import { describe, expect, it } from 'vitest';
import { PacketDecoder } from '../../src/core/decode';
import { linktypeName } from '../../src/core/capture/linktypes';
import type { Warning } from '../../src/core/warnings';
import { ascii, be16, be32, cat, eth, frame, ipv4, ipv6, snap, tcp, udp, wlan } from './build';

function setup(): { dec: PacketDecoder; warnings: Warning[] } {
  const warnings: Warning[] = [];
  return { dec: new PacketDecoder((code, message, frame) => warnings.push({ code, message, frame })), warnings };
}

const ipTcp = ipv4({ proto: 6 }, tcp({}, ascii('GET / HTTP/1.1\r\n\r\n')));
const le16 = (v: number): number[] => [v & 255, (v >> 8) & 255];
const le32 = (v: number): number[] => [v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255];
const transports = (dec: PacketDecoder, data: Uint8Array, lt: number) => dec.decode(frame(data, lt)).map((p) => p.transport);

describe('IEEE 802.11 data frames (LINKTYPE 105)', () => {
  it('3- and 4-address data, QoS, QoS with HT control, IPv4 and IPv6 through LLC/SNAP', () => {
    const { dec, warnings } = setup();
    expect(transports(dec, wlan({}, snap(0x0800, ipTcp)), 105)).toEqual(['tcp']);
    expect(transports(dec, wlan({ flags: 0x02 }, snap(0x86dd, ipv6(6, tcp({})))), 105)).toEqual(['tcp']);
    expect(transports(dec, wlan({ flags: 0x03 }, snap(0x0800, ipTcp)), 105)).toEqual(['tcp']);
    expect(transports(dec, wlan({ fc: 0x88 }, snap(0x0800, ipTcp)), 105)).toEqual(['tcp']);
    // +HTC: the order flag on a QoS frame adds 4 bytes of HT control after the QoS control.
    const htc = wlan({ fc: 0x88, flags: 0x81 }, cat([0, 0, 0, 0], snap(0x0800, ipTcp)));
    expect(transports(dec, htc, 105)).toEqual(['tcp']);
    // 802.1H bridge-tunnel SNAP (OUI 00-00-F8) carries an ethertype too.
    const tunnel = cat([0xaa, 0xaa, 0x03, 0, 0, 0xf8], be16(0x0800), ipTcp);
    expect(transports(dec, wlan({}, tunnel), 105)).toEqual(['tcp']);
    // The source address: A2 to the DS, A3 from it, A4 between two.
    const mac = (flags: number) => dec.decode(frame(wlan({ flags }, snap(0x0800, ipTcp)), 105))[0].srcMac;
    expect([0x01, 0x02, 0x03].map(mac)).toEqual(['02:bb:00:00:00:02', '02:cc:00:00:00:03', '02:dd:00:00:00:04']);
    expect(warnings).toEqual([]);
  });

  it('an A-MSDU gives each subframe (padded to 4 bytes) its own packet', () => {
    const { dec } = setup();
    const sub = (body: Uint8Array, pad: boolean) =>
      cat([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2], be16(body.length), body, pad ? new Array((4 - ((14 + body.length) % 4)) % 4).fill(0) : []);
    const a = snap(0x0800, ipv4({ proto: 17 }, udp(1000, 53, ascii('abc'))));
    const b = snap(0x0800, ipTcp);
    const f = wlan({ fc: 0x88, qos: 0x80 }, cat(sub(a, true), sub(b, false)));
    expect(transports(dec, f, 105)).toEqual(['udp', 'tcp']);
  });

  it('management, control, null-data and fragmented frames give nothing and no warning', () => {
    const { dec, warnings } = setup();
    for (const fc of [0x80, 0x40, 0xd4, 0x48, 0xc8]) expect(transports(dec, wlan({ fc }, snap(0x0800, ipTcp)), 105)).toEqual([]);
    expect(transports(dec, wlan({ flags: 0x05 }, snap(0x0800, ipTcp)), 105)).toEqual([]); // more fragments
    expect(warnings).toEqual([]);
  });

  it('protected data frames are counted and warned about once, at the end of the capture', () => {
    const { dec, warnings } = setup();
    const enc = wlan({ flags: 0x41 }, cat([1, 2, 3, 4, 5, 6, 7, 8], ipTcp));
    dec.decode(frame(enc, 105, 7));
    dec.decode(frame(enc, 105, 8));
    dec.decode(frame(enc, 105, 9));
    expect(warnings).toEqual([]);
    dec.finish();
    expect(warnings.map((w) => [w.code, w.frame])).toEqual([['wlan-protected', 7]]);
    expect(warnings[0].message).toMatch(/^3 frames were encrypted 802\.11 data and could not be read/);
  });
});

describe('radiotap (127) and PPI (192)', () => {
  it('radiotap is skipped by its length; a Flags field with FCS trims the last 4 bytes', () => {
    const { dec } = setup();
    const body = wlan({}, snap(0x0800, ipv4({ proto: 17 }, udp(1000, 2000, ascii('payload')))));
    const plain = cat([0, 0], le16(8), le32(0), body);
    expect(dec.decode(frame(plain, 127))[0].payload.length).toBe(7);
    // Extended presence word, TSFT (8-aligned) and Flags with the FCS bit: 25-byte header.
    const rt = cat([0, 0], le16(25), le32(0x80000003), le32(0), [0, 0, 0, 0], new Array(8).fill(0), [0x10], body, [9, 9, 9, 9]);
    const [p] = dec.decode(frame(rt, 127));
    expect(p.payload.length).toBe(7);
  });

  it('PPI is skipped by its length and its DLT decoded (802.11 or Ethernet)', () => {
    const { dec, warnings } = setup();
    const ppi = (dlt: number, inner: Uint8Array) => cat([0, 0], le16(8), le32(dlt), inner);
    expect(transports(dec, ppi(105, wlan({}, snap(0x0800, ipTcp))), 192)).toEqual(['tcp']);
    expect(transports(dec, ppi(1, eth(0x0800, ipTcp)), 192)).toEqual(['tcp']);
    expect(transports(dec, cat([0, 0], le16(40), le32(105)), 192)).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['ppi-short']);
  });

  it('are named as tshark names them', () => {
    expect([105, 127, 192].map(linktypeName)).toEqual(['ieee-802-11', 'ieee-802-11-radiotap', 'ppi']);
  });
});

describe('CAPWAP data channel (UDP 5247)', () => {
  // Preamble 0; HLEN 4 words (with 4 bytes of wireless information), radio 1, WBID 1, T, W.
  const header = (t: boolean, k = false) => cat([0, 0x20, 0x42 | (t ? 1 : 0), 0x20 | (k ? 0x08 : 0)], be32(0), [1, 4, 0, 0], be32(0));
  const outer = (payload: Uint8Array) => frame(eth(0x0800, ipv4({ proto: 17, src: [9, 9, 9, 9] }, udp(12380, 5247, payload))));
  const dhcp = snap(0x0800, ipv4({ proto: 17, src: [0, 0, 0, 0], dst: [255, 255, 255, 255] }, udp(68, 67, ascii('dhcp'))));

  it('carries 802.11 frames with the frame control in either byte order, and 802.3 frames', () => {
    const { dec, warnings } = setup();
    for (const swapped of [true, false]) {
      const ps = dec.decode(outer(cat(header(true), wlan({ swapped }, dhcp))));
      expect(ps.map((p) => [p.src, p.dstPort, p.tunnelDepth ?? 0])).toEqual([
        ['9.9.9.9', 5247, 0],
        ['0.0.0.0', 67, 1],
      ]);
    }
    expect(dec.decode(outer(cat(header(false), eth(0x0800, ipTcp)))).map((p) => p.transport)).toEqual(['udp', 'tcp']);
    expect(warnings).toEqual([]);
  });

  it('DTLS, keep-alives and encrypted 802.11 give only the outer packet', () => {
    const { dec } = setup();
    expect(dec.decode(outer(cat([1, 0, 0, 0], ascii('dtls record'))))).toHaveLength(1);
    expect(dec.decode(outer(cat(header(true, true), wlan({}, dhcp))))).toHaveLength(1);
    expect(dec.decode(outer(cat(header(true), wlan({ flags: 0x41, swapped: true }, dhcp))))).toHaveLength(1);
  });
});
