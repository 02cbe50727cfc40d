/**
 * Tracker labels by the most specific rule (issue: every *.apple.com host was "iTunes Link
 * Maker", Google's push channel and connectivity check "advertising"): exact labels, with the
 * list and the rule that matched, from the shipped trackers.json and the OS host list.
 */
import { describe, expect, it } from 'vitest';
import { OS_HOSTS } from '../../src/core/enrich/osHosts';
import { isTracker } from '../../src/core/enrich/trackerKind';
import { loadGeoTables } from '../../src/core/enrich/tables';
import { enrichReport } from '../../src/core/enrich/enrichReport';
import type { Report, ReportFlow } from '../../src/core/report/types';
import { hostRows } from '../../src/widget/model';
import { reportError } from '../../src/widget/validate';
import { geoTables } from './data';

const t = geoTables();
const db = (name: string, category: string, category_name: string, company: string | null, rule: string) =>
  ({ name, category, category_name, company, source: 'ghostery-trackerdb', rule });
const os = (name: string, company: string, rule: string) =>
  ({ name, category: 'os-infrastructure', category_name: 'OS infrastructure', company, source: 'leakscope-os-hosts', rule });

describe('tracker labels: the most specific rule wins', () => {
  it.each([
    ['captive.apple.com', os('Apple captive portal check', 'Apple', 'captive.apple.com')],
    ['mesu.apple.com', os('Apple software update', 'Apple', 'mesu.apple.com')],
    ['1-courier.push.apple.com', os('Apple Push Notification service', 'Apple', 'push.apple.com')],
    // TrackerDB itself lists apple.com under "iTunes Link Maker", category advertising.
    ['itunes.apple.com', db('iTunes Link Maker', 'advertising', 'Advertising', 'Apple', 'apple.com')],
    ['mtalk.google.com', os('Firebase Cloud Messaging (Android push)', 'Google', 'mtalk.google.com')],
    ['alt3-mtalk.google.com', os('Firebase Cloud Messaging (Android push)', 'Google', 'alt3-mtalk.google.com')],
    ['connectivitycheck.gstatic.com', os('Android connectivity check', 'Google', 'connectivitycheck.gstatic.com')],
    ['clients3.google.com', os('Android connectivity check', 'Google', 'clients3.google.com')],
    // Host-only filter ||g.doubleclick.net^$3p is more specific than the domain doubleclick.net.
    ['googleads.g.doubleclick.net', db('Google Marketing Platform', 'advertising', 'Advertising', 'Google', 'g.doubleclick.net')],
    ['x.y.doubleclick.net', db('Google Marketing Platform', 'advertising', 'Advertising', 'Google', 'doubleclick.net')],
    // ||fls.doubleclick.net^$3p names another TrackerDB pattern than its parent domain.
    ['ad.fls.doubleclick.net', db('DoubleClick Floodlight', 'advertising', 'Advertising', 'Google', 'fls.doubleclick.net')],
    ['graph.facebook.com', db('Facebook Social Graph', 'social_media', 'Social Media', 'Meta', 'graph.facebook.com')],
    // Only the parent is listed.
    ['www.facebook.com', db('Facebook', 'advertising', 'Advertising', 'Meta', 'facebook.com')],
    ['a.b.google-analytics.com', db('Google Analytics', 'site_analytics', 'Site Analytics', 'Google', 'google-analytics.com')],
    ['fonts.gstatic.com', db('Google Static', 'hosting', 'Hosting', 'Google', 'gstatic.com')],
    ['www.google.com', db('Google', 'advertising', 'Advertising', 'Google', 'google.com')],
    ['www.msftconnecttest.com', os('Windows connectivity check (NCSI)', 'Microsoft', 'msftconnecttest.com')],
    ['detectportal.firefox.com', os('Firefox captive portal check', 'Mozilla', 'detectportal.firefox.com')],
    ['2.android.pool.ntp.org', os('NTP Pool time server', 'NTP Pool Project', 'pool.ntp.org')],
  ])('%s', (host, label) => {
    expect(t.trackerFor(host)).toEqual(label);
    expect(t.trackerFor(`${host.toUpperCase()}.`)).toEqual(label);
  });

  it('leaves hosts TrackerDB lacks unlabelled (app-measurement.com, Firebase Analytics, is not in 1.0.945)', () => {
    expect(t.trackerFor('app-measurement.com')).toBeNull();
    expect(t.trackerFor('api.account.xmsvc-cloud.cn')).toBeNull();
  });

  it('does not count OS infrastructure as a tracker', () => {
    expect(isTracker(t.trackerFor('mtalk.google.com'))).toBe(false);
    expect(isTracker(t.trackerFor('captive.apple.com'))).toBe(false);
    expect(isTracker(t.trackerFor('googleads.g.doubleclick.net'))).toBe(true);
    expect(isTracker(t.trackerFor('example.org'))).toBe(false);
  });

  it('labels OS hosts without trackers.json, and nothing else', () => {
    const bare = loadGeoTables({});
    expect(bare.trackerFor('mtalk.google.com')?.source).toBe('leakscope-os-hosts');
    expect(bare.trackerFor('googleads.g.doubleclick.net')).toBeNull();
  });

  it('keeps the OS host list well-formed: lower case, no duplicates, no bare suffixes', () => {
    const hosts = OS_HOSTS.map((r) => r.host);
    expect(new Set(hosts).size).toBe(hosts.length);
    for (const h of hosts) expect(h).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });
});

describe('labels in the report', () => {
  const flow = (id: number, host: string): ReportFlow => ({
    id, transport: 'tcp', client: { ip: '192.168.1.23', port: 40000 + id }, server: { ip: '142.250.27.188', port: 5228 }, app: null, protocol: 'tls', encrypted: true,
    host, country: null, packets: 4, bytes: 100 + id, first_frame: 1, last_frame: 2, start: null, end: null, upload_bytes: 0, download_bytes: 0,
  });
  const report: Report = {
    format: 'capture-report', version: 1,
    capture: { name: 'x.pcap', bytes: 1, sha256: '0'.repeat(64), format: 'pcap', linktypes: ['EN10MB'], frames: 4, start: null, end: null },
    warnings: [], dns: [], http: [], tls: [], findings: [],
    flows: [flow(0, 'mtalk.google.com'), flow(1, 'googleads.g.doubleclick.net')],
  };
  const r = enrichReport(report, t);

  it('carries source and rule on flows and hosts, valid against the schema', () => {
    expect(r.flows.map((f) => [f.tracker?.source, f.tracker?.rule])).toEqual([['leakscope-os-hosts', 'mtalk.google.com'], ['ghostery-trackerdb', 'g.doubleclick.net']]);
    expect(r.hosts.map((h) => h.tracker?.category)).toEqual(['advertising', 'os-infrastructure']);
    expect(reportError(JSON.parse(JSON.stringify(r)))).toBeNull();
  });

  it('shows OS infrastructure in the widget as a service, not a tracker', () => {
    const rows = hostRows(r);
    expect(rows.map((h) => [h.name, h.tracker, h.service, h.labelSource])).toEqual([
      ['googleads.g.doubleclick.net', 'Google Marketing Platform · Google', '', 'Ghostery TrackerDB: g.doubleclick.net'],
      ['mtalk.google.com', '', 'Firebase Cloud Messaging (Android push) · Google', 'Leakscope OS host list: mtalk.google.com'],
    ]);
  });
});
