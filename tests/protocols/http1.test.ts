import { describe, expect, it } from 'vitest';
import { deflateSync, gzipSync, zlibSync } from 'fflate';
import { compress } from 'brotli';
import { concatAll, textOf } from '../../src/core/bytes';
import { ProtocolExtractor } from '../../src/core/extract/index';
import type { HttpMessage } from '../../src/core/protocols/http1/records';
import { externalTruth } from '../corpus';
import { Collect } from '../pipeline';
import { bytes, drive, external, extract, leak, mkFlow, scanRows, splitAt, unscanned, type Source } from './helpers';

/** A message as the table writes it: "flow/frame METHOD host uri" or "flow/frame status", then [codings undone]. */
function msg(m: HttpMessage): string {
  const line = m.kind === 'request' ? `${m.method} ${m.host} ${m.uri}` : `${m.status}`;
  return `${m.flow}/${m.frame} ${line}${m.codings.length ? ` [${m.codings.join(',')}]` : ''}`;
}

interface Row {
  src: Source;
  /** The first messages, in the order emitted. */
  first: string[];
  /** Messages in all. */
  count: number;
  /** Scan inputs that must be there: [flow, part, direction, frame, text they contain]. */
  scans?: [number, string, 'upload' | 'download', number, string][];
}

const ROWS: Row[] = [
  // A HEAD whose odd Transfer-Encoding (",\tchunked,") is not chunked, like tshark.
  { src: external('http-chunked__input.pcap'), first: ['0/4 HEAD localhost /resources/fonts/SourceSansPro-Regular.ttf'], count: 1 },
  {
    // CONNECT without Host; the tunnel (after 200) carries HTTP again, parsed afresh.
    src: external('http-connect__http-connect-simple__input.pcap'),
    first: ['0/5 CONNECT null abc:443', '0/7 200', '0/9 GET null /', '0/11 200'],
    count: 4,
  },
  {
    // The capture starts with the server's response: either direction can start HTTP.
    src: external('tcp-stream-after-swap__http-start-from-response.pcap'),
    first: ['0/2 200', '0/3 GET 172.16.9.189 /favicon.ico', '0/4 404'],
    count: 3,
    scans: [[0, 'body', 'upload', 2, 'Hello GCX!'], [0, 'url', 'download', 3, '/favicon.ico'], [0, 'body', 'upload', 4, '<title>404 Not Found</title>']],
  },
  {
    // Forty pipelined requests, seven in the first segment; every one answered 404.
    src: external('http-protocol-nodup__input.pcap'),
    first: [
      '0/4 GET 116.181.2.152 /postinfo.html',
      '0/4 GET 116.181.2.152 /_vti_bin/_vti_aut/author.dll',
      '0/4 GET 116.181.2.152 /_vti_bin/_vti_aut/author.exe',
      '0/4 GET 116.181.2.152 /_vti_bin/_vti_aut/dvwssr.dll',
      '0/4 GET 116.181.2.152 /_vti_bin/_vti_adm/admin.dll',
      '0/4 GET 116.181.2.152 /_vti_bin/_vti_adm/admin.exe',
      '0/4 GET 116.181.2.152 /_vti_bin/fpcount.exe?Page=default.asp|Image=3',
      '0/6 404',
      '0/7 404',
    ],
    count: 80,
  },
  {
    // Chunked brotli and plain brotli bodies undone.
    src: external('http-brotli-ce__input.pcap'),
    first: [
      '0/4 GET www.google.com /complete/search?client=chrome-omni&gs_ri=chrome-ext-ansg&xssi=t&q=&oit=0&oft=1&pgcl=20&gs_rn=42&sugkey=AIzaSyBOti4mM-6x9WDnZIjIeyEU21OpBXqWBgw',
      '0/5 200 [chunked,br]',
      '0/9 GET www.google.com /async/newtab_promos',
      '0/10 200 [br]',
      '0/12 GET www.google.com /gen_204?ei=1gh1Y_aSJJL5gQbM0pSgDg&cad=i&id=19031405&ogprm=up&ct=16&prid=243',
      '0/13 204',
    ],
    count: 6,
    scans: [[0, 'body', 'download', 5, '"google:suggesttype":[]'], [0, 'body', 'download', 10, '"promos":{"id":"19031405"']],
  },
  {
    // Hashed identifiers in the query string.
    src: leak('02-analytics-get.pcap'),
    first: [
      '1/8 GET stat.adtrackr.com /v1/track?ev=app_start&appkey=53f1a7c2e9&im=8cc26b9a18f51ad58ebe8830a9897fa5&mc=005b45977de7e7320bb39410a7e8193755e8bcb2&aid=fda0aa799f66395186d6a7efef76580b0641ccfc5b7a6ddce7350f9f05ab3b3c&gaid=8b839aab-6233-4ff2-b2be-3d337ace32a7&seq=869929293153592&t=1773452467884&sdk=android-2.3.1&ch=xiaomi',
      '1/10 200',
    ],
    count: 2,
    scans: [[1, 'url', 'upload', 8, 'gaid=8b839aab-6233-4ff2-b2be-3d337ace32a7']],
  },
  // A gzip request body, scanned decoded.
  { src: leak('03-ad-post-gzip.pcap'), count: 2, first: ['1/8 POST bid.mobiadx.com /openrtb/2.3/bid [gzip]', '1/10 200'], scans: [[1, 'body', 'upload', 8, '"imsi":"460012835716904"'], [1, 'body', 'download', 10, '{"id":"1","seatbid":[]}']] },
  // A chunked response body carries the phone number.
  { src: leak('05-chunked-download.pcap'), count: 2, first: ['1/8 GET dl.xmsvc-cloud.cn /api/v2/user/profile?uid=1284376905&token=f14920caef5a0769', '1/10 200 [chunked]'], scans: [[1, 'body', 'download', 10, '"phone":"+8618611428769"']] },
  {
    // Keep-alive with segmented, reordered bodies: each message at the frame that completed its head.
    src: leak('06-segmented-keepalive.pcap'),
    first: ['1/6 POST collect.metrixlytics.de /c/v1/event', '1/11 200', '1/13 POST collect.metrixlytics.de /c/v1/profile', '1/18 200', '1/19 GET collect.metrixlytics.de /c/v1/config?v=3', '1/20 200'],
    count: 6,
    scans: [[1, 'body', 'upload', 6, 'dev=862287025963539'], [1, 'body', 'upload', 13, '"email":"zhangwei.bj88@163.com"']],
  },
  // HTTP over IPv6.
  { src: leak('12-ipv6-http.pcap'), count: 2, first: ['1/8 POST v6.api.xmsvc-cloud.cn /v1/account/bind', '1/10 200'], scans: [[1, 'body', 'upload', 8, '"mobile":"+86 186-1142-8769"']] },
];

