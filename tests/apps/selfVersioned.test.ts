/**
 * Apps' versions as their own requests say them (src/core/apps/selfVersioned.ts): on built
 * messages, and on every file of the formats corpus, none of which says a version (nothing made up).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../corpus';
import { analyzeFile } from '../pipeline';
import { agentVersions, learnVersionsFromRequests, queryVersions } from '../../src/core/apps/selfVersioned';
import { appProvenance } from '../../src/present/apps';
import type { HttpMessage } from '../../src/core/protocols/http1/records';
import type { ReportApp, ReportFlow } from '../../src/core/report/types';

const request = (flow: number, uri: string, agent?: string): HttpMessage =>
  ({ flow, frame: 1, direction: 'upload', kind: 'request', method: 'GET', uri, host: 'x.example', headers: agent ? [['User-Agent', agent]] : [], body: new Uint8Array(0), codings: [], offset: 0 }) as unknown as HttpMessage;
const app = (id: number, name: string | null, pkg: string | null = null): ReportApp => ({ id, uid: null, package: pkg, name, source: 'pktap', pid: 100 + id });
const flow = (id: number, appId: number | null) => ({ id, app: appId }) as unknown as ReportFlow;

describe("an app's version from its own requests", () => {
  it('reads version-shaped values under the SDK keys only', () => {
    expect(queryVersions(request(0, '/e?app_version=5.3.1&v=2&sdk_version=20.1'))).toEqual(['5.3.1']);
    expect(queryVersions(request(0, '/e?appVersion=2.1.0-beta.3&versionName=2.1.0-beta.3'))).toEqual(['2.1.0-beta.3', '2.1.0-beta.3']);
    // Not versions: words, an empty value, a date-like run of dots.
    expect(queryVersions(request(0, '/e?app_version=latest&appver=&version_name=1.2.3.4.5.6'))).toEqual([]);
  });

  it('reads the User-Agent product named after the app (CFNetwork, Android HTTP stacks)', () => {
    expect(agentVersions(request(0, '/', 'AdDemo/1.4 CFNetwork/1404.0.5 Darwin/22.3.0'), { name: 'AdDemo', package: null })).toEqual(['1.4']);
    expect(agentVersions(request(0, '/', 'My%20Weather/900 CFNetwork/1240.0.4 Darwin/20.6.0'), { name: 'My Weather', package: null })).toEqual(['900']);
    // PKTAP cuts process names to 15 bytes: the product's name starting with it counts.
    expect(agentVersions(request(0, '/', 'LongWeatherApplication/3.2 CFNetwork/1404'), { name: 'LongWeatherAppl', package: null })).toEqual(['3.2']);
    // The package's last label names the app; a generic label ("android") does not.
    expect(agentVersions(request(0, '/', 'Weather/7.0.1 (Linux; Android 11)'), { name: null, package: 'com.example.weather' })).toEqual(['7.0.1']);
    expect(agentVersions(request(0, '/', 'Android/11 okhttp/4.9.0'), { name: null, package: 'com.instagram.android' })).toEqual([]);
    // Other products are not the app's: the OS, the HTTP stack, a short name.
    expect(agentVersions(request(0, '/', 'AdDemo CFNetwork/1404.0.5 Darwin/22.3.0'), { name: 'AdDemo', package: null })).toEqual([]);
    expect(agentVersions(request(0, '/', 'ab/2'), { name: 'ab', package: null })).toEqual([]);
  });

  it('learns one agreed version per app, query keys before the User-Agent', () => {
    const apps = [app(0, 'AdDemo'), app(1, 'Weather'), app(2, 'Maps'), app(3, 'Mail')];
    const flows = [flow(0, 0), flow(1, 0), flow(2, 1), flow(3, 2), flow(4, 2), flow(5, 3), flow(6, null)];
    learnVersionsFromRequests(apps, flows, [
      request(0, '/a?app_version=5.3.1', 'AdDemo/900 CFNetwork/1404'), request(1, '/b', 'AdDemo/900 CFNetwork/1404'),
      request(2, '/a', 'Weather/12 CFNetwork/1404'),
      request(3, '/a?app_version=1.0'), request(4, '/a?app_version=1.1'),
      request(6, '/a?app_version=9.9'),
    ]);
    expect(apps.map((a) => [a.version ?? null, a.version_from ?? null])).toEqual([
      ['5.3.1', 'requests'], ['12', 'user-agent'], [null, null], [null, null],
    ]);
    expect(appProvenance(apps[0])).toBe('Named by the iPhone capture (PKTAP), process 100; version 5.3.1, as its own requests say (app_version=).');
    expect(appProvenance(apps[1])).toBe('Named by the iPhone capture (PKTAP), process 101; version or build 12, from its User-Agent.');
  });

  it('makes up no version on the formats corpus, whose requests name none', async () => {
    const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));
    const named: string[] = [];
    let apps = 0;
    for (const name of readdirSync(join(FORMATS, 'captures')).filter((n) => !n.endsWith('.ndjson'))) {
      const r = await analyzeFile(join(FORMATS, 'captures', name), { profile });
      apps += r.apps?.length ?? 0;
      for (const a of r.apps ?? []) if (a.version !== undefined) named.push(`${name}: ${a.name} ${a.version}`);
    }
    expect(apps).toBeGreaterThan(5);
    expect(named).toEqual([]);
  });
});
