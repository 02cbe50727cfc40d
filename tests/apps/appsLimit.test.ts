/**
 * At most MAX_APPS apps listed one by one (apps/appTable.ts): a file naming a new app in every
 * frame (PCAPdroid trailers with a new uid each) lists the first ones, counts the rest under
 * '(other apps)' and says so.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../corpus';
import { analyzeStream } from '../../src/core/engine';
import { MAX_APPS, OTHER_APPS } from '../../src/core/apps/appTable';
import { crc32, TRAILER_MAGIC } from '../../src/core/capture/pcapdroidTrailer';

/** A pcap of n UDP frames behind PCAPdroid's zero-MAC Ethernet header, frame i from uid 10000 + i. */
function trailerCapture(n: number): Uint8Array {
  const rec = 14 + 20 + 12 + 32; // Ethernet, IPv4, UDP with 4 bytes, trailer (already 4-aligned)
  const out = new Uint8Array(24 + n * (16 + rec));
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, 1, true);
  let at = 24;
  for (let i = 0; i < n; i++) {
    v.setUint32(at, 1_700_000_000 + Math.floor(i / 1000), true);
    v.setUint32(at + 8, rec, true);
    v.setUint32(at + 12, rec, true);
    const r = at + 16;
    out[r + 12] = 0x08; // IPv4; both MACs zero
    const ip = r + 14;
    out.set([0x45, 0, 0, 32, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, (i >> 8) & 255, i & 255, 8, 8, 4, 4], ip);
    v.setUint16(ip + 20, 10000 + (i % 50000));
    v.setUint16(ip + 22, 443);
    v.setUint16(ip + 24, 12);
    const t = ip + 32;
    v.setUint32(t, TRAILER_MAGIC);
    v.setInt32(t + 4, 10000 + i);
    out.set(new TextEncoder().encode(`app${i}`), t + 8);
    v.setUint32(t + 28, crc32(out.subarray(r, r + rec), rec - 4), true);
    at += 16 + rec;
  }
  return out;
}

const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')));

describe('apps limit', () => {
  it(`${MAX_APPS + 10} apps, one per frame: ${MAX_APPS} listed, the rest under '${OTHER_APPS}', a warning`, async () => {
    const bytes = trailerCapture(MAX_APPS + 10);
    const report = await analyzeStream((async function* () { yield bytes; })(), { name: 'apps.pcap' });
    expect(validate(JSON.parse(JSON.stringify(report))) ? [] : validate.errors).toEqual([]);
    const apps = report.apps ?? [];
    expect(apps.length).toBe(MAX_APPS + 1);
    expect([apps[0].uid, apps[0].name, apps[MAX_APPS - 1].uid]).toEqual([10000, 'app0', 10000 + MAX_APPS - 1]);
    expect([apps[MAX_APPS].name, apps[MAX_APPS].uid]).toEqual([OTHER_APPS, null]);
    expect(report.warnings.filter((w) => w.code === 'apps-limit').map((w) => w.message)).toEqual([`the file names more than ${MAX_APPS} apps: 10 frames of apps past those are counted under '${OTHER_APPS}'`]);
    expect(report.warnings.map((w) => w.code)).not.toContain('capture-app-trailer');
  }, 120_000);
});
