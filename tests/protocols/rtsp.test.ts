/**
 * RTSP (src/core/protocols/rtsp): a real VLC session (ntop-nDPI__rtsp: LibVLC against a VLC
 * server on TCP 8554) read as RTSP, as tshark does, and never as HTTP; the same bytes on other
 * ports, cut anywhere, and with media interleaved.
 */
import { describe, expect, it } from 'vitest';
import { concatAll, latin1 } from '../../src/core/bytes';
import { DETECT_LIMIT } from '../../src/core/extract/sniff';
import { PROTOCOLS } from '../../src/core/protocols/registry';
import { detectRtsp, parseStartLine } from '../../src/core/protocols/rtsp/rtsp';
import type { RtspMessage } from '../../src/core/protocols/rtsp/records';
import { analyzeFile, Collect } from '../pipeline';
import { bytes, drive, external, extract, flowEvents, mkFlow, replay, scanRows, splitAt, wild } from './helpers';

const SRC = wild('ntop-nDPI__rtsp.pcap');
const URL = 'rtsp://10.2.2.2:8554/';
const msg = (m: RtspMessage) => `${m.frame} ${m.kind === 'request' ? `${m.method} ${m.uri}` : m.status}`;

/**
 * tshark 4.0's RTSP messages of each TCP stream (`-Y rtsp`, retransmissions left out), frame
 * and method + URL or status. Stream 4 is a connection whose first SYN was reset and whose port
 * was reused: tshark reads the server's side, our flow table delivers none of it (a flow-table
 * limit, not RTSP's), so its five 200s are missing here.
 */
const SESSION = (frames: number[], play: boolean, keepalive: boolean): string[] => {
  const lines = [`OPTIONS ${URL}`, '200', `DESCRIBE ${URL}`, '200', `SETUP ${URL}trackID=0`, '200', `SETUP ${URL}trackID=1`, '200', ...(play ? [`PLAY ${URL}`, '200'] : []), ...(keepalive ? [`GET_PARAMETER ${URL}`] : [])];
  return lines.map((l, i) => `${frames[i]} ${l}`);
};
const TSHARK: string[][] = [
  [`1 GET_PARAMETER ${URL}`],
  SESSION([25, 33, 37, 53, 57, 65, 69, 77, 81, 89, 97], true, true),
  SESSION([121, 129, 133, 149, 153, 161, 165, 169, 173, 177, 185], true, true),
  SESSION([205, 213, 217, 233, 237, 245, 249, 257, 261, 265], true, false),
  SESSION([309, 317, 321, 337, 341, 349, 353, 361, 365, 373, 381], true, true).filter((l) => !l.endsWith(' 200')),
  SESSION([405, 413, 417, 433, 437, 445, 449, 457, 461, 469, 477], true, true),
  SESSION([497, 505, 509, 525, 529, 537, 541, 549, 553, 561], true, false),
];

