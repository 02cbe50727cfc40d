/**
 * HTTP/2: real sessions (tests/tls/fixtures: h2c with prior knowledge, h2 inside TLS 1.2 and
 * 1.3, each checked with tshark), then framing edge cases (h2c prior knowledge through
 * ProtocolExtractor): padding, priority, CONTINUATION, gzip bodies, RST_STREAM, byte-by-byte
 * delivery, and damage that must not throw.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { concatAll } from '../../src/core/bytes';
import { H2_PREFACE } from '../../src/core/protocols/http2/http2';
import type { HttpMessage } from '../../src/core/protocols/http1/records';
import { bytes, drive, external, extract, fixture, mkFlow, scanRows } from './helpers';

/** "frame METHOD host uri" or "frame status", then the HTTP/2 stream. */
const message = (m: HttpMessage) => `${m.frame} ${m.kind === 'request' ? `${m.method} ${m.host} ${m.uri}` : m.status} s${m.stream}`;

/** tshark's HTTP/2 requests of a fixture (tshark-<name>.tsv: frame, method, authority, path). */
function tsharkRequests(file: string): string[] {
  const tsv = fixture(file).path.replace(/[^/]+\.pcap$/, `tshark-${file.replace(/\.pcap$/, '.tsv')}`);
  return readFileSync(tsv, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t').slice(0, 4).join(' '));
}

interface Row {
  file: string;
  /** The flow's app: h2c is 'http', h2 inside TLS 'tls'. */
  app: 'http' | 'tls';
  messages: string[];
  /** The url and body scan inputs: "part direction frame text". */
  scans: string[];
}

/** Each session: a GET with the IMEI in its path, then a POST; stream ids 1 and 3; both answered "ok". */
const ROWS: Row[] = [
  {
    file: 'h2c-prior-knowledge.pcap',
    app: 'http',
    messages: ['6 GET h2c.fixture.test /v1/h2c?imei=862287025963539 s1', '7 200 s1', '8 POST h2c.fixture.test /v1/h2c/post s3', '9 200 s3'],
    scans: ['url upload 6 /v1/h2c?imei=862287025963539', 'body download 7 ok', 'url upload 8 /v1/h2c/post', 'body upload 8 {"x":1}', 'body download 9 ok'],
  },
  ...(['tls13-aes128-gcm-h2', 'tls12-ecdhe-chacha20-h2'] as const).map((name): Row => ({
    file: `${name}.pcap`,
    app: 'tls',
    messages: [`10 GET ${name}.fixture.test /v1/h2?imei=862287025963539 s1`, '11 200 s1', `12 POST ${name}.fixture.test /v1/h2/post s3`, '13 200 s3'],
    scans: ['url upload 10 /v1/h2?imei=862287025963539', 'body download 11 ok', 'url upload 12 /v1/h2/post', 'body upload 12 {"mobile":"+8618611428769"}', 'body download 13 ok'],
  })),
];

describe('HTTP/2 in real sessions', () => {
  it.each(ROWS.map((r) => [r.file, r] as const))('%s', (file, row) => {
    const x = extract(fixture(file));
    expect(x.http.map(message)).toEqual(row.messages);
    expect(x.apps).toEqual([[0, row.app, row.app === 'tls']]);
    // Decrypted content is marked so and scanned as 'tls'; h2c's as 'http'.
    expect(x.http.every((m) => !!m.encryptedOnWire === (row.app === 'tls'))).toBe(true);
    const content = scanRows(x.scans, 0).filter(([, part]) => part === 'url' || part === 'body');
    expect(content.map(([, part, dir, frame, text]) => `${part} ${dir} ${frame} ${text}`)).toEqual(row.scans);
    expect([...new Set(content.map(([p]) => p))]).toEqual([row.app]);
    expect(x.warnings).toEqual([]);
    const requests = x.http.filter((m) => m.kind === 'request').map((m) => `${m.frame} ${m.method} ${m.host} ${m.uri}`);
    expect(requests).toEqual(tsharkRequests(file));
  });

  // http2-keywords2: an h2c Upgrade (nghttp2.org). After the 101 the server's SETTINGS come
  // first (in the 101's own segment), then the client's preface. The tunnel is sniffed with the
  // outside-TLS rule (src/core/protocols/http1/index.ts: redetect(ctx, false)), where the
  // server's first byte decides: the HTTP/2 stream is scanned raw and its response (frame 10)
  // is not read, though tshark reads it. This pins that; it turns red when a 101 tunnel is
  // sniffed like TLS (the client's preface decides), and should then expect '10 response 200'.
  it('h2c Upgrade (http2-keywords2) today: the upgrade request and 101, then the HTTP/2 bytes scanned raw', () => {
    const x = extract(external('http2-keywords2__input.pcap'));
    expect(x.http.map((m) => `${m.frame} ${m.kind} ${m.status ?? m.uri}`)).toEqual(['1 request /robots.txt', '2 response 101']);
    expect(scanRows(x.scans, 0).filter(([p]) => p === 'tcp').map(([, part, dir, frame, text]) => [part, dir, frame, text.slice(0, 24)])).toEqual([
      ['payload', 'upload', 8, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
      ['payload', 'download', 10, expect.any(String)],
    ]);
  });
});

/** One frame: length, type, flags, stream id, payload. */
function frame(type: number, flags: number, stream: number, payload: Uint8Array): Uint8Array {
  const n = payload.length;
  return concatAll([Uint8Array.of(n >> 16, (n >> 8) & 0xff, n & 0xff, type, flags, stream >>> 24, (stream >> 16) & 0xff, (stream >> 8) & 0xff, stream & 0xff), payload]);
}

/** HPACK literal without indexing, new name (no Huffman). */
function lit(name: string, value: string): Uint8Array {
  return concatAll([Uint8Array.of(0x00, name.length), bytes(name), Uint8Array.of(value.length), bytes(value)]);
}

const settings = frame(4, 0, 0, new Uint8Array(0));

describe('HTTP/2 framing', () => {
  const block = concatAll([Uint8Array.of(0x83, 0x86), lit(':path', '/up?imei=862287025963539'), lit(':authority', 'h2.example'), lit('content-encoding', 'gzip')]);
  const body = gzipSync(bytes('{"mobile":"+8618611428769"}'));
  const client = concatAll([
    H2_PREFACE, settings,
    // HEADERS with PADDED + PRIORITY, cut into a CONTINUATION.
    frame(1, 0x08 | 0x20, 1, concatAll([Uint8Array.of(3), new Uint8Array(5), block.subarray(0, 10), new Uint8Array(3)])),
    frame(9, 0x04, 1, block.subarray(10)),
    frame(0, 0x08 | 0x01, 1, concatAll([Uint8Array.of(2), body, new Uint8Array(2)])),
    // A second request reset before it ends is still reported.
    frame(1, 0x04, 3, concatAll([Uint8Array.of(0x82, 0x86), lit(':path', '/reset'), lit(':authority', 'h2.example')])),
    frame(3, 0, 3, new Uint8Array(4)),
  ]);
  const server = concatAll([settings, frame(1, 0x05, 1, Uint8Array.of(0x88))]);

  it.each([['whole', 0], ['byte by byte', 1]] as const)('reports requests, url/header/body scans, gzip undone (%s)', (_n, step) => {
    const pieces: [('upload' | 'download'), Uint8Array][] = [];
    if (step) for (let i = 0; i < client.length; i++) pieces.push(['upload', client.subarray(i, i + 1)]);
    else pieces.push(['upload', client]);
    pieces.push(['download', server]);
    const c = drive(mkFlow(1, 'tcp', 40000, 80), pieces);
    expect(c.warnings).toEqual([]);
    const reqs = c.httpMsgs.filter((m) => m.kind === 'request');
    expect(reqs.map((m) => [m.method, m.host, m.uri, m.codings])).toEqual([
      ['POST', 'h2.example', '/up?imei=862287025963539', ['gzip']],
      ['GET', 'h2.example', '/reset', []],
    ]);
    expect(c.httpMsgs.find((m) => m.kind === 'response')?.status).toBe(200);
    const text = (p: string) => c.scans.filter((s) => s.part === p).map((s) => new TextDecoder().decode(s.bytes)).join('|');
    expect(text('url')).toContain('imei=862287025963539');
    expect(text('header')).toContain('content-encoding: gzip');
    expect(text('body')).toContain('+8618611428769');
    expect(c.apps[0]).toEqual([1, 'http', false]);
  });

  it('damage gives warnings, never an exception', () => {
    // A header block with a bad table index, then a frame longer than the stream.
    const bad = concatAll([H2_PREFACE, frame(1, 0x04, 1, Uint8Array.of(0xff, 0xff)), Uint8Array.of(0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 1)]);
    const c = drive(mkFlow(1, 'tcp', 40000, 80), [['upload', bad], ['download', bytes('junk')]]);
    expect(c.warnings.map((w) => w.code)).toEqual(['http2-hpack']);
    expect(c.httpMsgs).toEqual([]);
  });

  it('a stream without the preface is left to the usual sniffing', () => {
    const c = drive(mkFlow(1, 'tcp', 40000, 80), [['upload', bytes('GET / HTTP/1.1\r\nHost: a\r\n\r\n')]]);
    expect(c.httpMsgs.map((m) => m.uri)).toEqual(['/']);
  });
});

describe('HTTP/2 responses in the report', () => {
  it('pair with the request of their stream, whatever the order the server answers in', async () => {
    const { analyzeStream } = await import('../../src/core/engine');
    const { pcap } = await import('../capture/build');
    const { eth, ipv4, tcp } = await import('../decode/build');
    const req = (id: number, path: string) => frame(1, 0x05, id, concatAll([Uint8Array.of(0x82, 0x86), lit(':path', path), lit(':authority', 'h2.example')]));
    const res = (id: number, status: string) => frame(1, 0x05, id, lit(':status', status));
    const client = concatAll([H2_PREFACE, settings, req(1, '/slow'), req(3, '/fast')]);
    // The server answers stream 3 first.
    const server = concatAll([settings, res(3, '204'), res(1, '404')]);
    const c = { sport: 40000, dport: 80 };
    const s = { sport: 80, dport: 40000 };
    const packets = [
      tcp({ ...c, seq: 100, flags: 0x02 }),
      tcp({ ...s, seq: 500, ack: 101, flags: 0x12 }),
      tcp({ ...c, seq: 101, ack: 501, flags: 0x18 }, client),
      tcp({ ...s, seq: 501, ack: 101 + client.length, flags: 0x18 }, server),
    ].map((t, i) => [i, 0, eth(0x0800, ipv4({ proto: 6, ...(i % 2 ? { src: [10, 0, 0, 2], dst: [10, 0, 0, 1] } : {}) }, t))] as [number, number, Uint8Array]);
    async function* once() { yield pcap(true, 1, packets); }
    const report = await analyzeStream(once(), { name: 'h2-order.pcap' });
    expect(report.http.map((h) => [h.uri, h.status])).toEqual([['/slow', 404], ['/fast', 204]]);
  });
});
