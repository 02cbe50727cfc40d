/**
 * The dispatch rules of the registry (src/core/protocols/registry.ts, extract/): port claims
 * before any byte (lower port first), then for TCP a fixed preface in either direction (inside
 * TLS only the client's), then content heuristics in registry order; for UDP a heuristic per
 * datagram; raw for the rest, and raw for the rest of a flow whose handler throws. Real bytes of
 * captures wherever one has the case.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { concatAll, fromHex, latin1 } from '../../src/core/bytes';
import type { HandlerContext, Protocol } from '../../src/core/extract/handler';
import { DETECT_LIMIT, sniffTcp } from '../../src/core/extract/sniff';
import { ProtocolExtractor } from '../../src/core/extract/index';
import { FALLBACK, PROTOCOLS } from '../../src/core/protocols/registry';
import type { Flow } from '../../src/core/flow/types';
import { REPO_ROOT } from '../corpus';
import { Collect, flowCapture } from '../pipeline';
import { bytes, drive, external, extract, fixture, flowEvents, leak, mkFlow, replay, scanRows, swapped, type FlowEvent, type Source } from './helpers';

const names = (ps: readonly Protocol[]) => ps.map((p) => p.name);
/** The apps a flow was given, in order. */
const appsOf = (c: { apps: [number, string, boolean][] }, flow: number) => c.apps.filter((a) => a[0] === flow).map((a) => a[1]);

