/**
 * The App Privacy Report on its own: the corpus's three exports (two made per Apple's format,
 * one real export from plaso's test data) give a report with apps and app_activity, no flows;
 * detected from the bytes, whatever the file's name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { FORMATS, REPO_ROOT } from '../corpus';
import { analyzeFile } from '../pipeline';
import { analyzeStream } from '../../src/core/engine';
import { isAppPrivacyReport } from '../../src/core/appreport/reader';
import type { Report } from '../../src/core/report/types';

const capture = (f: string) => join(FORMATS, 'captures', f);
const truth = (f: string) => JSON.parse(readFileSync(join(FORMATS, 'truth', f.replace(/\.ndjson$/, '.truth.json')), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')));

/** Per app: domain -> hits, as the report gives it. */
function hitsByApp(r: Report): Record<string, Record<string, number>> {
  return Object.fromEntries((r.app_activity ?? []).map((a) => [a.package, Object.fromEntries(a.domains.map((d) => [d.domain, d.hits]))]));
}

describe('App Privacy Report alone', () => {
  it('-01: two apps, their domains and hits, the location interval', async () => {
    const r = await analyzeFile(capture('app-privacy-report-01.ndjson'));
    expect(validate(JSON.parse(JSON.stringify(r)))).toBe(true);
    expect(r.capture.format).toBe('app-privacy-report');
    expect(r.capture.frames).toBe(0);
    expect(r.flows).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.apps).toEqual([
      { id: 0, uid: null, package: 'com.example.weather', name: null, source: 'app-privacy-report' },
      { id: 1, uid: null, package: 'com.adsdk.demo', name: null, source: 'app-privacy-report' },
    ]);
    expect(hitsByApp(r)).toEqual({
      'com.example.weather': { 'api.tianqi-app.cn': 1, 'stat.adtrackr.com': 1 },
      'com.adsdk.demo': { 'bid.mobiadx.com': 1, 'stat.adtrackr.com': 1, 't.appflowtrack.com': 1 },
    });
    const weather = r.app_activity![0];
    expect(weather.access).toEqual([{ category: 'location', start: '2026-03-14T01:30:00.413Z', end: '2026-03-14T01:30:03.663Z' }]);
    expect(weather.domains[0]).toEqual({
      domain: 'api.tianqi-app.cn', hits: 1, first: '2026-03-14T01:30:01.263Z', last: '2026-03-14T01:30:01.263Z',
      domain_owner: null, domain_type: 2, initiated: 'AppInitiated', context: null,
    });
    expect(r.app_activity![1].access).toEqual([]);
  });

  it('-02: a 7-day report, Safari website activity with its context, every record as the truth lists it', async () => {
    const file = 'app-privacy-report-02.ndjson';
    const r = await analyzeFile(capture(file));
    const t = truth(file);
    expect(r.apps!.map((a) => a.package)).toEqual(['com.example.weather', 'com.adsdk.demo', 'com.apple.mobilesafari']);
    const domains = r.app_activity!.flatMap((a) => a.domains.map((d) => [a.package, d.domain, d.hits, d.first, d.last]));
    const expected = t.network_activity.map((n: Record<string, string | number>) => [n.bundleID, n.domain, n.hits, new Date(n.firstTimeStamp).toISOString(), new Date(n.timeStamp).toISOString()]);
    // The report lists per app in first-mention order; the truth per record: same set.
    expect(domains.sort()).toEqual(expected.sort());
    expect(hitsByApp(r)['com.adsdk.demo']).toEqual({ 'bid.mobiadx.com': 5, 'stat.adtrackr.com': 8, 't.appflowtrack.com': 7 });
    const safari = r.app_activity![2].domains;
    expect(safari.map((d) => [d.domain, d.initiated, d.context])).toEqual([
      ['www.jinri-news.cn', 'NonAppInitiated', 'jinri-news.cn'],
      ['collect.metrixlytics.de', 'NonAppInitiated', 'jinri-news.cn'],
    ]);
    expect(r.app_activity![1].domains.find((d) => d.domain === 't.appflowtrack.com')!.first).toBe('2026-03-09T01:30:01.938Z');
  });

  it('-03 (a real iOS export): 9 apps, 64 network records over 58 domains, 8 access records in 4 intervals', async () => {
    const file = 'app-privacy-report-03-plaso-sample.ndjson';
    const r = await analyzeFile(capture(file));
    const t = truth(file);
    expect(validate(JSON.parse(JSON.stringify(r)))).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.apps!.map((a) => a.package).sort()).toEqual(t.apps);
    const acts = r.app_activity!;
    expect(acts.reduce((n, a) => n + a.domains.length, 0)).toBe(t.records.networkActivity);
    expect([...new Set(acts.flatMap((a) => a.domains.map((d) => d.domain)))].sort()).toEqual(t.domains);
    expect(Object.fromEntries(acts.map((a) => [a.package, a.domains.length]))).toEqual({
      'com.apple.mobileslideshow': 4, 'com.apple.mobilecal': 6, 'com.apple.mobilemail': 0, 'com.apple.mobilesafari': 3,
      'com.google.chrome.ios': 23, 'com.google.Gmail': 23, 'com.timetimer.timerforipad': 3, 'com.fitbit.FitbitMobile': 1, 'com.apple.Maps': 1,
    });
    // Access: begin/end pairs joined by their identifier.
    expect(acts.flatMap((a) => a.access.map((x) => [a.package, x.category, x.start, x.end]))).toEqual([
      ['com.apple.mobileslideshow', 'photos', '2022-04-27T14:53:24.555Z', '2022-04-27T14:53:28.495Z'],
      ['com.apple.mobilecal', 'location', '2022-04-27T15:01:09.166Z', '2022-04-27T15:01:19.289Z'],
      ['com.apple.mobilecal', 'contacts', '2022-04-27T15:01:09.897Z', '2022-04-27T15:01:54.767Z'],
      ['com.apple.mobilemail', 'contacts', '2022-04-27T15:06:11.505Z', '2022-04-27T15:06:56.496Z'],
    ]);
    // Apple's domain owners where it names them.
    const owners = acts.flatMap((a) => a.domains.filter((d) => d.domain_owner).map((d) => `${d.domain} ${d.domain_owner}`));
    expect(owners).toContain('graph.facebook.com Facebook, Inc.');
    expect(owners.length).toBe(5);
  });

  it('is found from the bytes: any name, in any chunking', async () => {
    const bytes = readFileSync(capture('app-privacy-report-01.ndjson'));
    const ones = Array.from(bytes, (b) => Uint8Array.of(b));
    const r = await analyzeStream((async function* () { yield* ones; })(), { name: 'capture.pcap' });
    expect(r.capture.format).toBe('app-privacy-report');
    expect(r.app_activity!.map((a) => a.domains.length)).toEqual([2, 3]);
    expect(isAppPrivacyReport(new TextEncoder().encode('{"log":{"version":"1.2","creator":{"name":"WebInspector"}}}'))).toBe(false);
    expect(isAppPrivacyReport(new TextEncoder().encode('\ufeff  {"stream":"com.apple.privacy.accounting.stream.tcc","accessor":{}}'))).toBe(true);
  });
});
