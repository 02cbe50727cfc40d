/** HAR 1.2 through the engine: Chromium's recordHar files of ../shared/corpus/formats. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureExchange } from '../../src/core/capture/index';
import { HarEntrySplitter } from '../../src/core/capture/har/entrySplitter';
import { Framer } from '../../src/core/capture/framer';
import { analyzeFile, readChunks, readFile } from '../pipeline';
import { FORMATS } from '../corpus';

const har = (name: string) => join(FORMATS, 'captures', name);
const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));

function records(name: string, chunk = 1 << 20): { xs: CaptureExchange[]; format: string | null; frames: number } {
  const bytes = readFile(har(name));
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const xs: CaptureExchange[] = [];
  const run = readChunks(chunks, () => {}, { exchange: (x) => xs.push(x) });
  return { xs, format: run.format, frames: run.frames };
}

describe('HAR reader', () => {
  it('reads every entry of har-01 as one record, numbered entry index + 1', () => {
    const { xs, format, frames } = records('har-01-tracker.har');
    expect(format).toBe('har');
    expect(frames).toBe(7);
    expect(xs.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const first = xs[0];
    expect(first.server).toEqual({ ip: '124.239.239.10', port: 80 });
    expect(first.encrypted).toBe(false);
    const req = first.messages[0];
    expect(req.kind === 'request' && [req.method, req.host, req.uri]).toEqual(['GET', 'api.tianqi-app.cn', '/?lat=39.983424&lon=116.315963&city=home']);
    expect(first.messages[1].kind === 'response' && first.messages[1].status).toBe(200);
  });

  it('gives the same records whatever the chunk size (7 bytes, 4 KiB, whole)', () => {
    const whole = records('har-01-tracker.har').xs.map((x) => JSON.stringify(x, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v)));
    for (const chunk of [7, 4096]) {
      expect(records('har-01-tracker.har', chunk).xs.map((x) => JSON.stringify(x, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v)))).toEqual(whole);
    }
  });

  it('keeps a base64 postData as the bytes sent: gzip, decoded later by its Content-Encoding', () => {
    const { xs } = records('har-03-postdata-base64.har');
    const req = xs[2].messages[0];
    expect(req.kind).toBe('request');
    if (req.kind !== 'request') return;
    expect([req.method, req.uri, req.coded, req.body[0], req.body[1]]).toEqual(['POST', '/api/upload', true, 0x1f, 0x8b]);
    // The response text is already decoded although its headers still say gzip.
    const res = xs[1].messages[1];
    expect(res.kind === 'response' && [res.coded, res.headers.some(([k, v]) => k === 'Content-Encoding' && v === 'gzip')]).toEqual([false, true]);
  });

  it('JSON that starts like a HAR but has no log.entries is a clear error', () => {
    expect(() => readChunks([new TextEncoder().encode('{"log": {"version": "1.2", "pages": []}}')], () => {})).toThrow('not a HAR file: no log.entries array');
    expect(() => readChunks([new TextEncoder().encode('{"log": {"entries": [}]}}')], () => {})).toThrow("not a HAR file: unexpected '}'");
  });

  it('holds only the entry being read: a splitter limit skips a larger entry and reads on', () => {
    const bytes = readFile(har('har-01-tracker.har'));
    const seen: number[] = [];
    const skipped: number[] = [];
    const framer = new Framer(new HarEntrySplitter({
      entry: (_b, i) => void seen.push(i), meta: () => {}, skipped: (i) => void skipped.push(i), broken: () => {}, end: () => {},
    }, 2000));
    for (let i = 0; i < bytes.length; i += 512) framer.push(bytes.subarray(i, i + 512));
    framer.end();
    expect(seen.length + skipped.length).toBe(7);
    expect(skipped.length).toBeGreaterThan(0);
  });
});

describe('HAR through the engine', () => {
  it('har-01: flows, http section and planted values at their entry numbers', async () => {
    const r = await analyzeFile(har('har-01-tracker.har'), { profile });
    expect(r.capture.format).toBe('har');
    expect(r.capture.frames).toBe(7);
    expect(r.flows).toHaveLength(7);
    expect(r.flows[0]).toMatchObject({ client: { ip: '127.0.0.1', port: 0 }, server: { ip: '124.239.239.10', port: 80 }, protocol: 'http', encrypted: false, host: 'api.tianqi-app.cn' });
    expect(r.http.map((h) => `${h.frame} ${h.method} ${h.host} ${h.status}`)).toEqual([
      '1 GET api.tianqi-app.cn 200', '2 GET stat.adtrackr.com 200', '3 POST stat.adtrackr.com 200', '4 GET stat.adtrackr.com 200',
      '5 GET bid.mobiadx.com 200', '6 POST bid.mobiadx.com 200', '7 POST bid.mobiadx.com 200',
    ]);
    const imei = r.findings.filter((f) => f.type === 'imei').map((f) => `${f.encoding} ${f.frame} ${f.direction} ${f.encrypted_on_wire}`).sort();
    // Truth: form imei in entry 2 (frame 3), base64 in form d of entry 6 (frame 7).
    expect(imei).toEqual(['base64 7 upload false', 'plain 3 upload false']);
    const adId = r.findings.find((f) => f.type === 'ad_id');
    expect(adId && [adId.frame, adId.host, adId.encoding]).toEqual([4, 'stat.adtrackr.com', 'plain']);
  });

  it('har-02: values in a response Chromium stored decoded are found in the download', async () => {
    const r = await analyzeFile(har('har-02-gzip.har'), { profile });
    const email = r.findings.find((f) => f.type === 'email');
    expect(email && [email.frame, email.direction, email.host, email.encrypted_on_wire]).toEqual([2, 'download', 'sync.xmsvc-cloud.cn', false]);
  });

  it('har-03: a gzip body sent as base64 postData is decoded and scanned', async () => {
    const r = await analyzeFile(har('har-03-postdata-base64.har'), { profile });
    const mac = r.findings.find((f) => f.type === 'mac');
    expect(mac && [mac.value, mac.frame, mac.direction]).toEqual(['64:09:80:3a:5c:7e', 3, 'upload']);
    expect(r.http[2]).toMatchObject({ frame: 3, method: 'POST', uri: '/api/upload', status: 200 });
  });

  it('a response status that is not HTTP\'s three digits is reported as none (fuzz: 0.5 failed the schema)', async () => {
    const doc = JSON.parse(readFileSync(har('har-01-tracker.har'), 'utf8'));
    const odd = [0.5, 1e308, -200, 99, 1000, 204, 200];
    doc.log.entries.forEach((e: { response: { status: number } }, i: number) => (e.response.status = odd[i]));
    const path = join(mkdtempSync(join(tmpdir(), 'har-')), 'odd-status.har');
    writeFileSync(path, JSON.stringify(doc));
    const r = await analyzeFile(path);
    expect(r.http.map((h) => h.status)).toEqual([null, null, null, null, null, 204, 200]);
  });

  it('a URL port past 65535 is the scheme\'s (fuzz: the report\'s ports are u16)', () => {
    const doc = JSON.parse(readFileSync(har('har-01-tracker.har'), 'utf8'));
    doc.log.entries[0].request.url = 'http://api.tianqi-app.cn:99999/?lat=1';
    doc.log.entries[1].request.url = 'https://stat.adtrackr.com:65535/x';
    const xs: CaptureExchange[] = [];
    readChunks([new TextEncoder().encode(JSON.stringify(doc))], () => {}, { exchange: (x) => xs.push(x) });
    expect(xs.slice(0, 2).map((x) => x.server.port)).toEqual([80, 65535]);
  });
});
