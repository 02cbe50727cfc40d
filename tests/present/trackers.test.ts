/** Trackers and organisations: the verdict's companies sentence and the Hosts rows, on a real capture. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../pipeline';
import { WILD } from '../corpus';
import type { Report, ReportFlow } from '../../src/core/report/types';
import { verdictOf } from '../../src/present/verdict';
import { filterHosts, hostOptions, hostsOf, sortHosts } from '../../src/present/hosts';
import { organisationOf, trackerSummary, type TrackerLabel } from '../../src/present/trackers';

// reddit.com in a browser (ntop nDPI's test capture): 60 flows, 59 of them TLS, no identifier in
// the readable part; Ghostery TrackerDB labels 34 of its 37 hosts.
const reddit = () => analyzeFile(join(WILD, 'captures/ntop-nDPI__reddit.pcap'));

describe('ntop-nDPI__reddit.pcap: who the browser talked to', () => {
  it('the verdict names the advertising and analytics companies, most connections first', async () => {
    const report = await reddit();
    const v = verdictOf(report);
    expect(v.trackers.connections).toBe(21);
    expect(v.trackers.companies.slice(0, 3)).toEqual([
      { name: 'Google', connections: 13 },
      { name: 'Amazon', connections: 2 },
      { name: 'Quantcast', connections: 2 },
    ]);
    expect(v.trackers.companies).toHaveLength(7);
    expect(v.trackers.text).toBe('21 connections to advertising and analytics companies: Google, Amazon, Quantcast, Acceptable Ads Exchange, comScore and 2 more.');
    // Nothing readable was found: for this mostly-encrypted capture the companies are the headline.
    expect(v.lines).toEqual([]);
    expect(v.headline).toBe(v.trackers.text);
    expect(v.nothing).toBe('None of the identifiers we look for were found in the readable traffic.');
  });

  it('the hosts rows carry organisation and tracker category, and filter and sort by them', async () => {
    const report = await reddit();
    const rows = hostsOf(report);
    expect(rows).toHaveLength(37);
    expect(rows.filter((r) => r.category !== null)).toHaveLength(34);
    const ads = rows.find((r) => r.name === 'securepubads.g.doubleclick.net')!;
    expect([ads.organisation, ads.category]).toEqual(['Google', 'Advertising']);
    expect(rows.find((r) => r.name === 'sb.scorecardresearch.com')?.organisation).toBe('comScore');
    const { categories, organisations } = hostOptions(rows);
    expect(categories.find(([c]) => c === 'Advertising')?.[1]).toBe(15);
    expect(organisations.slice(0, 3)).toEqual([['Google', 15], ['reddit', 7], ['X Corp.', 3]]);
    const advertising = filterHosts(rows, { category: 'Advertising', organisation: 'all' });
    expect(advertising.every((r) => r.category === 'Advertising')).toBe(true);
    expect(advertising).toHaveLength(15);
    expect(filterHosts(rows, { category: 'none', organisation: 'all' })).toHaveLength(3);
    const google = filterHosts(rows, { category: 'all', organisation: 'Google' });
    expect(google).toHaveLength(15);
    expect(google.every((r) => r.organisation === 'Google')).toBe(true);
    const byOrg = sortHosts(rows, 'organisation').map((r) => r.organisation);
    expect(byOrg[0]).toBe('Acceptable Ads Exchange');
    expect(byOrg.at(-1)).toBeNull(); // unlabelled last
    const byFlows = sortHosts(rows, 'flows').map((r) => r.flows);
    expect(byFlows).toEqual([...byFlows].sort((a, b) => b - a));
  });
});

const flow = (id: number, host: string, tracker: TrackerLabel | null, encrypted = true) =>
  ({ id, transport: 'tcp', client: { ip: '10.0.0.2', port: 40000 + id }, server: { ip: '203.0.113.9', port: 443 }, app: null, protocol: 'tls', encrypted, host, country: null, packets: 4, bytes: 1000, first_frame: 1, last_frame: 4, start: null, end: null, upload_bytes: 500, download_bytes: 500, tracker }) as ReportFlow;
const report = (flows: ReportFlow[]): Report => ({
  format: 'capture-report', version: 2,
  capture: { name: 'x.pcap', bytes: 1, sha256: '', format: 'pcap', linktypes: [], frames: 4, start: null, end: null },
  warnings: [], flows, dns: [], http: [], tls: [], findings: [],
});
const label = (name: string, category: string, company: string | null): TrackerLabel => ({ name, category, category_name: category, company, source: 'ghostery-trackerdb', rule: name });

describe('the companies sentence', () => {
  it('counts connections encrypted or not, and names one company in the singular', () => {
    const t = trackerSummary(report([
      flow(0, 'a.example', label('Yandex Metrica', 'site_analytics', 'Yandex')),
      flow(1, 'b.example', label('Yandex Metrica', 'site_analytics', 'Yandex'), false),
    ]));
    expect(t.text).toBe('2 connections to an analytics company: Yandex.');
  });

  it('leaves out OS infrastructure and categories that are not advertising or analytics', () => {
    const t = trackerSummary(report([
      flow(0, 'push.apple.com', label('Apple Push', 'os-infrastructure', 'Apple')),
      flow(1, 'cdn.example', label('Akamai', 'hosting', 'Akamai Technologies')),
      flow(2, 'ads.example', label('DoubleClick', 'advertising', 'Google')),
    ]));
    expect(t.text).toBe('1 connection to an advertising company: Google.');
    expect(trackerSummary(report([flow(0, 'cdn.example', label('Akamai', 'hosting', 'Akamai'))])).text).toBe('');
  });

  it('names the tracker when TrackerDB names no company; drops ", Inc." so lists read', () => {
    expect(organisationOf(label('Acceptable Ads Exchange', 'advertising', null))).toBe('Acceptable Ads Exchange');
    expect(organisationOf(label('ScoreCard', 'site_analytics', 'comScore, Inc.'))).toBe('comScore');
    expect(organisationOf(label('Grok', 'advertising', 'X Corp.'))).toBe('X Corp.');
  });
});
