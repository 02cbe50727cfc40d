import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatAll, fromHex } from '../../src/core/bytes';
import { ja3Hash, ja3String, isGrease } from '../../src/core/protocols/tls/ja3';
import { parseClientHello } from '../../src/core/protocols/tls/tls';
import type { FlowSink } from '../../src/core/flow/types';
import { EXTERNAL, externalTruth } from '../corpus';
import { flowCapture } from '../pipeline';
import { drive, mkFlow, splitAt } from '../protocols/helpers';

// ClientHello of tls__tls13-draft22 style built by hand: GREASE in ciphers, extensions and groups.
function clientHello(): Uint8Array {
  const ext = (type: number, data: Uint8Array) => concatAll([Uint8Array.of(type >> 8, type & 0xff, data.length >> 8, data.length & 0xff), data]);
  const sni = fromHex('000e 00 000b 6578616d706c652e636f6d');
  const alpn = fromHex('000c 02 6832 08 687474702f312e31');
  const groups = fromHex('0008 3a3a 001d 0017 0018');
  const formats = fromHex('01 00');
  const exts = concatAll([ext(0x2a2a, new Uint8Array(0)), ext(0, sni), ext(16, alpn), ext(10, groups), ext(11, formats), ext(0xfafa, Uint8Array.of(0))]);
  const body = concatAll([
    fromHex('0303'), new Uint8Array(32), fromHex('00'), fromHex('0008 0a0a 1301 c02b 002f'), fromHex('0100'),
    Uint8Array.of(exts.length >> 8, exts.length & 0xff), exts,
  ]);
  return concatAll([Uint8Array.of(1, 0, body.length >> 8, body.length & 0xff), body]);
}

describe('TLS ClientHello and JA3', () => {
  it('drops GREASE from ciphers, extensions and groups (not point formats)', () => {
    expect(isGrease(0x0a0a) && isGrease(0xfafa) && !isGrease(0x0a1a)).toBe(true);
    const ch = parseClientHello(clientHello().subarray(4))!;
    expect(ch.sni).toBe('example.com');
    expect(ch.alpn).toEqual(['h2', 'http/1.1']);
    expect(ch.ja3Full).toBe('771,4865-49195-47,0-16-10-11,29-23-24,0');
    expect(ch.ja3).toBe(ja3Hash('771,4865-49195-47,0-16-10-11,29-23-24,0'));
    expect(ja3String({ version: 769, ciphers: [47], extensions: [], groups: [], pointFormats: [] })).toBe('769,47,,,');
    // Known JA3 of the salesforce README example string.
    expect(ja3Hash('769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0')).toBe('ada70206e40642a3e4461f35503241d5');
  });

  it('reassembles a ClientHello spread over two records and many TCP segments', () => {
    const hs = clientHello();
    const rec = (b: Uint8Array) => concatAll([Uint8Array.of(0x16, 3, 1, b.length >> 8, b.length & 0xff), b]);
    const stream = concatAll([rec(hs.subarray(0, 40)), rec(hs.subarray(40))]);
    const pieces = splitAt(stream, [1, 3, 7, 50, 51, 90]).map((b) => ['upload', b] as const);
    const c = drive(mkFlow(0, 'tcp', 40000, 8443), [...pieces]);
    expect(c.hellos).toMatchObject([{ sni: 'example.com', transport: 'tcp', frame: 7, ja3Full: '771,4865-49195-47,0-16-10-11,29-23-24,0' }]);
    expect(c.apps).toContainEqual([0, 'tls', true]);
  });

  it('matches tshark on a real ClientHello (tls__tls13-draft22 capture, bytes from the flow table)', () => {
    // The client's first in-order bytes of the one TCP flow: the TLS record of the ClientHello.
    let first: Uint8Array | null = null;
    const sink: FlowSink = { open() {}, gap() {}, close() {}, data(_f, dir, b) { if (dir === 'upload') first ??= b.slice(); } };
    const file = 'tls__tls13-draft22__tls13_draft22.pcap';
    expect(flowCapture(join(EXTERNAL, 'captures', file), { sink }).tcp).toBe(1);
    const rec = first!;
    expect([rec[0], rec[1], rec[5]]).toEqual([0x16, 3, 1]);
    const len = (rec[3] << 8) | rec[4];
    const truth = externalTruth(file);
    const ch = parseClientHello(rec.subarray(9, 5 + len))!;
    expect([ch.ja3]).toEqual(truth.ja3);
    expect([ch.sni]).toEqual(truth.tls_sni);
  });

  it('a ClientHello that claims 16 MiB and never comes: TLS detected, no hello, nothing thrown', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 443), [['upload', fromHex('160301000501ffffff00')]]);
    expect(c.hellos).toHaveLength(0);
    expect(c.apps).toEqual([[0, 'tls', true]]);
    // Not even a warning at the close, though the handshake never completed.
    expect(c.warnings).toEqual([]);
  });
});
