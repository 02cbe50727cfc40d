import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatAll, fromHex, latin1 } from '../../src/core/bytes';
import { ja3Hash, ja3String, isGrease } from '../../src/core/protocols/tls/ja3';
import { parseClientHello } from '../../src/core/protocols/tls/tls';
import type { FlowSink } from '../../src/core/flow/types';
import { EXTERNAL, externalTruth } from '../corpus';
import { flowCapture } from '../pipeline';
import type { TlsHello } from '../../src/core/protocols/tls/records';
import type { HttpMessage } from '../../src/core/protocols/http1/records';
import { drive, external, extract, leak, mkFlow, splitAt, unscanned, type Source } from './helpers';

/** A ClientHello as the table writes it: "flow/frame SNI JA3 [ALPN]". */
const hello = (h: TlsHello) => `${h.flow}/${h.frame} ${h.sni} ${h.ja3}${h.alpn.length ? ` [${h.alpn.join(',')}]` : ''}`;
/** An HTTP message read from decrypted TLS: "flow/frame METHOD host uri" or "flow/frame status". */
const message = (m: HttpMessage) => `${m.flow}/${m.frame} ${m.kind === 'request' ? `${m.method} ${m.host} ${m.uri}` : m.status}`;

interface Row {
  src: Source;
  hellos: string[];
  /** What the keys open (default: nothing). */
  http?: string[];
  /** Leak corpus: planted TLS identifiers the scanner never gets (without keys, all of them). */
  unseen?: string[];
}

const ROWS: Row[] = [
  // TLS 1.3 draft 22 after a HelloRetryRequest: the second ClientHello is reported too.
  { src: external('tls__tls13-draft22__tls13_draft22.pcap'), hellos: ['0/4 localhost 786468211b4d23f9b725987b0de9d090', '0/8 localhost 786468211b4d23f9b725987b0de9d090'] },
  { src: external('tls__tls13-draft19__tls13_draft19.pcap'), hellos: ['0/4 localhost 0e870cb29dd59424064948532781a7f6', '1/19 localhost 30e5035b2d6787e7b319f75c36c438fe', '2/36 localhost e6ae7b5efb58894bd43d6fa73420d267'] },
  { src: external('community-id-ipv6__input.pcap'), hellos: ['0/4 dns.google 7a15285d4efc355608b304698cd7f9ab [h2,http/1.1]', '1/38 ipv6.google.com e690df036922288311144cc96acf6515 [h2,http/1.1]'] },
  {
    // No server_name at all; two JA3s over five connections.
    src: external('ethernet-eve__test.pcap'),
    hellos: [
      '0/9 null 308b0bd904abbef5e0034a1ff7a78920 [spdy/3.1,http/1.1]',
      '1/10 null 308b0bd904abbef5e0034a1ff7a78920 [spdy/3.1,http/1.1]',
      '2/26 null 308b0bd904abbef5e0034a1ff7a78920 [spdy/3.1,http/1.1]',
      '3/44 null 308b0bd904abbef5e0034a1ff7a78920 [spdy/3.1,http/1.1]',
      '4/62 null 17f35db704ac47c259abb89f8387bbae [spdy/3.1,http/1.1]',
    ],
  },
  // The ClientHello rides in the SYN (TCP Fast Open).
  { src: external('tcp-fastopen-10-syn-data-ignore__input.pcap'), hellos: ['0/1 icloud.com fb3660676bafc9799c86bd51a1ea12f5 [h2,http/1.1]'] },
  // TLS inside an HTTP CONNECT tunnel.
  { src: external('bug-2769__issue_no_icmp.pcap'), hellos: ['0/7 supportingfunctions.us.newsweaver.com a0e9f5d64349fb13191bc781f81f42e1'] },
  // No keys: the SNI is all there is; the planted IMEI stays unseen.
  { src: leak('07-https-no-keys.pcap'), hellos: ['1/8 t.appflowtrack.com 89dfc51e72bdcb94e4ba4622588002b1 [http/1.1]'], unseen: ['imei 862287025963539'] },
  ...(['08-https-dsb.pcapng', '08-https-dsb-keylog.pcap'] as const).map((file): Row => ({
    // Keys from the capture's DSB, or from the key log beside it.
    src: leak(file),
    hellos: ['1/8 sdk.growthbeacon.io 89dfc51e72bdcb94e4ba4622588002b1 [http/1.1]', '3/29 api.pay.xmsvc-cloud.cn f1631d7b5c74e0eccf70af0a6086e84b [http/1.1]'],
    http: ['1/13 POST sdk.growthbeacon.io /api/v1/init', '1/16 200', '3/35 POST api.pay.xmsvc-cloud.cn /pay/v1/bind', '3/36 200'],
    unseen: [],
  })),
  {
    // The same capture without its key log.
    src: { ...leak('08-https-dsb-keylog.pcap'), name: '08-https-dsb-keylog.pcap without keys', keylog: undefined },
    hellos: ['1/8 sdk.growthbeacon.io 89dfc51e72bdcb94e4ba4622588002b1 [http/1.1]', '3/29 api.pay.xmsvc-cloud.cn f1631d7b5c74e0eccf70af0a6086e84b [http/1.1]'],
    unseen: ['imei 862287025963539', 'imei 862287025963539', 'phone +8618611428769'],
  },
];

describe('TLS in real captures', () => {
  it.each(ROWS.map((r) => [r.src.name, r] as const))('%s', (_name, row) => {
    const x = extract(row.src);
    expect(x.tls.map(hello)).toEqual(row.hellos);
    expect(x.tls.every((h) => h.transport === 'tcp' && !h.encryptedOnWire)).toBe(true);
    // Each hello's flow is an encrypted 'tls' flow, and its SNI a scan input read in clear.
    for (const h of x.tls) {
      expect(x.apps).toContainEqual([h.flow, 'tls', true]);
      if (h.sni) expect(x.scans.some((s) => s.flow === h.flow && s.part === 'sni' && latin1(s.bytes) === h.sni && !s.encryptedOnWire)).toBe(true);
    }
    expect(x.http.filter((m) => x.tls.some((h) => h.flow === m.flow) && m.encryptedOnWire).map(message)).toEqual(row.http ?? []);
    expect(x.warnings).toEqual([]);
    if (row.src.corpus === 'external') {
      // SNI and JA3 are tshark's (tls.handshake.extensions_server_name, tls.handshake.ja3).
      const truth = externalTruth(row.src.name);
      expect([...new Set(x.tls.flatMap((h) => (h.sni ? [h.sni] : [])))].sort()).toEqual(truth.tls_sni);
      expect([...new Set(x.tls.map((h) => h.ja3))].sort()).toEqual(truth.ja3);
    } else {
      expect(unscanned(row.src, x, 'tls')).toEqual(row.unseen);
    }
  });
});


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