describe('RTSP in a real capture (ntop-nDPI__rtsp)', () => {
  it("every flow is 'rtsp', its messages are tshark's, and none is an HTTP record", () => {
    const x = extract(SRC);
    expect(x.flows).toHaveLength(7);
    expect(x.apps).toEqual(x.flows.map((f) => [f.id, 'rtsp', false]));
    expect(x.http).toEqual([]);
    const rtsp = x.records.rtsp ?? [];
    expect(x.flows.map((f) => rtsp.filter((m) => m.flow === f.id).map(msg))).toEqual(TSHARK);
    expect(rtsp).toHaveLength(60);
    // CSeq pairs each answer with its request: OPTIONS 2 … PLAY 6, then the keep-alive 7.
    expect(rtsp.filter((m) => m.flow === 1).map((m) => m.cseq)).toEqual([2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7]);
    expect(x.warnings.filter((w) => /^(rtsp|http)-/.test(w.code))).toEqual([]);
  });

  it("scans URIs, header blocks and the SDP body as 'rtsp' text", () => {
    const rows = scanRows(extract(SRC).scans, 1);
    expect(new Set(rows.map(([protocol, part, dir]) => `${protocol} ${part} ${dir}`))).toEqual(new Set(['rtsp url upload', 'rtsp header upload', 'rtsp header download', 'rtsp body download']));
    expect(rows.filter(([, part]) => part === 'url').map(([, , , frame, text]) => `${frame} ${text}`)).toEqual([
      `25 ${URL}`, `37 ${URL}`, `57 ${URL}trackID=0`, `69 ${URL}trackID=1`, `81 ${URL}`, `97 ${URL}`,
    ]);
    expect(rows[1][4]).toBe('CSeq: 2\r\nUser-Agent: LibVLC/3.0.16 (LIVE555 Streaming Media v2016.11.28)\r\n\r\n');
    // The DESCRIBE answer's 695-byte SDP, whole, from the frame its header block came in.
    const body = rows.filter(([, part]) => part === 'body');
    expect(body.map(([, , , frame, text]) => [frame, text.length, text.slice(0, 9)])).toEqual([[45, 695, 'v=0\r\no=- ']]);
    expect(body[0][4]).toContain('a=control:rtsp://10.2.2.2:8554/trackID=1');
  });

  it('the whole engine: no http section entries, no finding, the session ids (android_id traps) not reported', async () => {
    const report = await analyzeFile(SRC.path);
    expect(report.flows.map((f) => f.protocol)).toEqual(Array(7).fill('rtsp'));
    expect((report as unknown as { http: unknown[] }).http).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.other_findings).toEqual([]);
  });
});

describe('detection', () => {
  const heuristics = PROTOCOLS.filter((p) => p.detectTcp);
  const http = heuristics.find((p) => p.name === 'http')!;
  const first = (flow: number) => flowEvents(SRC, flow).events[0].bytes.subarray(0, DETECT_LIMIT);

  it('RTSP is tried before HTTP/1, which would claim OPTIONS rtsp://… RTSP/1.0', () => {
    expect(heuristics.map((p) => p.name).slice(0, 2)).toEqual(['rtsp', 'http']);
    expect(latin1(first(1))).toMatch(/^OPTIONS rtsp:/);
    expect([detectRtsp(first(1)), http.detectTcp!(first(1))]).toEqual([true, true]);
    // GET_PARAMETER is no HTTP method: before RTSP, this flow was raw.
    expect([detectRtsp(first(0)), http.detectTcp!(first(0))]).toEqual([true, false]);
  });

  it('on any port: the real session between ports 40000 and 9000 is RTSP by its content', () => {
    const { events } = flowEvents(SRC, 1);
    const c = replay(mkFlow(0, 'tcp', 40000, 9000), events);
    expect(c.apps).toEqual([[0, 'rtsp', false]]);
    expect(c.of('rtsp').map(msg)).toEqual(TSHARK[1]);
    expect(c.httpMsgs).toEqual([]);
  });

  it('byte by byte, the stream is held until the scheme shows, then read the same', () => {
    const { events } = flowEvents(SRC, 1);
    const bytewise = events.flatMap((e) => Array.from(e.bytes, (b, i) => ({ ...e, bytes: Uint8Array.of(b), offset: e.offset + i })));
    const c = replay(mkFlow(0, 'tcp', 40000, 9000), bytewise);
    expect(c.apps).toEqual([[0, 'rtsp', false]]);
    expect(c.of('rtsp').map((m) => msg(m).replace(/^\d+ /, ''))).toEqual(TSHARK[1].map((l) => l.replace(/^\d+ /, '')));
    expect(detectRtsp(bytes('OPTIONS rt'))).toBe('more');
    expect(detectRtsp(bytes('OPTIONS * RTSP/1.0\r\n'))).toBe(true);
    expect(detectRtsp(bytes('RTSP/1.0 200 OK\r\n'))).toBe(true);
  });

  it('HTTP stays HTTP: real HTTP/1.1 starts say no to RTSP', () => {
    for (const [src, flow] of [[external('http-chunked__input.pcap'), 0], [external('tcp-stream-after-swap__http-start-from-response.pcap'), 0]] as const) {
      const b = flowEvents(src, flow).events[0].bytes.subarray(0, DETECT_LIMIT);
      expect(detectRtsp(b)).toBe(false);
      expect(extract(src).apps.filter(([f]) => f === flow).map(([, a]) => a)).toEqual(['http']);
    }
  });

  it('start lines: RTSP/1.0 and 2.0 requests and responses, not HTTP', () => {
    expect(parseStartLine('SET_PARAMETER rtsp://cam/live RTSP/2.0\r')).toEqual({ kind: 'request', method: 'SET_PARAMETER', uri: 'rtsp://cam/live' });
    expect(parseStartLine('RTSP/1.0 454 Session Not Found')).toEqual({ kind: 'response', status: 454 });
    expect(parseStartLine('GET / HTTP/1.1\r')).toBeNull();
    expect(parseStartLine('HTTP/1.1 200 OK')).toBeNull();
  });
});

