/** The widget speaks per app through src/present: its verdict and finding rows name the sending app. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRows, findingRows, verdictOf } from '../../src/widget/model';
import { analyzeFile } from '../pipeline';
import { FORMATS } from '../corpus';

it('pcapdroid-03-dsb.pcapng: verdict lines and rows name Weather and Ad Demo', async () => {
  const report = await analyzeFile(join('/work/shared/corpus/formats/captures', 'pcapdroid-03-dsb.pcapng'));
  expect(verdictOf(report).lines.map((l) => l.text)).toContain('Weather (com.example.weather) sent its location unencrypted to api.tianqi-app.cn (China).');
  const rows = findingRows(report, 'partial');
  expect(rows.find((r) => r.type === 'location')?.app).toBe('Weather');
  expect(new Set(rows.map((r) => r.app))).toEqual(new Set(['Weather', 'Ad Demo']));
  // The detected protocol stays a protocol (flows[].app is an index since report version 2).
  expect(rows.find((r) => r.type === 'location')?.protocol).toBe('HTTP');
});

describe('the Apps section (appRows): one compact row per app, the sentence as its text equivalent', () => {
  const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));

  it('pcapdroid-03-dsb.pcapng with profile.json: Ad Demo, then Weather', async () => {
    const report = await analyzeFile(join(FORMATS, 'captures', 'pcapdroid-03-dsb.pcapng'), { profile });
    expect(appRows(report).map(({ name, package: pkg, facts, kinds, clear }) => ({ name, pkg, facts, kinds, clear }))).toEqual([
      { name: 'Ad Demo', pkg: 'com.adsdk.demo', facts: '8 identifiers, 6 unencrypted · 4 hosts contacted', kinds: 'IMEI, IMSI, Phone number, Email, MAC address, Advertising ID and Device model', clear: true },
      { name: 'Weather', pkg: 'com.example.weather', facts: '3 identifiers, 3 unencrypted · 3 hosts contacted', kinds: 'Location, Android ID and Advertising ID', clear: true },
    ]);
    expect(appRows(report)[1].text).toBe('Weather (com.example.weather) sent 3 identifiers (Location, Android ID and Advertising ID) to api.tianqi-app.cn and stat.adtrackr.com, all unencrypted.');
  });

  it('an App Privacy Report alone: domains from the report', async () => {
    const report = await analyzeFile(join(FORMATS, 'captures', 'app-privacy-report-01.ndjson'));
    expect(appRows(report).map((r) => `${r.name}: ${r.facts}`)).toEqual([
      'com.adsdk.demo: 3 domains in the App Privacy Report',
      'com.example.weather: 2 domains in the App Privacy Report · data accessed',
    ]);
  });

  it('no section for a report that names no apps', async () => {
    const report = await analyzeFile(join(FORMATS, 'captures', 'pcapdroid-03-dsb.pcapng'));
    expect(appRows({ ...report, apps: undefined })).toEqual([]);
    expect(appRows({ ...report, apps: [] })).toEqual([]);
  });
});
