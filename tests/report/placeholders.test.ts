/** Placeholder values (Android's "no BSSID", the zeroed ad ID) are listed apart in the report, inline and through the scan pool. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneRequestPcap } from '../capture/build';
import { analyzeFile } from '../pipeline';
import { ScanPool } from '../../src/core/scan/pool';
import { createScanWorkerApi } from '../../src/core/scan/scanWorkerApi';
import { verdictOf } from '../../src/present/verdict';
import { wasmBytes } from '../scan/helpers';

const IMEI = '862287025963539';
const URI = `/wifi?bssid=02:00:00:00:00:00&gaid=00000000-0000-0000-0000-000000000000&imei=${IMEI}`;

function capture(): Uint8Array {
  return oneRequestPcap(`GET ${URI} HTTP/1.1\r\nHost: geo.example.net\r\n\r\n`);
}

async function withCapture<T>(run: (path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'leakscope-placeholders-'));
  try {
    const path = join(dir, 'placeholders.pcap');
    writeFileSync(path, capture());
    return await run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('placeholders in the report', () => {
  it('are listed apart with their host, never as findings; the verdict says they were not counted', async () => {
    const report = await withCapture((path) => analyzeFile(path));
    expect(report.findings.map((f) => `${f.type} ${f.value}`)).toEqual([`imei ${IMEI}`]);
    expect(report.placeholders?.map((p) => `${p.type} ${p.value} ${p.host} ${p.frame}`)).toEqual([
      'mac 02:00:00:00:00:00 geo.example.net 4', 'ad_id 00000000-0000-0000-0000-000000000000 geo.example.net 4',
    ]);
    expect(verdictOf(report).others).toBe('Not counted: 2 placeholder values that name no device (02:00:00:00:00:00, 00000000-0000-0000-0000-000000000000).');
  });

  it('come back from scan workers as from the inline scanner', async () => {
    const pool = new ScanPool([createScanWorkerApi(), createScanWorkerApi()]);
    const report = await withCapture((path) => analyzeFile(path, { scanPool: pool, scannerWasm: new WebAssembly.Module(wasmBytes().slice()) }));
    expect(report.placeholders?.map((p) => p.value)).toEqual(['02:00:00:00:00:00', '00000000-0000-0000-0000-000000000000']);
    expect(report.findings.map((f) => f.value)).toEqual([IMEI]);
  });
});
