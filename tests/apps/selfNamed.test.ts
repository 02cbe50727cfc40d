/**
 * Apps named by their own requests (src/core/apps/selfNamed.ts) and one entry per app
 * (mergeSamePackage.ts): on the PKTAP capture of the formats corpus and on built messages.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../corpus';
import { analyzeFile } from '../pipeline';
import { learnPackagesFromRequests, packagesIn } from '../../src/core/apps/selfNamed';
import { mergeSamePackage } from '../../src/core/apps/mergeSamePackage';
import type { HttpMessage } from '../../src/core/protocols/http1/records';
import type { ReportApp, ReportFlow } from '../../src/core/report/types';

const request = (flow: number, uri: string, headers: [string, string][] = []): HttpMessage =>
  ({ flow, frame: 1, direction: 'upload', kind: 'request', method: 'GET', uri, host: 'x.example', headers, body: new Uint8Array(0), codings: [], offset: 0 }) as unknown as HttpMessage;
const app = (id: number, source = 'pktap', pkg: string | null = null): ReportApp => ({ id, uid: null, package: pkg, name: `p${id}`, source, pid: 100 + id });
const flow = (id: number, appId: number | null) => ({ id, app: appId }) as unknown as ReportFlow;

describe('an app named by its own requests', () => {
  it('reads package-shaped values under the SDK keys and X-Requested-With', () => {
    expect(packagesIn(request(0, '/c?aaid=1&pkg=com.example.weather&ev=open'))).toEqual(['com.example.weather']);
    expect(packagesIn(request(0, '/x?bundle=com.foo.bar%2Dbaz'))).toEqual(['com.foo.bar-baz']);
    expect(packagesIn(request(0, '/x', [['X-Requested-With', 'com.android.chrome']]))).toEqual(['com.android.chrome']);
    // Not packages: XMLHttpRequest, a single label, a number, a key outside the list.
    expect(packagesIn(request(0, '/x?pkg=weather&bundle=12.5&app=com.a.b', [['X-Requested-With', 'XMLHttpRequest']]))).toEqual([]);
    expect(packagesIn(request(0, '/x?pkg=%E0%A4%A'))).toEqual([]);
  });

  it('learns only one agreed package, not taken by another app, for apps without one', () => {
    const apps = [app(0), app(1), app(2), app(3, 'pcapdroid-pcapng', 'com.known.app')];
    const flows = [flow(0, 0), flow(1, 0), flow(2, 1), flow(3, 1), flow(4, 2), flow(5, 3), flow(6, null)];
    learnPackagesFromRequests(apps, flows, [
      request(0, '/a?pkg=com.one.app'), request(1, '/b?bundle=com.one.app'),
      request(2, '/a?pkg=com.two.app'), request(3, '/a?pkg=com.other.app'),
      request(4, '/a?pkg=com.known.app'),
      request(6, '/a?pkg=com.nobody.app'),
    ]);
    expect(apps.map((a) => [a.package, a.package_from ?? null])).toEqual([
      ['com.one.app', 'requests'], [null, null], [null, null], ['com.known.app', null],
    ]);
  });

  it('folds an App Privacy Report entry into the capture app with its package, not two capture apps', () => {
    const apps = [app(0, 'app-privacy-report', 'com.a.b'), app(1, 'pktap', 'com.a.b'), app(2, 'pcapdroid-pcapng', 'com.c.d'), app(3, 'pcapdroid-pcapng', 'com.c.d'), app(4, 'app-privacy-report', 'com.e.f')];
    const m = mergeSamePackage(apps, (s) => s !== 'app-privacy-report');
    expect(m.remap).toEqual([0, 0, 1, 2, 3]);
    expect(m.apps.map((a) => [a.id, a.source, a.package, a.pid])).toEqual([[0, 'pktap', 'com.a.b', 101], [1, 'pcapdroid-pcapng', 'com.c.d', 102], [2, 'pcapdroid-pcapng', 'com.c.d', 103], [3, 'app-privacy-report', 'com.e.f', 104]]);
  });

  it('pktap-01-rvi0.pcap alone: both processes get the bundle ID their requests send', async () => {
    const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));
    const r = await analyzeFile(join(FORMATS, 'captures', 'pktap-01-rvi0.pcap'), { profile });
    expect(r.apps!.map((a) => [a.pid, a.name, a.package, a.package_from])).toEqual([
      [412, 'Weather', 'com.example.weather', 'requests'], [538, 'AdDemo', 'com.adsdk.demo', 'requests'],
    ]);
    const imei = r.findings.filter((f) => f.type === 'imei');
    expect(imei.length).toBeGreaterThan(0);
    expect(imei.every((f) => r.apps![f.app!].package === 'com.adsdk.demo')).toBe(true);
  });
});

describe('where an app name comes from, in words', async () => {
  const { appProvenance } = await import('../../src/present/apps');
  it('says when the bundle ID is the requests\' word, not the file\'s', () => {
    expect(appProvenance({ ...app(1), package: 'com.a.b', package_from: 'requests' })).toBe(
      'Named by the iPhone capture (PKTAP), process 101; its bundle ID as its own requests send it (pkg=, bundle=), not said by the capture file.');
    expect(appProvenance({ id: 0, uid: 10123, package: 'com.x.y', name: 'X', source: 'pcapdroid-pcapng' })).toBe("Named by PCAPdroid's app table, Android UID 10123.");
  });
});
