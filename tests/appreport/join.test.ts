/**
 * An App Privacy Report joined with the capture its truth names (`joins_capture`): flows get
 * the app that contacted their host around their start; a host two apps contacted within the
 * clock tolerance keeps no app; what a capture says itself is never replaced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../corpus';
import { analyzeFile } from '../pipeline';
import { AppActivity, joinAppReport, readAppReport } from '../../src/core/appreport/index';
import { AppTable } from '../../src/core/apps/appTable';
import type { Flow } from '../../src/core/flow/types';
import type { Report } from '../../src/core/report/types';

const capture = (f: string) => join(FORMATS, 'captures', f);
const APR = 'app-privacy-report-02.ndjson';
const truth = JSON.parse(readFileSync(join(FORMATS, 'truth', 'app-privacy-report-02.truth.json'), 'utf8'));
const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));
const aprText = readFileSync(capture(APR), 'utf8');

type JoinEntry = { bundleID: string; domain: string; capture_client_ports?: number[] };

describe('App Privacy Report joined with a capture', () => {
  it(`${APR} with ${truth.joins_capture}: every flow of the truth's join, ambiguous domains left without an app`, async () => {
    expect(truth.joins_capture).toBe('ios-pcapd-01-pymobiledevice3.pcap');
    const r = await analyzeFile(capture(truth.joins_capture), { appReport: aprText, profile });
    const pkg = (flow: { app: number | null }) => (flow.app === null ? null : r.apps![flow.app].package);
    // "A domain that two apps contacted is ambiguous by domain alone": here time does not
    // separate them either (last contacts 326 ms apart, inside JOIN_TOLERANCE_S).
    const appsOf = new Map<string, Set<string>>();
    for (const n of truth.network_activity as JoinEntry[]) appsOf.set(n.domain, (appsOf.get(n.domain) ?? new Set()).add(n.bundleID));
    const got: [number, string, string | null][] = [];
    const want: [number, string, string | null][] = [];
    for (const j of truth.join as JoinEntry[]) {
      for (const port of j.capture_client_ports ?? []) {
        const flow = r.flows.find((f) => f.client.port === port && f.protocol !== 'dns')!;
        expect(flow.host).toBe(j.domain);
        got.push([port, j.domain, pkg(flow)]);
        want.push([port, j.domain, appsOf.get(j.domain)!.size === 1 ? j.bundleID : null]);
      }
    }
    expect(got).toEqual(want);
    expect(got).toEqual([
      [41000, 'api.tianqi-app.cn', 'com.example.weather'],
      [41001, 'stat.adtrackr.com', null],
      [42000, 'bid.mobiadx.com', 'com.adsdk.demo'],
      [42001, 'stat.adtrackr.com', null],
      [42002, 't.appflowtrack.com', 'com.adsdk.demo'],
    ]);
    // DNS flows stay without an app (the resolver asks for every app).
    expect(r.flows.filter((f) => f.protocol === 'dns').map((f) => f.app)).toEqual([null, null, null, null, null]);
    expect(r.apps!.map((a) => [a.package, a.source])).toEqual([
      ['com.example.weather', 'app-privacy-report'], ['com.adsdk.demo', 'app-privacy-report'], ['com.apple.mobilesafari', 'app-privacy-report'],
    ]);
    // Findings take their flow's app.
    const byHost = (r: Report) => r.findings.map((f) => [f.type, f.host, f.app === null || f.app === undefined ? null : r.apps![f.app].package]);
    expect(byHost(r)).toEqual(expect.arrayContaining([
      ['location', 'api.tianqi-app.cn', 'com.example.weather'],
      ['imei', 'bid.mobiadx.com', 'com.adsdk.demo'],
      ['ad_id', 'stat.adtrackr.com', null],
    ]));
    expect(r.app_activity!.map((a) => a.package)).toEqual(['com.example.weather', 'com.adsdk.demo', 'com.apple.mobilesafari']);
  });

  it('without the report the same capture has no apps', async () => {
    const r = await analyzeFile(capture(truth.joins_capture));
    expect(r.apps).toEqual([]);
    expect(r.app_activity).toBeUndefined();
    expect(r.flows.every((f) => f.app === null)).toBe(true);
  });

  it('keeps the app a capture gave, and needs the flow inside the report window', async () => {
    const r = await analyzeFile(capture(truth.joins_capture));
    const activity = new AppActivity(new AppTable());
    readAppReport(aprText, activity, () => expect.unreachable());
    const flows = r.flows.map((f) => ({ ...f }));
    const times = r.flows.map((f) => ({ id: f.id, firstTime: Date.parse(f.start!) / 1000 })) as unknown as Flow[];
    const tianqi = flows.findIndex((f) => f.host === 'api.tianqi-app.cn');
    flows[tianqi].app = 7; // as PKTAP or PCAPdroid would have set it
    expect(joinAppReport(activity, flows, times)).toBe(2);
    expect(flows[tianqi].app).toBe(7);
    // Ten seconds later than Apple's last contact with bid.mobiadx.com: no app.
    const late = r.flows.map((f) => ({ id: f.id, firstTime: Date.parse(f.start!) / 1000 + 10 })) as unknown as Flow[];
    const again = r.flows.map((f) => ({ ...f }));
    expect(joinAppReport(activity, again, late)).toBe(0);
  });

  it('app-privacy-report-01 with pktap-01-rvi0.pcap: the PKTAP processes learn their bundle IDs, and keep their flows', async () => {
    const t1 = JSON.parse(readFileSync(join(FORMATS, 'truth', 'app-privacy-report-01.truth.json'), 'utf8'));
    expect(t1.joins_capture).toBe('pktap-01-rvi0.pcap');
    const r = await analyzeFile(capture(t1.joins_capture), { appReport: readFileSync(capture('app-privacy-report-01.ndjson'), 'utf8'), profile });
    const pktap = r.apps!.filter((a) => a.source === 'pktap').map((a) => [a.pid, a.name, a.package, a.package_from]);
    expect(pktap).toEqual([[412, 'Weather', 'com.example.weather', 'app-privacy-report'], [538, 'AdDemo', 'com.adsdk.demo', 'app-privacy-report']]);
    // One app, one entry: the App Privacy Report's entries for the two bundle IDs fold into the
    // PKTAP processes, and its activity points at them.
    expect(r.apps!.map((a) => a.id)).toEqual([0, 1]);
    expect(r.app_activity!.map((a) => [a.app, a.package])).toEqual([[0, 'com.example.weather'], [1, 'com.adsdk.demo']]);
    // Every flow the capture named keeps its PKTAP app.
    for (const f of r.flows) if (f.app !== null && r.apps![f.app].source === 'app-privacy-report') expect(f.protocol).not.toBe('http');
    const adFindings = r.findings.filter((f) => f.type === 'imei').map((f) => r.apps![f.app!]);
    expect(adFindings.every((a) => a.source === 'pktap' && a.package === 'com.adsdk.demo')).toBe(true);
  });
});

