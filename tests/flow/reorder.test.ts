/**
 * Reassembly of a long upload whose segments arrive in reverse order: held whole up to the
 * per-direction bound (32 MiB, each piece counted with PIECE_COST), and past it the dropped
 * bytes are said in a tcp-dropped warning, not lost in silence (issue 15).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeStream } from '../../src/core/engine';
import { DEFAULT_REASSEMBLY_LIMITS, PIECE_COST } from '../../src/core/flow/tcpReassembler';
import { ascii, eth, ipv4, pcapOf, tcp } from '../decode/build';
import { flowBytes, scannerWasm } from '../pipeline';

const SEGMENT = 1000;
const IMEI = '862287025963539';

/**
 * One HTTP POST of `segments` x 1000 bytes (headers + body, the IMEI near the body's start) on
 * a fresh connection: handshake in order, then every data segment in reverse order.
 */
function reversedPost(segments: number): { pcap: Uint8Array; bodyLength: number } {
  const total = segments * SEGMENT;
  const head = (n: number) => `POST /upload HTTP/1.1\r\nHost: collect.example.com\r\nContent-Type: text/plain\r\nContent-Length: ${n}\r\n\r\n`;
  // The header's length depends on the body's digits: fix the digit count first.
  const bodyLength = total - head(total).length;
  const request = new Uint8Array(total);
  request.set(ascii(head(bodyLength)));
  const bodyStart = head(bodyLength).length;
  request.fill(0x61, bodyStart); // 'a'
  request.set(ascii(`imei=${IMEI}&x=`), bodyStart + 10);
  const c = { sport: 40000, dport: 80 };
  const frames = [
    tcp({ ...c, seq: 100, flags: 0x02 }),
    tcp({ sport: 80, dport: 40000, seq: 500, ack: 101, flags: 0x12 }),
    tcp({ ...c, seq: 101, ack: 501, flags: 0x10 }),
  ].map((t, i) => eth(0x0800, ipv4({ proto: 6, ...(i === 1 ? { src: [10, 0, 0, 2], dst: [10, 0, 0, 1] } : {}) }, t)));
  for (let k = segments - 1; k >= 0; k--) {
    const seg = tcp({ ...c, seq: 101 + k * SEGMENT, ack: 501, flags: 0x18 }, request.subarray(k * SEGMENT, (k + 1) * SEGMENT));
    frames.push(eth(0x0800, ipv4({ proto: 6 }, seg)));
  }
  return { pcap: pcapOf(frames), bodyLength };
}

describe('reordered TCP upload', () => {
  it('2 MB in 2,000 reversed segments: the request, its whole body and the IMEI', async () => {
    const { pcap, bodyLength } = reversedPost(2000);
    const report = await analyzeStream(Readable.from([pcap]), { name: 'reversed.pcap', size: pcap.length, scannerWasm: scannerWasm() });
    expect(report.capture.frames).toBe(2003);
    expect(report.warnings.filter((w) => w.code.startsWith('tcp-'))).toEqual([]);
    expect(report.http).toHaveLength(1);
    expect(report.http[0]).toMatchObject({ method: 'POST', request_body_bytes: bodyLength });
    expect(bodyLength).toBeGreaterThan(1_999_000);
    const imei = report.findings.find((f) => f.type === 'imei');
    expect(imei?.value).toBe(IMEI);
  });

  it('36 MB reversed, past the 32 MiB bound: what was given up and dropped, in two warnings', () => {
    const segments = 36_000;
    const { pcap } = reversedPost(segments);
    const run = flowBytes(pcap);
    const limit = DEFAULT_REASSEMBLY_LIMITS.maxBufferedBytes;
    expect(limit).toBe(32 * 1024 * 1024);
    // Held until one more piece would pass the bound; the hole before them is given up.
    const held = Math.floor(limit / (SEGMENT + PIECE_COST)) + 1;
    const lost = (segments - held) * SEGMENT;
    expect([held, lost]).toEqual([26_716, 9_284_000]); // with PIECE_COST 256
    expect(run.warnings).toEqual([
      {
        code: 'tcp-dropped',
        message: `Flow 0 upload: more than ${limit} bytes held out of order: gave up waiting for ${lost} bytes at stream offset 0 (a gap); bytes that fill it later are dropped`,
        frame: 3 + held, // the segment that would have passed the bound
      },
      {
        code: 'tcp-dropped',
        message: `Flow 0 upload: reassembly dropped data in all: 1 holes (${lost} bytes) given up at a buffer limit, ${lost} bytes that arrived after their hole was given up`,
        frame: 3 + segments,
      },
    ]);
    // What was held is delivered: the flow's upload bytes are the kept part.
    expect(run.flows[0].payloadBytes[0]).toBe(held * SEGMENT);
  });
});
