/** The map's and diagram's model (src/present/geography.ts) on real reports made by the engine. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report/types';
import { diagramOf, geographyOf } from '../../src/present/geography';
import { DOTS, numericOf } from '../../src/present/countryGeo';
import { FORMATS, LEAKS } from '../corpus';
import { analyzeFile } from '../pipeline';

describe('15-mixed with the leak profile', () => {
  let report: Report;
  beforeAll(async () => {
    const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8'));
    report = await analyzeFile(join(LEAKS, 'captures', '15-mixed.pcap'), { profile });
  });

  it('one row per country, clear text first, with hosts, connections, bytes sent and kinds', () => {
    const g = geographyOf(report);
    expect(g.countries.map((c) => [c.code, c.hosts.length, c.flows, c.sent, c.findings, c.clearFindings, c.encryptedFlows, c.shade])).toEqual([
      ['CN', 14, 36, 6457, 24, 24, 3, 'clear'],
      ['US', 4, 4, 2594, 4, 4, 3, 'clear'],
      ['SG', 2, 2, 1391, 4, 4, 1, 'clear'],
      ['DE', 1, 1, 769, 2, 2, 0, 'clear'],
    ]);
    const cn = g.countries[0];
    expect(cn.hosts[0]).toBe('api.account.xmsvc-cloud.cn');
    expect(cn.clearKinds.slice(0, 4)).toEqual(['IMEI', 'IMSI', 'ICCID', 'Phone number']);
    expect(g.countries[3].text).toBe('Germany: 1 host, 1 connection, 769 B sent; IMEI and Email in clear text.');
    expect(g.summary).toBe('World map: traffic went to 4 countries; identifiers in clear text to China, United States, Singapore and Germany.');
    // Findings only seen on the LAN (scope local) went to no country: 38 findings, 34 left the device.
    expect(report.findings.length).toBe(38);
    expect(g.countries.reduce((n, c) => n + c.findings, 0)).toBe(34);
    expect(g.nowhere).toEqual({ flows: 0, bytes: 0, findings: 0 });
  });

  it('the diagram: device → unknown app → 8 hosts and "13 other hosts" → 4 countries', () => {
    const d = diagramOf(report);
    const col = (c: string) => d.nodes.filter((n) => n.column === c).map((n) => n.label);
    expect(col('device')).toEqual(['This device (HM 1S)']);
    expect(col('app')).toEqual(['Unknown app']);
    expect(col('host')).toHaveLength(9);
    expect(col('host').slice(0, 2)).toEqual(['api.account.xmsvc-cloud.cn', '114.114.114.114']);
    expect(col('host').at(-1)).toBe('13 other hosts');
    expect(col('country')).toEqual(['China', 'United States', 'Singapore', 'Germany']);
    expect(d.otherHosts).toBe(13);
    const l = d.links.find((x) => x.from === 'host:api.account.xmsvc-cloud.cn');
    expect(l).toMatchObject({ to: 'country:CN', flows: 1, bytes: 1452, findings: 9, clearFindings: 9, shade: 'clear' });
    const toApp = d.links.find((x) => x.from === 'device');
    expect(toApp).toMatchObject({ to: 'app:?', flows: 43, findings: 34 });
    // The text equivalent keeps every host (none folded).
    expect(d.tree.apps).toHaveLength(1);
    expect(d.tree.apps[0].hosts).toHaveLength(21);
    expect(d.tree.apps[0].hosts[0].text).toBe('api.account.xmsvc-cloud.cn (China): 1 connection, not encrypted; IMEI, IMSI, Phone number, Contact number and Carrier in clear text.');
  });
});

describe('a PCAPdroid capture names the apps (pcapdroid-03-dsb)', () => {
  it('one app node per app, encrypted-only findings shaded apart', async () => {
    const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));
    const report = await analyzeFile(join(FORMATS, 'captures', 'pcapdroid-03-dsb.pcapng'), { profile });
    const d = diagramOf(report);
    expect(d.nodes.filter((n) => n.column === 'app').map((n) => n.label)).toEqual(['Ad Demo (com.adsdk.demo)', 'Weather (com.example.weather)']);
    expect(d.nodes.find((n) => n.id === 'host:t.appflowtrack.com')?.shade).toBe('encrypted');
    expect(d.links.find((l) => l.from === 'host:api.tianqi-app.cn')).toMatchObject({ to: 'country:CN', findings: 2, clearFindings: 2 });
    expect(geographyOf(report).countries.map((c) => c.code)).toEqual(['SG', 'US', 'CN']);
  });
});

describe('the map tables', () => {
  it('alpha-2 → world-atlas numeric id; small countries as dots', () => {
    expect([numericOf('CN'), numericOf('us'), numericOf('DE'), numericOf('ZZ')]).toEqual(['156', '840', '276', null]);
    expect(DOTS.SG).toEqual([103.8, 1.4]);
    expect(DOTS.CN).toBeUndefined();
  });
});
