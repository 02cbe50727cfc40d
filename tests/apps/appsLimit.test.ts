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
import { ascii, be16, be32, cat, ipv4, pcapOf, udp } from '../decode/build';

/** A pcap of n UDP frames behind PCAPdroid's zero-MAC Ethernet header, frame i from uid 10000 + i. */
function trailerCapture(n: number): Uint8Array {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const packet = cat(new Array(12).fill(0), be16(0x0800), ipv4({ proto: 17, src: [10, 0, (i >> 8) & 255, i & 255], dst: [8, 8, 4, 4] }, udp(10000 + (i % 50000), 443, ascii('abcd'))));
    const name = new Uint8Array(20);
    name.set(ascii(`app${i}`));
    // Already 4-aligned: no padding before the trailer.
    const body = cat(packet, be32(TRAILER_MAGIC), be32(10000 + i), name);
    const fcs = crc32(body, body.length);
    frames.push(cat(body, [fcs & 255, (fcs >>> 8) & 255, (fcs >>> 16) & 255, fcs >>> 24]));
  }
  return pcapOf(frames);
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
