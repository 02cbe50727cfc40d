/**
 * device_name (src/core/identifiers/deviceName.ts), the worked example of adding a kind: the
 * name an owner gives a device, read after its key names, generic names refused. The negative
 * row is real traffic: Pushwoosh's registerDevice body in ../shared/corpus/wild (labelled there
 * as not an identifier).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LeakScanner, type ScannerWasm } from '../../src/core/scan';
import { classifyKey } from '../../src/core/scan/keys';
import { kindOf } from '../../src/core/identifiers/registry';
import { WILD } from '../corpus';
import { analyzeFile } from '../pipeline';
import { input, scannerWasm } from '../scan/helpers';

let wasm: ScannerWasm;
beforeAll(async () => {
  wasm = await scannerWasm();
});

const scan = (text: string, profile?: { device_name: string[] }) => {
  const s = new LeakScanner(wasm, profile);
  s.scan(input(text));
  return s.findings().filter((f) => f.type === 'device_name').map((f) => `${f.value} ${f.confidence}`);
};

describe('device_name', () => {
  it.each([
    ['{"device_name":"Lucas-iPhone","os":"17.1"}', ['Lucas-iPhone medium']],
    ['deviceName=Galaxy%20de%20Marie&lang=fr', ['Galaxy de Marie medium']],
    ['{"device_name":"Phone","device_type":"3"}', []],
    ['device_name=iPad&x=1', []],
  ])('pattern mode on %s', (text, want) => {
    expect(scan(text)).toEqual(want);
  });

  it('the profile finds the owner\'s device name wherever it is', () => {
    expect(scan('POST /v1/hello?n=Lucas-iPhone', { device_name: ['Lucas-iPhone'] })).toEqual(['Lucas-iPhone high']);
  });

  it('key names and words come from the kind', () => {
    expect(classifyKey('device_name')).toBe('device_name');
    expect(classifyKey('bluetoothName')).toBe('device_name');
    expect(kindOf('device_name')?.label).toBe('Device name');
  });

  it('a generic name in real traffic is not reported (Pushwoosh registerDevice, "device_name":"Phone")', async () => {
    const report = await analyzeFile(join(WILD, 'captures/ntop-nDPI__webex.pcap'));
    expect(report.findings.filter((f) => f.type === 'device_name')).toEqual([]);
    // The field is there: the rule, not the absence of the key, keeps it out.
    expect(report.http.some((h) => h.host?.includes('pushwoosh'))).toBe(true);
  });
});
