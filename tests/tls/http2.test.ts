/** HTTP/2 framing edge cases (h2c prior knowledge through ProtocolExtractor): padding, priority,
 * CONTINUATION, gzip bodies, RST_STREAM, byte-by-byte delivery, and damage that must not throw. */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { concatAll } from '../../src/core/bytes';
import { H2_PREFACE } from '../../src/core/protocols/http2/http2';
import { bytes, drive, mkFlow } from '../protocols/helpers';

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
