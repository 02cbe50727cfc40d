import { describe, expect, it } from 'vitest';
import { deflateSync, gzipSync, zlibSync } from 'fflate';
import { compress } from 'brotli';
import { concatAll, textOf } from '../../src/core/bytes';
import { ProtocolExtractor } from '../../src/core/extract/index';
import { Collect } from '../pipeline';
import { bytes, drive, mkFlow, splitAt } from './helpers';

const body = 'imei=861234567890123&model=HM%201S&' + 'x'.repeat(3000);

/** A chunked+gzip response carrying `body`. */
function chunkedGzipResponse(): Uint8Array {
  const gz = gzipSync(bytes(body));
  const parts: Uint8Array[] = [bytes('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n')];
  for (let i = 0; i < gz.length; i += 100) {
    const c = gz.subarray(i, i + 100);
    parts.push(bytes(c.length.toString(16) + ';ext=1\r\n'), c, bytes('\r\n'));
  }
  parts.push(bytes('0\r\nX-Trailer: y\r\n\r\n'));
  return concatAll(parts);
}

describe('HTTP/1.x', () => {
  it('pairs a GET with a chunked gzip response and undoes both codings', () => {
    const req = bytes('GET /a?imei=861234567890123 HTTP/1.1\r\nHost:  api.example.com \r\nHost: other\r\n\r\n');
    const c = drive(mkFlow(0, 'tcp', 40000, 8080), [['upload', req], ['download', chunkedGzipResponse()]]);
    expect(c.httpMsgs.map((m) => [m.kind, m.method, m.uri, m.host, m.status])).toEqual([
      ['request', 'GET', '/a?imei=861234567890123', 'api.example.com', undefined],
      ['response', undefined, undefined, null, 200],
    ]);
    const resp = c.httpMsgs[1];
    expect(resp.codings).toEqual(['chunked', 'gzip']);
    expect(textOf(resp.body)).toBe(body);
    expect(c.scans.filter((s) => s.part === 'url').map((s) => textOf(s.bytes))).toEqual(['/a?imei=861234567890123']);
    expect(c.scans.some((s) => s.part === 'body' && textOf(s.bytes) === body)).toBe(true);
  });

  it('gives the same result when the stream is split at every byte boundary', () => {
    const req = bytes('POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET /next HTTP/1.1\r\nHost: h2\r\n\r\n');
    const resp = chunkedGzipResponse();
    for (let cut = 1; cut < req.length; cut++) {
      const c = drive(mkFlow(0, 'tcp', 40000, 80), splitAt(req, [cut]).map((b) => ['upload', b] as const));
      expect(c.httpMsgs.map((m) => [m.method, m.uri, m.host, textOf(m.body)])).toEqual([
        ['POST', '/up', 'h', 'hello'],
        ['GET', '/next', 'h2', ''],
      ]);
    }
    for (let cut = 1; cut < resp.length; cut += 7) {
      const c = drive(mkFlow(0, 'tcp', 40000, 80), [['upload', bytes('GET / HTTP/1.1\r\n\r\n')], ...splitAt(resp, [cut, Math.min(resp.length, cut + 3)]).map((b) => ['download', b] as const)]);
      expect(textOf(c.httpMsgs[1].body)).toBe(body);
    }
  });

  it('reports the frame that completed the header block', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 80), [['upload', bytes('GET / HTTP/1.1\r\nHo')], ['upload', bytes('st: a\r\n\r\n')]]);
    expect(c.httpMsgs[0].frame).toBe(2);
  });

  it('pairs pipelined requests in order: the HEAD response has no body', () => {
    const reqs = bytes('HEAD /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n');
    const resps = bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc');
    const c = drive(mkFlow(0, 'tcp', 40000, 80), [['upload', reqs], ['download', resps]]);
    expect(c.httpMsgs.filter((m) => m.kind === 'response').map((m) => textOf(m.body))).toEqual(['', 'abc']);
    expect(c.httpMsgs.filter((m) => m.kind === 'request').map((m) => m.uri)).toEqual(['/1', '/2']);
  });

  it('decodes deflate (zlib and raw) and brotli, and reads until close', async () => {
    const br = (await compress(bytes(body)))!;
    for (const [name, data] of [['deflate', zlibSync(bytes(body))], ['deflate', deflateSync(bytes(body))], ['br', br]] as const) {
      const c = drive(mkFlow(0, 'tcp', 40000, 80), [
        ['upload', bytes('GET / HTTP/1.0\r\n\r\n')],
        ['download', concatAll([bytes(`HTTP/1.0 200 OK\r\nContent-Encoding: ${name}\r\n\r\n`), data])],
      ]);
      expect(textOf(c.httpMsgs[1].body)).toBe(body);
      expect(c.httpMsgs[1].codings).toEqual([name]);
    }
  });

  it('warns and keeps the raw bytes when a body does not decode', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 80), [
      ['upload', bytes('POST / HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope')],
    ]);
    expect(c.warnings.map((w) => w.code)).toContain('http-decode');
    expect(textOf(c.httpMsgs[0].body)).toBe('nope');
  });

  it('does not report a request whose header block never ends, but scans it', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 80), [['upload', bytes('GET /x?id=1 HTTP/1.1\r\nHost: a\r\n')]]);
    expect(c.httpMsgs).toHaveLength(0);
    expect(c.scans.some((s) => textOf(s.bytes).includes('id=1'))).toBe(true);
  });

  it('drops the message hit by a gap and resyncs at the next request line', () => {
    const c = new Collect();
    const ex = new ProtocolExtractor(c);
    const f = mkFlow(0, 'tcp', 40000, 80);
    ex.open(f);
    ex.data(f, 'upload', bytes('POST /a HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc'), 0, 1);
    ex.gap(f, 'upload', 50, 2);
    ex.data(f, 'upload', bytes('tail of body\r\nGET /b HTTP/1.1\r\nHost: b\r\n\r\n'), 93, 3);
    ex.close(f);
    expect(c.httpMsgs.map((m) => m.uri)).toEqual(['/b']);
    expect(c.warnings.map((w) => w.code)).toContain('http-gap');
  });

  it('parses HTTP inside a CONNECT tunnel once the proxy answers 200', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 3128), [
      ['upload', bytes('CONNECT abc:443 HTTP/1.1\r\n\r\n\n')],
      ['download', bytes('HTTP/1.1 200 OK\r\n\r\n')],
      ['upload', bytes('GET / HTTP/1.1\r\n\r\n')],
    ]);
    expect(c.httpMsgs.filter((m) => m.kind === 'request').map((m) => [m.method, m.uri, m.host])).toEqual([
      ['CONNECT', 'abc:443', null],
      ['GET', '/', null],
    ]);
  });

  it('treats an odd Transfer-Encoding (",\\tchunked,") as not chunked, like tshark', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 80), [['upload', bytes('HEAD /f HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nTransfer-Encoding: ,\tchunked,\r\n\r\n')]]);
    expect(c.httpMsgs.map((m) => m.method)).toEqual(['HEAD']);
  });
});