describe('interleaved media, damage', () => {
  // The real session's first request and answer, with media frames ('$', channel, length) between.
  const session = () => flowEvents(SRC, 1).events;

  it("interleaved '$' frames are skipped, not scanned; the messages around them are read", () => {
    const [req, resp] = session().filter((e) => e.bytes.length > 0);
    const frame = (ch: number, body: string) => concatAll([Uint8Array.of(0x24, ch, 0, body.length), bytes(body)]);
    const media = frame(0, 'RTP model=SM-G960F imei 356938035643809');
    const c = drive(mkFlow(0, 'tcp', 40000, 554), [['upload', req.bytes], ['download', concatAll([resp.bytes, media, frame(1, 'RTCP'), resp.bytes])]]);
    expect(c.of('rtsp').map((m) => `${m.direction} ${m.kind} ${m.cseq}`)).toEqual(['upload request 2', 'download response 2', 'download response 2']);
    expect(c.scans.map((s) => latin1(s.bytes)).filter((t) => t.includes('RTP'))).toEqual([]);
    expect(c.warnings).toEqual([]);
  });

  it('a header block split anywhere is read the same', () => {
    const [req] = session();
    for (const cut of [1, 8, 30, req.bytes.length - 2]) {
      const c = drive(mkFlow(0, 'tcp', 40000, 554), splitAt(req.bytes, [cut]).map((b) => ['upload', b] as const));
      expect(c.of('rtsp').map((m) => `${m.method} ${m.uri} ${m.cseq}`)).toEqual([`OPTIONS ${URL} 2`]);
    }
  });

  it('bytes that are not RTSP on its port: warned, scanned raw, and the next message is found', () => {
    const [req] = session();
    const c = drive(mkFlow(0, 'tcp', 40000, 554), [['upload', concatAll([bytes('\x00\x01junk line\r\n'), req.bytes])]]);
    expect(c.warnings.map((w) => w.code)).toEqual(['rtsp-resync']);
    expect(c.of('rtsp').map((m) => m.method)).toEqual(['OPTIONS']);
    expect(c.scans.filter((s) => s.protocol === 'tcp').map((s) => latin1(s.bytes))).toEqual(['\x00\x01junk line\r\n']);
  });

  it('a body cut short at close is scanned and warned, not recorded', () => {
    const c = new Collect();
    drive(mkFlow(0, 'tcp', 40000, 554), [['download', bytes('RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Length: 100\r\n\r\nv=0\r\no=- 1 1 IN IP4 cam\r\n')]], c);
    expect(c.of('rtsp')).toEqual([]);
    expect(c.warnings.map((w) => w.code)).toEqual(['rtsp-truncated']);
    expect(c.scans.map((s) => `${s.part} ${latin1(s.bytes).slice(0, 3)}`)).toEqual(['header CSe', 'body v=0']);
  });
});
