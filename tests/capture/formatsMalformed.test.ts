/**
 * The malformed treatment for the formats of issue 13: truncated, bit-flipped and oversized
 * variants generated from the real HAR, mitmproxy, PCAPdroid (trailer, UID-map pcapng), PKTAP and
 * iOS pcapd files of ../shared/corpus/formats give
 * warnings or one clear CaptureError, never another exception or a hang (reader and engine).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/core/capture/index';
import { analyzeStream } from '../../src/core/engine';
import { readChunks, readFile, scannerWasm } from '../pipeline';
import { FORMATS } from '../corpus';

const FILES = [
  'har-01-tracker.har', 'har-02-gzip.har', 'har-03-postdata-base64.har', 'mitm-01-http.mitm', 'mitm-02-https.mitm', 'mitm-public-dumpfile-011.mitm', 'mitm-public-dumpfile-19.mitm',
  'pcapdroid-01-default.pcap', 'pcapdroid-02-trailer.pcap', 'pcapdroid-03-dsb.pcapng', 'pcapdroid-04-root.pcapng', 'pktap-01-rvi0.pcap', 'pktap-02-wifi-cell.pcap', 'ios-pcapd-01-pymobiledevice3.pcap',
];
const CLEAR = /^(not a HAR file: |not a mitmproxy dump: |not a readable pcapng capture: |file ends inside the pcap(ng)? (file|section) header |not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file|too short to be a capture|empty file)/;

/** xorshift32: the same variants on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function variants(name: string): [string, Uint8Array][] {
  const b = readFile(join(FORMATS, 'captures', name));
  const out: [string, Uint8Array][] = [];
  for (let k = 1; k <= 30; k++) {
    const at = Math.floor((b.length * k) / 31);
    out.push([`cut at ${at}`, b.slice(0, at)]);
  }
  for (const at of [1, 5, 20, 63, 64, 65]) out.push([`cut at ${at}`, b.slice(0, at)]);
  const r = rng(name.length * 7919 + b.length);
  for (let k = 0; k < 60; k++) {
    const v = b.slice();
    const flips = 1 + Math.floor(r() * 4);
    for (let j = 0; j < flips; j++) v[Math.floor(r() * v.length)] ^= 1 << Math.floor(r() * 8);
    out.push([`flip ${k}`, v]);
  }
  const enc = new TextEncoder();
  if (name.endsWith('.mitm')) {
    // A first flow claiming far more bytes than the file has, and one past the reader's limit.
    const colon = b.indexOf(0x3a);
    out.push(['length past the file', new Uint8Array([...enc.encode('99999999'), ...b.subarray(colon)])]);
    out.push(['length past the limit', new Uint8Array([...enc.encode('999999999999'), ...b.subarray(colon)])]);
    out.push(['two dumps and garbage', new Uint8Array([...b, ...b, ...enc.encode('xx')])]);
  } else if (name.endsWith('.pcap') || name.endsWith('.pcapng')) {
    // The first record (pcap: caplen after the 24-byte header) or the second block (pcapng: its
    // total length, after the section header block) claiming 4 GiB.
    const v = b.slice();
    const dv = new DataView(v.buffer);
    const little = dv.getUint32(0, true) === 0xa1b2c3d4 || dv.getUint32(0, true) === 0xa1b23c4d || dv.getUint32(8, true) === 0x1a2b3c4d;
    const at = name.endsWith('.pcap') ? 24 + 8 : dv.getUint32(4, little) + 4;
    dv.setUint32(at, 0xfffffff0, little);
    out.push(['length past the file', v]);
    out.push(['doubled', new Uint8Array([...b, ...b])]);
  } else {
    out.push(['doubled', new Uint8Array([...b, ...b])]);
    const text = new TextDecoder().decode(b);
    out.push(['entry with a 3 MiB URL', enc.encode(text.replace('"url": "', `"url": "${'a'.repeat(3 << 20)}`))]);
    out.push(['deep nesting', enc.encode(`{"log": {"entries": [${'['.repeat(5000)}`)]);
  }
  return out;
}

function readOk(bytes: Uint8Array): string {
  try {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 997) chunks.push(bytes.subarray(i, i + 997));
    const run = readChunks(chunks, () => {}, { exchange: () => {} });
    return `ok ${run.frames}`;
  } catch (e) {
    if (e instanceof CaptureError && CLEAR.test(e.message)) return 'error';
    throw e;
  }
}

describe.each(FILES)('%s', (name) => {
  const all = variants(name);
  it(`reader: ${all.length} variants warn or fail clearly`, () => {
    const outcomes = all.map(([what, bytes]) => {
      try {
        return readOk(bytes);
      } catch (e) {
        throw new Error(`${name} ${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    // Most cuts still give the records before them.
    expect(outcomes.filter((o) => o.startsWith('ok')).length).toBeGreaterThan(all.length / 3);
  });

  it('engine: every 4th variant gives a report or a CaptureError', async () => {
    for (const [what, bytes] of all.filter((_, i) => i % 4 === 0)) {
      try {
        const r = await analyzeStream((async function* () {
          for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
        })(), { name: what, scannerWasm: scannerWasm() });
        expect(r.format).toBe('capture-report');
      } catch (e) {
        if (!(e instanceof CaptureError)) throw new Error(`${name} ${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }, 60_000);
});