describe('HTTP/1.x in real captures', () => {
  it.each(ROWS.map((r) => [r.src.name, r] as const))('%s', (_name, row) => {
    const x = extract(row.src);
    expect(x.http.slice(0, row.first.length).map(msg)).toEqual(row.first);
    expect(x.http.length).toBe(row.count);
    for (const f of new Set(x.http.map((m) => m.flow))) expect(x.apps.filter((a) => a[0] === f).map((a) => a[1])).toContain('http');
    for (const [flow, part, dir, frame, text] of row.scans ?? []) {
      const hit = scanRows(x.scans, flow).find(([p, pt, d, fr, t]) => p === 'http' && pt === part && d === dir && fr === frame && t.includes(text));
      expect(hit, `${part} ${dir} ${frame} ${text}`).toBeDefined();
    }
    expect(x.warnings).toEqual([]);
    if (row.src.corpus === 'external') {
      // The requests are tshark's (http.request.method / http.host / http.request.uri).
      const requests = x.http.filter((m) => m.kind === 'request').map((m) => ({ method: m.method, host: m.host, uri: m.uri }));
      expect(requests).toEqual(externalTruth(row.src.name).http_requests);
    } else {
      // Every identifier the leak corpus planted in HTTP reaches the scanner.
      expect(unscanned(row.src, x, 'http')).toEqual([]);
    }
  });
});


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

  it('cites the frame that brought the bytes of a header block never ended (not frame 0)', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 80), [
      ['upload', bytes('GET /x?id=1 HTTP/1.1\r\n')],
      ['upload', bytes('Host: a\r\n')],
    ]);
    expect(c.scans.map((s) => [s.part, s.frame])).toEqual([['payload', 2]]);
  });

  it('cites a frame for the bytes held while a CONNECT waits for its answer', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 8080), [
      ['upload', bytes('CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n')],
      ['upload', bytes('early bytes id=1')],
    ]);
    const held = c.scans.filter((s) => textOf(s.bytes).includes('early bytes'));
    expect(held.map((s) => s.frame)).toEqual([2]);
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
