/** One flow's reassembled payload on demand (the evidence dialog's "Follow stream"). */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFlowStream, type FlowStream, type FlowStreamOptions } from '../../src/core/flowStream';
import type { Report } from '../../src/core/report/types';
import { LEAKS } from '../corpus';
import { analyzeFile } from '../pipeline';

const SEGMENTED = join(LEAKS, 'captures/06-segmented-keepalive.pcap');
const MIXED = join(LEAKS, 'captures/15-mixed.pcap');

function extract(path: string, options: FlowStreamOptions): Promise<FlowStream> {
  return extractFlowStream(createReadStream(path, { highWaterMark: 1 << 12 }), options);
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** The text of one direction, or of both in order of arrival. */
function text(s: FlowStream, direction?: 'upload' | 'download'): string {
  return s.segments
    .filter((g) => !direction || g.direction === direction)
    .map((g) => (g.gap ? `[${g.gap} bytes missing]` : latin1(g.bytes)))
    .join('');
}

let report06: Promise<Report> | null = null;
const analysed06 = () => (report06 ??= analyzeFile(SEGMENTED));

describe('extractFlowStream', () => {
  it('06-segmented-keepalive: reordered segments come out whole, requests and responses in order', async () => {
    const report = await analysed06();
    const tcp = report.flows.find((f) => f.transport === 'tcp')!;
    const s = await extract(SEGMENTED, { flowId: tcp.id });
    expect(s.flowId).toBe(tcp.id);
    expect(s.transport).toBe('tcp');
    expect(s.client).toEqual(tcp.client);
    expect(s.server).toEqual(tcp.server);
    expect(s.truncated).toBe(false);
    expect(s.segments.some((g) => g.gap)).toBe(false);

    const all = text(s);
    const lines = [
      'POST /c/v1/event HTTP/1.1\r\n',
      // The body of the first request spans three segments, the second and third reordered.
      'appkey=a7f3c1d9e2b4&ev=launch&dev=862287025963539&os=android&osv=4.4.2&t=1773451845835',
      'HTTP/1.1 200 OK\r\n',
      'POST /c/v1/profile HTTP/1.1\r\n',
      '{"uid":"d3156501d7741bdb","email":"zhangwei.bj88@163.com","lang":"zh_CN"}',
      'HTTP/1.1 200 OK\r\n',
      'GET /c/v1/config?v=3 HTTP/1.1\r\n',
      'HTTP/1.1 200 OK\r\n',
    ];
    let at = 0;
    for (const line of lines) {
      const i = all.indexOf(line, at);
      expect(i, `${JSON.stringify(line)} after offset ${at}`).toBeGreaterThanOrEqual(at);
      at = i + line.length;
    }
    // Turns of the conversation: request, response, three times; the retransmission (frame 17) not doubled.
    expect(s.segments.map((g) => g.direction)).toEqual(['upload', 'download', 'upload', 'download', 'upload', 'download']);
    expect(text(s, 'upload').match(/POST|GET /g)).toHaveLength(3);
    expect(s.bytes).toEqual([tcp.upload_bytes, tcp.download_bytes]);
    // Frames: the first request starts in frame 6 and is completed by frame 8 (the out-of-order one).
    expect(s.segments[0]).toMatchObject({ frame: 6, lastFrame: 8, offset: 0 });
    expect(s.segments[1].offset).toBe(0);
    expect(s.segments[2].offset).toBe(s.segments[0].bytes.length);
  });

  it.skipIf(!existsSync('/usr/bin/tshark'))("matches tshark's follow,tcp,raw turn by turn", async () => {
    const report = await analysed06();
    const tcp = report.flows.find((f) => f.transport === 'tcp')!;
    const s = await extract(SEGMENTED, { flowId: tcp.id });
    const out = execFileSync('tshark', ['-r', SEGMENTED, '-qz', 'follow,tcp,raw,0'], { encoding: 'utf8' });
    const turns: { direction: string; hex: string }[] = [];
    for (const line of out.split('\n')) {
      if (!/^\t?[0-9a-f]+$/.test(line)) continue;
      const direction = line.startsWith('\t') ? 'download' : 'upload';
      const last = turns.at(-1);
      if (last?.direction === direction) last.hex += line.trim();
      else turns.push({ direction, hex: line.trim() });
    }
    expect(turns.length).toBe(6);
    expect(s.segments.map((g) => ({ direction: g.direction, hex: Buffer.from(g.bytes).toString('hex') }))).toEqual(turns);
  });

  it('stops at the flow\'s last frame with the same result, and cuts at maxBytes', async () => {
    const report = await analysed06();
    const tcp = report.flows.find((f) => f.transport === 'tcp')!;
    const full = await extract(SEGMENTED, { flowId: tcp.id });
    const early = await extract(SEGMENTED, { flowId: tcp.id, lastFrame: tcp.last_frame });
    expect(text(early)).toBe(text(full));

    const cut = await extract(SEGMENTED, { flowId: tcp.id, maxBytes: 300 });
    expect(cut.truncated).toBe(true);
    expect(cut.bytes[0] + cut.bytes[1]).toBe(300);
    expect(text(cut)).toBe(text(full).slice(0, 300));
  });

  it('UDP: one segment per datagram, both directions', async () => {
    const report = await analysed06();
    const dns = report.flows.find((f) => f.transport === 'udp')!;
    const s = await extract(SEGMENTED, { flowId: dns.id });
    expect(s.transport).toBe('udp');
    expect(s.segments.map((g) => [g.direction, g.frame])).toEqual([['upload', 1], ['download', 2]]);
    expect(text(s)).toContain('metrixlytics');
  });

  it('rejects a flow that is not in the capture, and a file that is no capture', async () => {
    await expect(extract(SEGMENTED, { flowId: 99 })).rejects.toThrow(/flow 99 is not in this capture/);
    async function* notCapture() {
      yield new TextEncoder().encode('hello, this is not a capture at all\n');
    }
    await expect(extractFlowStream(notCapture(), { flowId: 0 })).rejects.toThrow('not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file (starts with 68 65 6c 6c)');
  });

  it('15-mixed (7.5 MB): a flow deep in the file, numbered as the analysis numbers it', async () => {
    const report = await analyzeFile(MIXED);
    const withHttp = report.http.at(-1)!;
    const flow = report.flows[withHttp.flow];
    const s = await extract(MIXED, { flowId: flow.id, lastFrame: flow.last_frame });
    expect(s.client).toEqual(flow.client);
    expect(s.server).toEqual(flow.server);
    expect(text(s, 'upload')).toContain(`${withHttp.method} ${withHttp.uri}`);
  });
});

describe('extractFlowStream on TLS flows with keys', () => {
  const decryptedText = (s: FlowStream, direction?: 'upload' | 'download') =>
    (s.decrypted?.segments ?? []).filter((g) => !direction || g.direction === direction).map((g) => (g.gap ? '' : latin1(g.bytes))).join('');

  it.each([
    ['08-https-dsb.pcapng (secrets in the file)', 'captures/08-https-dsb.pcapng', undefined],
    ['08-https-dsb-keylog.pcap with its key log', 'captures/08-https-dsb-keylog.pcap', 'keys/08-https-dsb-keylog.keylog'],
  ])('%s: the flow also comes out decrypted, where the finding was read', async (_n, capture, keylogFile) => {
    const path = join(LEAKS, capture);
    const keylog = keylogFile ? (await import('node:fs')).readFileSync(join(LEAKS, keylogFile), 'utf8') : undefined;
    const report = await analyzeFile(path, keylog ? { keylog } : {});
    const f = report.findings.find((x) => x.encrypted_on_wire && x.protocol === 'tls' && /^\d+$/.test(x.value));
    expect(f, 'an identifier read from decrypted TLS').toBeDefined();
    const s = await extract(path, { flowId: f!.flow, keylog });
    // As sent: ciphertext, the value nowhere in it.
    expect(text(s)).not.toContain(f!.value);
    expect(s.decrypted).toBeDefined();
    const up = decryptedText(s, 'upload');
    expect(up).toMatch(/^(GET|POST|PUT) \S+ HTTP\/1\.1\r\n/);
    expect(decryptedText(s)).toContain(f!.match ?? f!.value);
    expect(decryptedText(s, 'download')).toMatch(/^HTTP\/1\.1 \d{3}/);
    expect(s.decrypted!.bytes[0]).toBe(up.length);
  });

  it('without keys a TLS flow has no decrypted part', async () => {
    const path = join(LEAKS, 'captures/08-https-dsb-keylog.pcap');
    const report = await analyzeFile(path);
    const tlsFlow = report.flows.find((f) => f.protocol === 'tls')!;
    const s = await extract(path, { flowId: tlsFlow.id });
    expect(s.bytes[0]).toBeGreaterThan(0);
    expect(s.decrypted).toBeUndefined();
  });
});
