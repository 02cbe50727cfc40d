/** enrichReport on a hand-made report, and the where-check helper itself. */
import { describe, expect, it } from 'vitest';
import { enrichReport } from '../../src/core/enrich/enrichReport';
import type { Finding, Report, ReportFlow } from '../../src/core/report/types';
import { geoTables } from './data';
import { checkWhere } from './where';

const flow = (id: number, serverIp: string, host: string | null, bytes = 100): ReportFlow => ({
  id, transport: 'tcp', client: { ip: '192.168.1.23', port: 40000 + id }, server: { ip: serverIp, port: 443 }, app: null, protocol: 'tls', encrypted: true,
  host, country: null, packets: 4, bytes, first_frame: 10 + id, last_frame: 20 + id, start: null, end: null, upload_bytes: 0, download_bytes: 0,
});

const finding = (flowId: number, host: string | null = null): Finding => ({
  type: 'imei', value: '861234567890123', encoding: 'plain', source: 'profile', flow: flowId, protocol: 'http', direction: 'upload',
  encrypted_on_wire: false, host, country: null, frame: 12, context: 'imei=…',
});

const report = (): Report => ({
  format: 'capture-report', version: 1,
  capture: { name: 'x.pcap', bytes: 1, sha256: '0'.repeat(64), format: 'pcap', linktypes: ['EN10MB'], frames: 30, start: null, end: null },
  warnings: [],
  flows: [
    flow(0, '192.168.1.1', null, 50),
    flow(1, '123.125.102.61', 'api.account.xmsvc-cloud.cn', 1000),
    flow(2, '8.8.8.8', 'www.google-analytics.com', 300),
    flow(3, '39.156.68.15', null, 200),
    flow(4, '123.125.102.61', 'api.account.xmsvc-cloud.cn', 500),
  ],
  dns: [
    { flow: 0, frame: 2, name: 'img.jinri-news.cn', type: 'A', response: true, answers: ['img.jinri-news.cn.edgefast-cdn.net'] },
    { flow: 0, frame: 2, name: 'img.jinri-news.cn.edgefast-cdn.net', type: 'A', response: true, answers: ['39.156.68.15'] },
  ],
  http: [], tls: [],
  findings: [finding(1), finding(1), finding(2, 'ssl.google-analytics.com')],
});

describe('enrichReport', () => {
  const r = enrichReport(report(), geoTables());

  it('fills country, ASN, organisation, domain and kind on flows', () => {
    expect(r.flows[0]).toMatchObject({ address_kind: 'private', country: null, asn: null, org: null, host: null, domain: null, tracker: null });
    expect(r.flows[1]).toMatchObject({ address_kind: 'public', country: 'CN', asn: 4808, org: 'China Unicom Beijing Province Network', domain: 'xmsvc-cloud.cn', tracker: null });
    expect(r.flows[2]).toMatchObject({ country: 'US', asn: 15169, org: 'Google LLC', domain: 'google-analytics.com' });
    expect(r.flows[2].tracker).toEqual({
      name: 'Google Analytics', category: 'site_analytics', category_name: 'Site Analytics', company: 'Google', source: 'ghostery-trackerdb', rule: 'google-analytics.com',
    });
  });

  it('names a flow the engine left unnamed from the report\'s DNS answers', () => {
    expect(r.flows[3]).toMatchObject({ host: 'img.jinri-news.cn', domain: 'jinri-news.cn', country: 'CN' });
  });

  it('gives findings their flow\'s whereabouts and their own host\'s tracker', () => {
    expect(r.findings[0]).toMatchObject({ host: 'api.account.xmsvc-cloud.cn', country: 'CN', asn: 4808, domain: 'xmsvc-cloud.cn' });
    expect(r.findings[2]).toMatchObject({ host: 'ssl.google-analytics.com', country: 'US', org: 'Google LLC' });
    expect(r.findings[2].tracker?.name).toBe('Google Analytics');
  });

  it('summarises hosts, most findings first', () => {
    expect(r.hosts.map((h) => [h.name, h.ip, h.flows, h.bytes, h.findings])).toEqual([
      ['api.account.xmsvc-cloud.cn', '123.125.102.61', 2, 1500, 2],
      ['www.google-analytics.com', '8.8.8.8', 1, 300, 1],
      ['img.jinri-news.cn', '39.156.68.15', 1, 200, 0],
      [null, '192.168.1.1', 1, 50, 0],
    ]);
    expect(r.hosts[0]).toMatchObject({ country: 'CN', org: 'China Unicom Beijing Province Network', asn: 4808, domain: 'xmsvc-cloud.cn', address_kind: 'public' });
  });

  it('leaves the input alone and stays plain JSON', () => {
    const input = report();
    const out = enrichReport(input, geoTables());
    expect(input.flows[1].country).toBeNull();
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('passes the where-check it is meant for', () => {
    const truth = { capture: 'x.pcap', hosts: [
      { name: 'api.account.xmsvc-cloud.cn', ip: '123.125.102.61', country: 'CN' },
      { name: 'img.jinri-news.cn', ip: '39.156.68.15', country: 'CN' },
      { name: 'google-analytics.com', ip: '8.8.8.8', country: 'US' },
    ] };
    expect(checkWhere(truth, r)).toEqual({ right: 3, checked: 3, wrong: [] });
    const before = checkWhere(truth, report());
    expect(before.right).toBe(0);
    expect(before.wrong[0]).toBe('x.pcap: 123.125.102.61 want api.account.xmsvc-cloud.cn CN, got api.account.xmsvc-cloud.cn - | api.account.xmsvc-cloud.cn -');
  });
});
