/**
 * Identifiers under many encoded layers (issue 15: deeper than 4 were not found, silently). The
 * leak profile's IMEI wrapped in base64 of gzip, again and again, in one HTTP request built with
 * oneRequestPcap, through the whole engine: found under 6 and 8 base64 layers (MAX_DEPTH; gzip
 * adds no depth), and under 9 not found but warned `scan-depth-limit` with the request's frame.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { startScanPool } from '../../src/cli/scanPool';
import { WORKERS_ONLY } from './helpers';
import { analyzeStream } from '../../src/core/engine';
import { MAX_DEPTH } from '../../src/core/scan/scanner';
import type { Profile } from '../../src/core/report/types';
import { oneRequestPcap } from '../capture/build';
import { LEAKS } from '../corpus';
import { scannerWasm } from '../pipeline';

const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8')) as Profile;
const IMEI = '862287025963539';

function wrapped(layers: number): string {
  let v = `imei=${IMEI}`;
  for (let i = 0; i < layers; i++) v = gzipSync(v).toString('base64');
  return v;
}

function request(layers: number): Uint8Array {
  const body = JSON.stringify({ d: wrapped(layers) });
  return oneRequestPcap(`POST /collect HTTP/1.1\r\nHost: t.example\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
}

const pool = startScanPool(1, WORKERS_ONLY);
afterAll(() => pool.terminate());

async function analyze(bytes: Uint8Array, withProfile: boolean, pooled = false) {
  return analyzeStream(
    (async function* () {
      yield bytes;
    })(),
    { name: 'nested.pcap', size: bytes.length, scannerWasm: scannerWasm(), ...(withProfile ? { profile } : {}), ...(pooled ? { scanPool: pool } : {}) },
  );
}

describe('nested encodings', () => {
  it('decodes 8 layers', () => expect(MAX_DEPTH).toBe(8));
  expect(profile.imei).toEqual([IMEI]);

  it.each([
    [6, true],
    [6, false],
    [8, true],
  ])('finds the IMEI under %i base64-of-gzip layers (profile %s), no warning', async (layers, withProfile) => {
    const report = await analyze(request(layers), withProfile);
    expect(report.findings.filter((f) => f.type === 'imei').map((f) => [f.value, f.frame])).toEqual([[IMEI, 4]]);
    expect(report.warnings).toEqual([]);
  });

  it('under 9 layers: not found, and the depth limit is warned with the frame', async () => {
    const report = await analyze(request(9), true);
    expect(report.findings.filter((f) => f.type === 'imei')).toEqual([]);
    expect(report.warnings.map((w) => [w.code, w.frame])).toEqual([['scan-depth-limit', 4]]);
    expect(report.warnings[0].message).toMatch(/^\d+ encoded values nested deeper than 8 layers were not decoded \(the first in flow 0\)/);
  });

  it('the same through a scan worker (the cuts come back with the batch)', async () => {
    const report = await analyze(request(9), true, true);
    expect(report.warnings.map((w) => [w.code, w.frame])).toEqual([['scan-depth-limit', 4]]);
    const found = await analyze(request(8), true, true);
    expect(found.findings.filter((f) => f.type === 'imei').map((f) => f.value)).toEqual([IMEI]);
  });
});
