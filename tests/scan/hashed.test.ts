/**
 * Pattern mode's second pass (src/core/scan/hashed.ts): digest-shaped tokens of uploads are
 * kept, and a token that is a digest of an identifier found by shape in the same capture is
 * reported as that identifier, with the digest's name as encoding. On real captures: the
 * MD5 of the IMEI in 15-mixed.pcap (planted, truth/15-mixed.truth.json), found whatever the
 * order and whichever scan worker saw the token; unrelated 32-hex tokens of the wild corpus
 * (labelled as not the digest of anything) are kept and not reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LeakScanner } from '../../src/core/scan';
import { HashedForms } from '../../src/core/scan/hashed';
import { BATCH_BYTES } from '../../src/core/scan/pool';
import { startScanPool } from '../../src/cli/scanPool';
import type { ScanInput } from '../../src/core/extract/types';
import type { Finding } from '../../src/core/report/types';
import { analyzeFile, extractCapture, scannerWasm as scannerModule } from '../pipeline';
import { WILD } from '../corpus';
import { LEAKS, WORKERS_ONLY, input, scannerWasm, type Truth } from './helpers';

const MIXED = join(LEAKS, 'captures/15-mixed.pcap');
const truth = JSON.parse(readFileSync(join(LEAKS, 'truth/15-mixed.truth.json'), 'utf8')) as Truth;
// The planted MD5 of the IMEI (its plain value is sent in clear by other requests of the capture).
const md5Imei = truth.planted.find((p) => p.type === 'imei' && p.encoding === 'md5')!;
const IMEI = '862287025963539';
const DIGESTS = new Set(['md5', 'sha1', 'sha256']);
const hashedOf = (fs: readonly Finding[]) => fs.filter((f) => DIGESTS.has(f.encoding));
const has = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(text);

describe('hashed forms in pattern mode', () => {
  it('15-mixed.pcap: the MD5 of the IMEI, linked to the IMEI, on its own flow and host', async () => {
    expect(md5Imei).toMatchObject({ value: IMEI, wire: '8cc26b9a18f51ad58ebe8830a9897fa5', frames: [5071] });
    const r = await analyzeFile(MIXED);
    const hashed = hashedOf(r.findings);
    expect(hashed).toHaveLength(1);
    expect(hashed[0]).toMatchObject({
      type: 'imei', value: IMEI, encoding: 'md5', source: 'pattern', flow: 17, frame: 5071, frames: [5071],
      protocol: 'http', direction: 'upload', host: 'stat.adtrackr.com', match: md5Imei.wire, confidence: 'high',
    });
    expect(hashed[0].context).toContain(`im=${md5Imei.wire}`);
    // The SHA-1 of the MAC and the SHA-256 of the Android ID sit in the same request, but neither
    // value is in the capture in clear: nothing to link them to, so nothing is reported.
    expect(r.findings.filter((f) => f.type === 'mac' || f.type === 'android_id')).toEqual([]);
    expect(hashedOf(r.other_findings ?? [])).toEqual([]);
  }, 60_000);

  it('the token seen before the identifier, in another batch of another scan worker: found all the same', async () => {
    const scans = extractCapture(MIXED).scans;
    // The request with the digest first, then every other input: the IMEI in clear comes more
    // than a batch later, in another batch (sent to the least busy of the two workers).
    const order: ScanInput[] = [...scans.filter((s) => has(s.bytes, md5Imei.wire)), ...scans.filter((s) => !has(s.bytes, md5Imei.wire))];
    const firstClear = order.findIndex((s) => has(s.bytes, IMEI));
    expect(order.slice(0, firstClear).reduce((n, s) => n + s.bytes.length, 0)).toBeGreaterThan(BATCH_BYTES);

    const inline = new LeakScanner(await scannerWasm());
    for (const s of order) inline.scan(s);
    const pool = startScanPool(2, WORKERS_ONLY);
    try {
      const pooled = pool.open(scannerModule()!);
      for (const s of order) pooled.scan(s);
      await pooled.settle();
      for (const scanner of [inline, pooled]) {
        const hashed = new HashedForms().findings(scanner.findings(), scanner.digestTokens());
        expect(hashed.map((f) => [f.type, f.value, f.encoding, f.flow, f.frame])).toEqual([['imei', IMEI, 'md5', 17, 5071]]);
      }
      pooled.close();
    } finally {
      pool.terminate();
    }
  }, 60_000);

  it('a pooled analysis reports what the inline one does', async () => {
    const pool = startScanPool(2, WORKERS_ONLY);
    try {
      const pooled = await analyzeFile(MIXED, { scanPool: pool });
      const inline = await analyzeFile(MIXED);
      expect(JSON.stringify(pooled.findings)).toBe(JSON.stringify(inline.findings));
    } finally {
      pool.terminate();
    }
  }, 60_000);

  // Labelled in truth/*.wild.json as "not the md5 of any identifier in the capture".
  it.each([
    ['ntop-nDPI__genshin-impact.pcap', 'da9d9ea44ecbb2fc51bc55ce7c6d3dba'],
    ['ntop-nDPI__nintendo.pcap', 'e0d67c509fb203858ebcb2fe3f88c2aa'],
  ])('%s: the unrelated 32-hex token %s is kept and not reported', async (name, token) => {
    const path = join(WILD, 'captures', name);
    const s = new LeakScanner(await scannerWasm());
    for (const i of extractCapture(path).scans) s.scan(i);
    expect(s.digestTokens().list().map((t) => t.text)).toContain(token);
    const r = await analyzeFile(path);
    const all = [...r.findings, ...(r.other_findings ?? [])];
    expect(hashedOf(all)).toEqual([]);
    expect(all.filter((f) => f.match === token || f.value === token)).toEqual([]);
  }, 60_000);

  it('an unrelated 32-hex token beside identifiers of 15-mixed.pcap is not reported', async () => {
    // The capture's sign= MD5 (of the request, not of an identifier) is kept, and matches nothing.
    const s = new LeakScanner(await scannerWasm());
    for (const i of extractCapture(MIXED).scans) s.scan(i);
    const texts = s.digestTokens().list().map((t) => t.text);
    expect(texts).toContain('268b1db9933ef6a0b164bfb1bd447432');
    const hashed = new HashedForms().findings(s.findings(), s.digestTokens());
    expect(hashed.map((f) => f.match)).toEqual([md5Imei.wire]);
  }, 60_000);
});

describe('digest spellings of an identifier found by shape', () => {
  // The IMEI of 15-mixed.pcap in clear, then its MD5 / SHA-1 / SHA-256 as apps write them.
  const clear = `imei=${IMEI}&ts=1773453802028`;
  it.each([
    ['md5 upper-case hex', 'IMEI_MD5=8CC26B9A18F51AD58EBE8830A9897FA5', 'md5'],
    ['md5 cut to 16 after a key', 'aidm=8cc26b9a18f51ad5', 'md5'],
    ['md5 base64', 'd=jMJrmhj1GtWOvogwqYl/pQ==', 'md5'],
    ['md5 url-safe base64 without padding', 'd=jMJrmhj1GtWOvogwqYl_pQ', 'md5'],
    ['sha1 hex', 'imei_sha1=f09af1e512e99efa10d39d6563615f9eab25788d', 'sha1'],
  ])('%s', async (_label, wire, encoding) => {
    const s = new LeakScanner(await scannerWasm());
    s.scan(input(wire, { flow: 2, frame: 1 }));
    s.scan(input(clear, { flow: 1, frame: 2 }));
    const hashed = new HashedForms().findings(s.findings(), s.digestTokens());
    expect(hashed.map((f) => [f.type, f.value, f.encoding, f.flow])).toEqual([['imei', IMEI, encoding, 2]]);
  });

  it('a cut digest needs its key; a download is not kept', async () => {
    const s = new LeakScanner(await scannerWasm());
    s.scan(input(clear, { flow: 1, frame: 1 }));
    s.scan(input('x 8cc26b9a18f51ad5 y', { flow: 2, frame: 2 }));
    s.scan(input('im=8cc26b9a18f51ad58ebe8830a9897fa5', { flow: 3, frame: 3, direction: 'download' }));
    expect(s.digestTokens().size).toBe(0);
    expect(new HashedForms().findings(s.findings(), s.digestTokens())).toEqual([]);
  });

  it('a placeholder is not expanded', async () => {
    // Android's 02:00:00:00:00:00 (a protocol's field finding may carry it) and its SHA-1; as a
    // control, the SHA-1 of 15-mixed.pcap's MAC (truth: sha1(lower-colon)), which is found.
    const s = new LeakScanner(await scannerWasm());
    s.scan(input('mc=c1976429369bfe063ed8b3409db7c7e7d87196d9&mc2=005b45977de7e7320bb39410a7e8193755e8bcb2', { flow: 4, frame: 4 }));
    expect(s.digestTokens().size).toBe(2);
    const mac: Finding = {
      type: 'mac', value: '02:00:00:00:00:00', encoding: 'plain', source: 'pattern', flow: 1, protocol: 'dhcp', direction: 'upload',
      encrypted_on_wire: false, host: null, country: null, frame: 1, context: '', confidence: 'high',
    };
    expect(new HashedForms().findings([mac], s.digestTokens())).toEqual([]);
    const control = new HashedForms().findings([{ ...mac, value: '64:09:80:3a:5c:7e' }], s.digestTokens());
    expect(control.map((f) => [f.type, f.value, f.encoding, f.flow, f.match])).toEqual([['mac', '64:09:80:3a:5c:7e', 'sha1', 4, '005b45977de7e7320bb39410a7e8193755e8bcb2']]);
  });
});
