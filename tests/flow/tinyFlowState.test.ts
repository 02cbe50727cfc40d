/**
 * Per-connection state made when first needed (issue 15, DESIGN.md "Many flows"): flow keys
 * without text for IPv4, the dispatcher keeping the handler a sniffer decided for, one HTTP
 * stream for a connection whose server never answered, latin1 as one flat string.
 */
import { describe, expect, it } from 'vitest';
import { flowKey, ipv4Number, packetFlowKey } from '../../src/core/flow/flowKey';
import { PacketDecoder } from '../../src/core/decode';
import { latin1 } from '../../src/core/bytes';
import { decided, sniffTcp } from '../../src/core/extract/sniff';
import type { HandlerContext } from '../../src/core/extract/handler';
import { HttpHandler } from '../../src/core/protocols/http1/http1';
import { Collect } from '../pipeline';
import { mkFlow } from '../protocols/helpers';

describe('flow keys', () => {
  it('are the same both ways and differ for every other tuple, IPv4 without text', () => {
    const k = flowKey('10.0.0.1', 40000, '93.184.0.5', 80);
    expect(k).toBe(flowKey('93.184.0.5', 80, '10.0.0.1', 40000));
    expect(k.length).toBe(6);
    const others = [
      flowKey('10.0.0.1', 40001, '93.184.0.5', 80),
      flowKey('10.0.0.1', 40000, '93.184.0.6', 80),
      flowKey('10.0.0.2', 40000, '93.184.0.5', 80),
      flowKey('10.0.0.1', 80, '93.184.0.5', 40000),
      flowKey('10.0.0.1', 40000, '10.0.0.1', 40000),
    ];
    expect(new Set([k, ...others]).size).toBe(6);
    // Same address both ends: ordered by port.
    expect(flowKey('10.0.0.1', 5, '10.0.0.1', 7)).toBe(flowKey('10.0.0.1', 7, '10.0.0.1', 5));
  });

  it("from a decoded packet's IPv4 numbers equal the key of its address text, high addresses and equal ones included", () => {
    const dec = new PacketDecoder(() => {});
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const addrs = [[10, 0, 0, 1], [93, 184, 0, 5], [192, 168, 1, 2], [255, 255, 255, 255], [0, 0, 0, 0], [128, 0, 0, 0], [127, 255, 255, 255]];
    for (let t = 0; t < 400; t++) {
      const s = t < 49 ? addrs[t % 7] : [rnd(256), rnd(256), rnd(256), rnd(256)];
      const d = t < 49 ? addrs[Math.floor(t / 7)] : t % 5 === 0 ? s : [rnd(256), rnd(256), rnd(256), rnd(256)];
      const sp = t % 3 === 0 ? 80 : rnd(65536);
      const dp = t % 4 === 0 ? sp : rnd(65536);
      // Raw IPv4 + UDP (linktype 101), no checksums.
      const frame = Uint8Array.from([0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, ...s, ...d, sp >> 8, sp & 255, dp >> 8, dp & 255, 0, 8, 0, 0]);
      const packets = dec.decode({ number: t + 1, time: 0, originalLength: frame.length, capturedLength: frame.length, linktype: 101, data: frame });
      expect(packets.length).toBe(1);
      const p = packets[0];
      expect(p.src4).toBeDefined();
      expect(packetFlowKey(p), `${p.src}:${sp} ${p.dst}:${dp}`).toBe(flowKey(p.src, p.srcPort, p.dst, p.dstPort));
    }
  });

  it('keep the text form for IPv6 and anything that is no canonical dotted quad', () => {
    expect(flowKey('2001:db8::1', 443, 'fe80::1', 5000)).toBe('2001:db8::1 443 fe80::1 5000');
    expect(flowKey('fe80::1', 5000, '2001:db8::1', 443)).toBe('2001:db8::1 443 fe80::1 5000');
    expect(flowKey('10.0.0.1', 1, '::ffff:1.2.3.4', 2)).toBe('10.0.0.1 1 ::ffff:1.2.3.4 2');
    expect([ipv4Number('0.0.0.0'), ipv4Number('255.255.255.255'), ipv4Number('10.1.2.3')]).toEqual([0, 4294967295, 0x0a010203]);
    for (const bad of ['010.0.0.1', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1..2.3', '1.2.3.', 'a.b.c.d', '1.2.3.4 ']) expect(ipv4Number(bad), bad).toBe(-1);
  });
});

describe('sniffed TCP streams', () => {
  const ctx = (): HandlerContext => ({ flow: mkFlow(0, 'tcp', 40000, 80), sink: new Collect(), redetect: (inner, tls) => sniffTcp(inner, tls) });
  const get = new TextEncoder().encode('GET /x HTTP/1.1\r\nHost: h1.example\r\n\r\n');

  it('hand the dispatcher the handler they decided for, through both sniffers', () => {
    const c = ctx();
    const h = sniffTcp(c, false);
    expect(decided(h)).toBe(h);
    h.data('upload', get.subarray(0, 2), 0, 1);
    // 'GE' is no HTTP/2 preface: the content sniffer holds it (it may still be HTTP).
    const content = decided(h);
    expect(content).not.toBe(h);
    expect(content).not.toBeInstanceOf(HttpHandler);
    expect(decided(content)).toBe(content);
    h.data('upload', get.subarray(2), 2, 2);
    const inner = decided(h);
    expect(inner).toBeInstanceOf(HttpHandler);
    inner.close();
    const sink = c.sink as Collect;
    expect(sink.httpMsgs.map((m) => `${m.frame} ${m.uri}`)).toEqual(['2 /x']);
  });
});

describe('latin1', () => {
  it('is one char per byte at every length and offset', () => {
    const all = Uint8Array.from({ length: 9000 }, (_, i) => (i * 7) & 0xff);
    for (const [start, end] of [[0, 0], [0, 1], [3, 67], [0, 256], [100, 4196], [0, 4097], [5, 9000], [0, 9000]]) {
      expect(latin1(all, start, end), `${start}-${end}`).toBe(Buffer.from(all.subarray(start, end)).toString('latin1'));
    }
    expect(latin1(all.subarray(10, 80))).toBe(Buffer.from(all.subarray(10, 80)).toString('latin1'));
  });
});
