/** mitmproxy dumps through the engine: Debian mitmdump 8.1.1 (format 17) and mitmproxy's own 0.11 and 20 test dumps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureExchange } from '../../src/core/capture/index';
import { decodeTnet, TnetError, type TnetValue } from '../../src/core/capture/mitmproxy/tnetstring';
import { encodeTnet } from '../fuzz/tnet';
import { analyzeFile, readChunks, readFile } from '../pipeline';
import { FORMATS } from '../corpus';

const dump = (name: string) => join(FORMATS, 'captures', name);
const truth = (name: string) => JSON.parse(readFileSync(join(FORMATS, 'truth', `${name.replace(/\.mitm$/, '')}.truth.json`), 'utf8'));
const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));

function records(name: string, chunk = 1 << 20): CaptureExchange[] {
  const bytes = readFile(dump(name));
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const xs: CaptureExchange[] = [];
  const run = readChunks(chunks, () => {}, { exchange: (x) => xs.push(x) });
  expect(run.format).toBe('mitmproxy');
  expect(run.warnings).toEqual([]);
  return xs;
}

describe('tnetstring', () => {
  it('decodes the types mitmproxy writes and refuses lengths past their container', () => {
    const b = new TextEncoder().encode('37:1:a,3:xyz,1:n;19:2:42#1:b;4:true!0:~]}');
    const v = decodeTnet(b, 0, b.length).value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['a', 'n']);
    expect([...(v.a as Uint8Array)]).toEqual([0x78, 0x79, 0x7a]);
    expect(v.n).toEqual([42, 'b', true, null]);
    expect(() => decodeTnet(new TextEncoder().encode('9:abc,'), 0, 6)).toThrow(TnetError);
  });
});

describe('mitmproxy reader', () => {
  it.each([
    ['mitm-public-dumpfile-011.mitm', '127.0.0.1', 'example.com'],
    ['mitm-public-dumpfile-19.mitm', '::1', '104.22.8.38'],
  ])('%s: the requests and hosts its truth lists', (name, client, server) => {
    const t = truth(name);
    const xs = records(name);
    expect(xs).toHaveLength(t.flows.records);
    expect(xs.map((x) => x.messages[0].kind === 'request' && [x.messages[0].method, x.messages[0].host, x.server.port, x.messages[0].uri])).toEqual(
      t.requests.map((r: { method: string; host: string; port: number; path: string }) => [r.method, r.host, r.port, r.path]));
    expect([xs[0].client.ip, xs[0].server.ip, xs[0].encrypted]).toEqual([client, server, true]);
  });

  it('format 17 over HTTP: client, server address, status, raw content', () => {
    const xs = records('mitm-01-http.mitm', 100);
    expect(xs.map((x) => x.number)).toEqual([1, 2]);
    expect(xs[0]).toMatchObject({ client: { ip: '192.168.31.105', port: 53364 }, server: { ip: '123.125.102.61', port: 80 }, encrypted: false, transport: 'tcp' });
    expect(xs[1].messages[1].kind === 'response' && xs[1].messages[1].status).toBe(200);
  });
});

describe('mitmproxy damage', () => {
  it.each([-1, 0.5, 70_000])('a port of %s in an address is 0 (fuzz: the report\'s ports failed the schema)', (bad) => {
    const b = readFile(dump('mitm-01-http.mitm'));
    const flows: Uint8Array[] = [];
    for (let at = 0; at < b.length;) {
      const r = decodeTnet(b, at, b.length + 1);
      // Every [host, port] pair of the flow (client and server, each version's places) gets `bad`.
      const spoil = (v: TnetValue): void => {
        if (Array.isArray(v) && v.length === 2 && typeof v[1] === 'number' && (typeof v[0] === 'string' || v[0] instanceof Uint8Array)) v[1] = bad;
        else if (Array.isArray(v)) v.forEach(spoil);
        else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) Object.values(v).forEach(spoil);
      };
      spoil(r.value);
      ((r.value as Record<string, Record<string, TnetValue>>).request ?? {}).port = bad;
      flows.push(encodeTnet(r.value));
      at = r.next;
    }
    const xs: CaptureExchange[] = [];
    readChunks([Buffer.concat(flows)], () => {}, { exchange: (x) => xs.push(x) });
    expect(xs.map((x) => [x.client.port, x.server.port])).toEqual([[0, 0], [0, 0]]);
  });
});

describe('mitmproxy odd values', () => {
  it('a version list holding a dict is read, not thrown on (fuzz: internal-error in join)', () => {
    const b = readFile(dump('mitm-01-http.mitm'));
    const flows: Uint8Array[] = [];
    for (let at = 0; at < b.length;) {
      const r = decodeTnet(b, at, b.length + 1);
      (r.value as Record<string, TnetValue>).version = [decodeTnet(new TextEncoder().encode('8:1:a,1:b,}'), 0, 12).value, 17];
      flows.push(encodeTnet(r.value));
      at = r.next;
    }
    const xs: CaptureExchange[] = [];
    const run = readChunks([Buffer.concat(flows)], () => {}, { exchange: (x) => xs.push(x) });
    expect(run.format).toBe('mitmproxy');
    expect(xs).toHaveLength(2);
  });

  it('a list or dict as a dict key is damage', () => {
    expect(() => decodeTnet(new TextEncoder().encode('11:4:1:a,]1:b,}'), 0, 16)).toThrow('a list or dict as a dict key');
  });
});

describe('mitmproxy versions', () => {
  it('a newer flow format warns once and is read by the newest names', () => {
    const b = readFile(dump('mitm-01-http.mitm'));
    const text = Buffer.from(b).toString('latin1').replaceAll('7:version;2:17#', '7:version;2:99#');
    const xs: CaptureExchange[] = [];
    const run = readChunks([new Uint8Array(Buffer.from(text, 'latin1'))], () => {}, { exchange: (x) => xs.push(x) });
    expect(run.warnings.map((w) => [w.code, w.message])).toEqual([['capture-version', 'mitmproxy flow format 99 is newer than this reader knows (21); read by the newest names']]);
    expect(xs.map((x) => x.messages[0].kind === 'request' && x.messages[0].host)).toEqual(['api.account.xmsvc-cloud.cn', 'stat.adtrackr.com']);
  });
});

describe('mitmproxy through the engine', () => {
  it('mitm-02 (HTTPS): decrypted flows, findings encrypted on the wire, gzip response decoded', async () => {
    const r = await analyzeFile(dump('mitm-02-https.mitm'), { profile });
    expect(r.capture).toMatchObject({ format: 'mitmproxy', frames: 2 });
    expect(r.flows.map((f) => [f.server.ip, f.server.port, f.protocol, f.encrypted, f.decrypted, f.host])).toEqual([
      ['34.199.45.12', 443, 'tls', true, true, 't.appflowtrack.com'],
      ['123.125.102.77', 443, 'tls', true, true, 'sync.xmsvc-cloud.cn'],
    ]);
    expect(r.http.map((h) => [h.frame, h.method, h.host, h.uri, h.status, h.encrypted_on_wire])).toEqual([
      [1, 'POST', 't.appflowtrack.com', '/v2/events', 200, true],
      [2, 'GET', 'sync.xmsvc-cloud.cn', '/sync/profile', 200, true],
    ]);
    const iccid = r.findings.find((f) => f.type === 'iccid');
    expect(iccid && [iccid.value, iccid.frame, iccid.direction, iccid.encrypted_on_wire, iccid.protocol]).toEqual(['89860114529727340129', 2, 'download', true, 'tls']);
    const imei = r.findings.find((f) => f.type === 'imei');
    expect(imei && [imei.encoding, imei.frame, imei.encrypted_on_wire]).toEqual(['base64', 2, true]);
  });

  it('mitm-01 (HTTP): the 13-digit timestamp decoy is no phone number', async () => {
    const r = await analyzeFile(dump('mitm-01-http.mitm'), { profile });
    expect(r.findings.map((f) => f.type).sort()).toEqual(['android_id', 'carrier', 'contact_phone', 'contact_phone', 'contact_phone', 'imei', 'imsi', 'phone', 'serial']);
    expect(r.findings.every((f) => f.encrypted_on_wire === false)).toBe(true);
    expect(r.http.map((h) => h.uri)).toEqual(['/account/register', '/sdk/ping?serial=c7a2f9d4&t=1773451800123']);
  });
});