describe('the registry', () => {
  it('lists one protocol per folder of src/core/protocols, each with its test file here', () => {
    const dir = join(REPO_ROOT, 'src/core/protocols');
    const folders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders).toEqual(['dhcp', 'dhcpv6', 'dns', 'gquic', 'http1', 'http2', 'llmnr', 'mdns', 'mqtt', 'nbns', 'quic', 'raw', 'rtsp', 'ssdp', 'tivo', 'tls', 'ubnt', 'whatsapp']);
    for (const f of folders) expect(existsSync(join(REPO_ROOT, 'tests/protocols', `${f}.test.ts`)), f).toBe(true);
    expect(names(PROTOCOLS)).toEqual(['dns', 'rtsp', 'http', 'http2', 'tls', 'quic', 'gquic', 'mqtt', 'dhcp', 'whatsapp', 'ubnt', 'nbns', 'tivo', 'ssdp', 'dhcpv6', 'mdns', 'llmnr']);
    expect(FALLBACK.name).toBe('raw');
  });

  it('declares the claims: ports (DNS, RTSP, DHCP, UBNT, NetBIOS, TiVo, SSDP, DHCPv6, mDNS, LLMNR), a preface (HTTP/2 only), TCP heuristics RTSP/HTTP/TLS/MQTT/WhatsApp in that order, UDP heuristics (QUIC, gQUIC)', () => {
    expect(PROTOCOLS.filter((p) => p.ports).map((p) => [p.name, p.ports])).toEqual([
      ['dns', { udp: [53], tcp: [53, 5353] }], ['rtsp', { tcp: [554, 7236, 8554] }], ['dhcp', { udp: [67, 68] }], ['ubnt', { udp: [10001] }], ['nbns', { udp: [137] }],
      ['tivo', { udp: [2190] }], ['ssdp', { udp: [1900] }], ['dhcpv6', { udp: [546, 547] }], ['mdns', { udp: [5353] }], ['llmnr', { udp: [5355] }],
    ]);
    expect(PROTOCOLS.filter((p) => p.preface).map((p) => [p.name, latin1(p.preface!)])).toEqual([['http2', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n']]);
    expect(names(PROTOCOLS.filter((p) => p.detectTcp))).toEqual(['rtsp', 'http', 'tls', 'mqtt', 'whatsapp']);
    expect(names(PROTOCOLS.filter((p) => p.detectUdp))).toEqual(['quic', 'gquic']);
    expect([FALLBACK.ports, FALLBACK.preface, FALLBACK.detectTcp, FALLBACK.detectUdp]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

/** The apps a flow of these ports is given on open, before any byte. */
function claimed(Extractor: typeof ProtocolExtractor, transport: 'tcp' | 'udp', client: number, server: number): string[] {
  const c = new Collect();
  const ex = new Extractor(c);
  const f = mkFlow(0, transport, client, server);
  ex.open(f);
  ex.close(f);
  return appsOf(c, 0);
}

describe('port claims, before any byte', () => {
  /** [capture, flow, transport, client port, server port, apps]: real flows. */
  const ROWS: [Source, number, 'tcp' | 'udp', number, number, string[]][] = [
    [external('cond-log-dns-dig__input.pcap'), 0, 'udp', 41805, 53, ['dns']],
    [external('dns__dns-tcp-www-google-com__dns.pcap'), 0, 'tcp', 38195, 53, ['dns']],
    [external('dns__dns-incomplete__input.pcap'), 0, 'tcp', 59194, 5353, ['dns']],
    // Whichever side uses the port: here the client's (an empty datagram, still DNS's flow).
    [external('ipv6-hdr-keyword-01__input.pcap'), 0, 'udp', 53, 80, ['dns']],
    // UDP 5353 is mDNS and 5355 LLMNR, tshark's other dissectors of the DNS format.
    [external('ethernet-eve__test.pcap'), 5, 'udp', 5353, 5353, ['mdns']],
    [external('bug-5162__input.pcap'), 10, 'udp', 62198, 5355, ['llmnr']],
    [external('bug-2158__public-ex1_section8_Sofacy.pcap'), 0, 'udp', 68, 67, ['dhcp']],
  ];

  it.each(ROWS.map((r) => [`${r[0].name} flow ${r[1]}`, ...r] as const))('%s', (_n, src, flow, transport, client, server, apps) => {
    const x = extract(src);
    expect(x.flows[flow]).toMatchObject({ transport, client: { port: client }, server: { port: server } });
    expect(appsOf(x, flow)).toEqual(apps);
  });

  it('a port claim wins over the content: real HTTP and QUIC bytes on port 53 are DNS', () => {
    const http = flowEvents(external('http-chunked__input.pcap'), 0).events;
    expect(appsOf(replay(mkFlow(0, 'tcp', 40000, 80), http), 0)).toEqual(['http']);
    const onDns = replay(mkFlow(0, 'tcp', 40000, 53), http);
    expect(appsOf(onDns, 0)).toEqual(['dns']);
    expect(onDns.httpMsgs).toEqual([]);
    const quic = flowEvents(external('quic-frag-wait__input.pcap'), 0).events;
    expect(appsOf(replay(mkFlow(0, 'udp', 50000, 443), quic), 0)).toEqual(['quic']);
    const quicOnDns = replay(mkFlow(0, 'udp', 50000, 53), quic);
    expect(appsOf(quicOnDns, 0)).toEqual(['dns']);
    expect(quicOnDns.hellos).toEqual([]);
    expect(quicOnDns.warnings.map((w) => w.code)).toContain('dns-malformed');
  });

  it('the lower port is tried first; the first protocol listing a port owns it (a registry with two more port claims)', async () => {
    // The real registry: DNS and DHCP ports on one flow, the lower wins.
    const udp = (client: number, server: number) => claimed(ProtocolExtractor, 'udp', client, server);
    expect([udp(67, 53), udp(53, 67), udp(68, 40000)]).toEqual([['dns'], ['dns'], ['dhcp']]);
    // No two of its protocols list the same port: two made-up ones show who owns a shared one.
    const made = (name: string, tcp: number[]): Protocol => ({
      name,
      ports: { tcp },
      create: (ctx) => {
        ctx.sink.app(ctx.flow.id, name, false);
        return { data() {}, gap() {}, close() {} };
      },
    });
    vi.resetModules();
    vi.doMock('../../src/core/protocols/registry', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../src/core/protocols/registry')>();
      return { ...real, PROTOCOLS: [...real.PROTOCOLS, made('low', [1000, 53]), made('high', [2000, 1000])] };
    });
    try {
      const { ProtocolExtractor: Extractor } = await import('../../src/core/extract/index');
      const claim = (client: number, server: number) => claimed(Extractor, 'tcp', client, server);
      // 1000 is listed by both: 'low' comes first; 53 by 'low' too, after 'dns'.
      expect(claim(40000, 1000)).toEqual(['low']);
      expect(claim(2000, 1000)).toEqual(['low']);
      expect(claim(1000, 2000)).toEqual(['low']);
      expect(claim(40000, 2000)).toEqual(['high']);
      expect(claim(2000, 40000)).toEqual(['high']);
      expect(claim(53, 2000)).toEqual(['dns']);
      expect(claim(40000, 50000)).toEqual([]);
    } finally {
      vi.doUnmock('../../src/core/protocols/registry');
      vi.resetModules();
    }
  });
});

/** Sniffs the events as a new TCP stream (inside TLS or not) and returns what came out. */
function sniffed(flow: Flow, events: readonly FlowEvent[], insideTls: boolean): Collect {
  const c = new Collect();
  const ctx: HandlerContext = { flow, sink: c, redetect: (inner, tls) => sniffTcp(inner, tls) };
  const h = sniffTcp(ctx, insideTls);
  for (const e of events) h.data(e.dir, e.bytes, e.offset, e.frame);
  h.close();
  return c;
}

describe('TCP preface (HTTP/2 prior knowledge)', () => {
  const h2c = () => flowEvents(fixture('h2c-prior-knowledge.pcap'), 0);
  const requests = (c: Collect) => c.httpMsgs.filter((m) => m.kind === 'request').map((m) => `${m.direction} ${m.frame} ${m.uri} s${m.stream}`);

  it('claims a stream that starts with it (h2c-prior-knowledge, real)', () => {
    const { flow, events } = h2c();
    expect(latin1(events[0].bytes).startsWith('PRI * HTTP/2.0')).toBe(true);
    const c = replay(flow, events);
    expect(requests(c)).toEqual(['upload 6 /v1/h2c?imei=862287025963539 s1', 'upload 8 /v1/h2c/post s3']);
    // No content heuristic would have: HTTP/1 does not know "PRI", RTSP its version, nor TLS nor MQTT the bytes.
    expect(PROTOCOLS.filter((p) => p.detectTcp).map((p) => p.detectTcp!(events[0].bytes.subarray(0, DETECT_LIMIT)))).toEqual([false, false, false, false, false]);
  });

  it('in either direction: the same session with client and server swapped', () => {
    const { flow, events } = h2c();
    const c = replay(flow, swapped(events));
    expect(requests(c)).toEqual(['download 6 /v1/h2c?imei=862287025963539 s1', 'download 8 /v1/h2c/post s3']);
    expect(c.httpMsgs.filter((m) => m.kind === 'response').map((m) => `${m.direction} ${m.status}`)).toEqual(['upload 200', 'upload 200']);
  });

  it("inside TLS only the client's bytes decide: the server's SETTINGS first", () => {
    const { flow, events } = h2c();
    // The same real session with the server's first frames moved before the client's preface.
    const first = events.findIndex((e) => e.dir === 'download');
    const serverFirst = [events[first], ...events.filter((_e, i) => i !== first)];
    const inside = sniffed(flow, serverFirst, true);
    expect(requests(inside)).toEqual(['upload 6 /v1/h2c?imei=862287025963539 s1', 'upload 8 /v1/h2c/post s3']);
    // Outside TLS the server's first byte matches no preface and no heuristic: raw.
    const outside = sniffed(flow, serverFirst, false);
    expect(outside.httpMsgs).toEqual([]);
    expect(new Set(outside.scans.map((s) => `${s.protocol} ${s.part}`))).toEqual(new Set(['tcp payload']));
  });
});

describe('TCP content heuristics, in registry order', () => {
  /** [capture, flow, what each heuristic (rtsp, http, tls, mqtt, whatsapp) says of the first bytes, the flow's apps]. */
  const ROWS: [Source, number, (boolean | 'more')[], string[]][] = [
    [external('http-chunked__input.pcap'), 0, [false, true, false, false, false], ['http']],
    [external('tcp-stream-after-swap__http-start-from-response.pcap'), 0, [false, true, false, false, false], ['http']],
    [external('tls__tls13-draft22__tls13_draft22.pcap'), 0, [false, false, true, false, false], ['tls']],
    [leak('10-mqtt.pcap'), 1, [false, false, false, true, false], ['mqtt']],
    // SSH: no heuristic claims it, raw.
    [external('vxlan-decoder-03__vxlan.pcap'), 3, [false, false, false, false, false], []],
  ];

  it.each(ROWS.map((r) => [`${r[0].name} flow ${r[1]}`, ...r] as const))('%s', (_n, src, flow, verdicts, apps) => {
    const { events } = flowEvents(src, flow);
    const first = events[0].bytes.subarray(0, DETECT_LIMIT);
    // At most one heuristic claims a real stream start, so their order cannot change the choice.
    expect(PROTOCOLS.filter((p) => p.detectTcp).map((p) => p.detectTcp!(first))).toEqual(verdicts);
    const x = extract(src);
    expect(appsOf(x, flow)).toEqual(apps);
    if (!apps.length) expect(new Set(scanRows(x.scans, flow).map(([p, part]) => `${p} ${part}`))).toEqual(new Set(['tcp payload']));
  });

  it('either direction may decide: a real request sent by the side the flow table calls server', () => {
    const { events } = flowEvents(external('http-chunked__input.pcap'), 0);
    const c = replay(mkFlow(0, 'tcp', 40000, 8080), swapped(events));
    expect(c.httpMsgs.map((m) => `${m.direction} ${m.method} ${m.uri}`)).toEqual(['download HEAD /resources/fonts/SourceSansPro-Regular.ttf']);
  });

  it('bytes are held while a heuristic may still claim: the real request one byte at a time', () => {
    const { events } = flowEvents(external('http-chunked__input.pcap'), 0);
    const bytewise = events.flatMap((e) => Array.from(e.bytes, (b, i) => ({ ...e, bytes: Uint8Array.of(b), offset: e.offset + i })));
    const c = replay(mkFlow(0, 'tcp', 40000, 8080), bytewise);
    expect(c.httpMsgs.map((m) => `${m.method} ${m.host} ${m.uri}`)).toEqual(['HEAD localhost /resources/fonts/SourceSansPro-Regular.ttf']);
    expect(latin1(events[0].bytes.subarray(0, 2))).toBe('HE');
    expect(PROTOCOLS.find((p) => p.name === 'http')!.detectTcp!(events[0].bytes.subarray(0, 2))).toBe('more');
  });

  it(`undecided after DETECT_LIMIT (${DETECT_LIMIT}) bytes: raw (no capture has such a stream)`, () => {
    // HTTP tolerates leading CR/LF and waits; past the limit it must give up.
    const c = drive(mkFlow(0, 'tcp', 40000, 8080), [['upload', bytes('\r\n'.repeat(DETECT_LIMIT / 2))], ['upload', bytes('GET / HTTP/1.1\r\n\r\n')]]);
    expect(c.httpMsgs).toEqual([]);
    expect(c.apps).toEqual([]);
    expect(c.scans.map((s) => `${s.protocol} ${s.part} ${s.bytes.length}`)).toEqual([`tcp payload ${DETECT_LIMIT + 18}`]);
  });
});

describe('UDP heuristic', () => {
  it('a QUIC long header claims the flow: its later datagrams (short headers) are QUIC too', () => {
    const { events } = flowEvents(external('quic-retry__input.pcap'), 0);
    const quic = PROTOCOLS.find((p) => p.name === 'quic')!;
    const verdicts = events.map((e) => quic.detectUdp!(e.bytes));
    expect(verdicts[0]).toBe(true);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(0);
    const c = replay(mkFlow(0, 'udp', 60027, 443), events);
    expect(appsOf(c, 0)).toEqual(['quic']);
    expect(c.scans.map((s) => `${s.protocol} ${s.part} ${s.frame}`)).toEqual(['quic sni 2', 'quic sni 6']);
  });

  it('datagrams before the first long header are scanned raw (real datagrams of two captures on one flow)', () => {
    const before = flowEvents(leak('11-udp-custom.pcap'), 1).events;
    const quic = flowEvents(external('quic-frag-wait__input.pcap'), 0).events;
    const events = [...before, ...quic].map((e, i) => ({ ...e, frame: i + 1 }));
    const c = replay(mkFlow(0, 'udp', 50000, 443), events);
    expect(appsOf(c, 0)).toEqual(['quic']);
    expect(c.scans.map((s) => `${s.protocol} ${s.part} ${s.direction} ${s.frame}`)).toEqual(['udp payload upload 1', 'udp payload download 2', 'quic sni upload 4']);
    expect(c.hellos.map((h) => h.sni)).toEqual(['www.google.com']);
  });
});

describe('a handler that throws', () => {
  it("warns 'extract-error' and scans the rest of the flow raw (DNS over TCP, real, with a sink that refuses records)", () => {
    class Refusing extends Collect {
      override emit(): void {
        throw new Error('sink refused the record');
      }
    }
    const c = new Refusing();
    const run = flowCapture(external('dns__dns-tcp-multirequest-buffer__dns-tcp-multirequest-buffer.pcap').path, { sink: new ProtocolExtractor(c) });
    // The twenty queries of frame 4 made the DNS handler emit: it threw there.
    expect(c.warnings).toEqual([{ code: 'extract-error', message: 'flow 0: sink refused the record', frame: 4 }]);
    expect(appsOf(c, 0)).toEqual(['dns']);
    // Everything after (the twenty answers) went to the raw handler, whole.
    expect(scanRows(c.scans, 0).map(([p, part, dir, frame, text]) => `${p} ${part} ${dir} ${frame} ${text.length}`)).toEqual([`tcp payload download 46 ${run.flows[0].payloadBytes[1]}`]);
    expect(run.flows[0].payloadBytes[1]).toBe(1650);
  });
});


/** Small deterministic PRNG (a 32-bit LCG) so failures reproduce. */
const rng = (seed: number) => {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
};

describe('damaged input never throws', () => {
  it('survives random bytes behind every protocol prefix', () => {
    const r = rng(7);
    const prefixes: [string, 'tcp' | 'udp', number, Uint8Array][] = [
      ['http', 'tcp', 80, bytes('GET / HTTP/1.1\r\nContent-Length: 10\r\n\r\n')],
      ['http-resp', 'tcp', 80, bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n')],
      ['tls', 'tcp', 443, fromHex('160301')],
      ['mqtt', 'tcp', 1883, fromHex('1010 0004 4d515454')],
      ['dns-tcp', 'tcp', 53, fromHex('0040')],
      ['dns', 'udp', 53, fromHex('0000')],
      ['quic', 'udp', 443, fromHex('c00000000108')],
      ['quic2', 'udp', 443, fromHex('d06b3343cf')],
      ['ubnt', 'udp', 10001, fromHex('0206')],
      ['tivo', 'udp', 2190, bytes('TiVoConnect=1\nidentity=uuid:')],
      ['ssdp', 'udp', 1900, bytes('NOTIFY * HTTP/1.1\r\nUSN: uuid:')],
      ['dhcpv6', 'udp', 547, fromHex('01000001000100')],
      ['nbns', 'udp', 137, fromHex('00002800000100000000000120')],
      ['mdns', 'udp', 5353, fromHex('000084000000000100000001')],
      ['llmnr', 'udp', 5355, fromHex('4f7b80000001000100000000')],
      ['rtsp', 'tcp', 554, bytes('RTSP/1.0 200 OK\r\nContent-Length: 40\r\n\r\n')],
      ['rtsp-interleaved', 'tcp', 554, fromHex('24000100')],
    ];
    for (const [, transport, port, prefix] of prefixes) {
      for (let round = 0; round < 200; round++) {
        const junk = Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256));
        const all = concatAll([prefix, junk]);
        const cut = Math.floor(r() * all.length);
        const c = drive(mkFlow(0, transport, 40000, port), [['upload', all.subarray(0, cut)], ['download', junk], ['upload', all.subarray(cut)]]);
        expect(c.warnings.filter((w) => w.code === 'extract-error')).toEqual([]);
      }
    }
  });
});
