/** The verdict and the apps summary speak per app, on the real PCAPdroid and App Privacy Report files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../pipeline';
import { FORMATS } from '../corpus';
import { hostsOf } from '../../src/present/hosts';
import { appLabel, appShort, appsOf } from '../../src/present/apps';
import { verdictOf } from '../../src/present/verdict';

const capture = (name: string) => join(FORMATS, 'captures', name);
const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));

describe('per-app verdict: pcapdroid-03-dsb.pcapng (Weather and Ad Demo)', () => {
  it('names the app of every line, one line per app and destination', async () => {
    const report = await analyzeFile(capture('pcapdroid-03-dsb.pcapng'), { profile });
    expect(verdictOf(report).lines.map((l) => l.text)).toEqual([
      "Ad Demo (com.adsdk.demo) sent its IMEI (phone hardware number), its IMSI (SIM subscriber number), its owner's email address and its model name unencrypted to bid.mobiadx.com (Singapore).",
      'Weather (com.example.weather) sent its location and its Android ID unencrypted to api.tianqi-app.cn (China).',
      'Ad Demo (com.adsdk.demo) sent its Wi-Fi MAC address and its advertising ID unencrypted to stat.adtrackr.com (United States).',
      'Ad Demo (com.adsdk.demo) sent its IMEI (phone hardware number) and its phone number inside encrypted traffic (read with the keys provided) to t.appflowtrack.com (United States).',
      'Weather (com.example.weather) sent its advertising ID unencrypted to stat.adtrackr.com (United States).',
    ]);
  });

  it('without a profile: what the patterns alone find, still per app', async () => {
    const report = await analyzeFile(capture('pcapdroid-03-dsb.pcapng'));
    const lines = verdictOf(report).lines;
    expect(lines.find((l) => l.host === 'api.tianqi-app.cn')?.text).toBe('Weather (com.example.weather) sent its location unencrypted to api.tianqi-app.cn (China).');
    expect(lines.every((l) => l.app !== null)).toBe(true);
  });

  it('sums up each app: kinds, hosts, clear or not', async () => {
    const report = await analyzeFile(capture('pcapdroid-03-dsb.pcapng'), { profile });
    const [ad, weather] = appsOf(report);
    expect(ad.label).toBe('Ad Demo (com.adsdk.demo)');
    expect(ad.text).toBe('Ad Demo (com.adsdk.demo) sent 8 identifiers (IMEI, IMSI, Phone number, Email, MAC address, Advertising ID and Device model) to bid.mobiadx.com, stat.adtrackr.com and t.appflowtrack.com, 6 unencrypted.');
    expect(weather.text).toBe('Weather (com.example.weather) sent 3 identifiers (Location, Android ID and Advertising ID) to api.tianqi-app.cn and stat.adtrackr.com, all unencrypted.');
    expect(weather.hosts.map((h) => [h.name, h.country, h.findings, h.clearFindings])).toEqual([
      ['api.tianqi-app.cn', 'CN', 2, 2],
      ['stat.adtrackr.com', 'US', 1, 1],
      // Its DNS resolver: contacted, nothing found there.
      ['114.114.114.114', 'CN', 0, 0],
    ]);
  });
});

describe('an App Privacy Report alone', () => {
  it('gives per-app domains and access, and a headline that is not "no traffic"', async () => {
    const report = await analyzeFile(capture('app-privacy-report-01.ndjson'));
    const v = verdictOf(report);
    expect(v.lines).toEqual([]);
    expect(v.headline).toBe('This App Privacy Report lists 2 apps and 4 domains they contacted; 1 app accessed protected data. It holds no traffic, so it cannot say which identifiers were sent: see Apps, or open it together with a capture.');
    const apps = appsOf(report);
    expect(apps.map((a) => [a.label, a.domains.map((d) => d.domain)])).toEqual([
      ['com.adsdk.demo', ['bid.mobiadx.com', 'stat.adtrackr.com', 't.appflowtrack.com']],
      ['com.example.weather', ['api.tianqi-app.cn', 'stat.adtrackr.com']],
    ]);
    expect(apps[1].text).toBe('The App Privacy Report lists 2 domains it contacted (2 hits). It accessed: location.');
  });
});

describe('app words', () => {
  const app = { id: 0, uid: 10123, package: 'com.x', name: null, source: 's' };
  it('labels: name and package, else what is known', () => {
    expect(appLabel({ ...app, name: 'X' })).toBe('X (com.x)');
    expect(appLabel(app)).toBe('com.x');
    expect(appLabel({ ...app, package: null })).toBe('The app with Android UID 10123');
    expect(appShort({ ...app, package: null, uid: null, pid: 88 })).toBe('PID 88');
    expect(appShort(null)).toBe('');
  });
});

describe('hosts per app', () => {
  it('lists the apps whose flows went to each host (stat.adtrackr.com: both)', async () => {
    const report = await analyzeFile(capture('pcapdroid-03-dsb.pcapng'), { profile });
    const names = (host: string) => hostsOf(report).find((h) => h.name === host)!.apps.map((i) => appShort(report.apps![i])).sort();
    expect(names('api.tianqi-app.cn')).toEqual(['Weather']);
    expect(names('bid.mobiadx.com')).toEqual(['Ad Demo']);
    expect(names('stat.adtrackr.com')).toEqual(['Ad Demo', 'Weather']);
  });
});
