/** widget-map.js's model (src/widget/mapModel.ts): the present/geography.ts diagram, masked as the widget masks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report/types';
import { diagramOf, geographyOf } from '../../src/present/geography';
import { maskedDiagram, maskedGeography } from '../../src/widget/mapModel';
import { maskPlain, redactorOf, type Redaction } from '../../src/widget/redact';
import { LEAKS } from '../corpus';
import { analyzeFile } from '../pipeline';

describe('15-mixed with the leak profile', () => {
  let report: Report;
  beforeAll(async () => {
    report = await analyzeFile(join(LEAKS, 'captures', '15-mixed.pcap'), { profile: JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8')) });
  });
  const maskFor = (mode: Redaction) => {
    const redactor = redactorOf(report.findings, mode);
    return (t: string) => maskPlain(t, redactor);
  };

  it('partial: the device model is masked in its node and in the words; ids, shades and hosts stay', () => {
    const d = diagramOf(report);
    const m = maskedDiagram(d, maskFor('partial'));
    expect(d.tree.label).toBe('This device (HM 1S)');
    expect(m.tree.label).toBe('This device (•• ••)');
    expect(m.nodes.find((n) => n.id === 'device')?.label).toBe('This device (•• ••)');
    expect(m.nodes.map((n) => [n.id, n.shade])).toEqual(d.nodes.map((n) => [n.id, n.shade]));
    expect(m.links).toEqual(d.links);
    // No host name of this capture carries a value: all 21 stay as they are, and stay unique.
    const hosts = m.tree.apps.flatMap((a) => a.hosts.map((h) => h.label));
    expect(hosts).toEqual(d.tree.apps.flatMap((a) => a.hosts.map((h) => h.label)));
    expect(new Set(hosts).size).toBe(21);
    expect(JSON.stringify(m)).not.toContain('HM 1S');
  });

  it('none: nothing changes', () => {
    expect(maskedDiagram(diagramOf(report), maskFor('none'))).toEqual(diagramOf(report));
    expect(maskedGeography(geographyOf(report), maskFor('none'))).toEqual(geographyOf(report));
  });

  it('hosts masked alike get a number, so the words stay keyed by label', () => {
    const d = diagramOf(report);
    const m = maskedDiagram(d, (t) => t.replace(/[\w-]+/g, '•'));
    const hosts = m.tree.apps[0].hosts.map((h) => h.label);
    expect(new Set(hosts).size).toBe(hosts.length);
    expect(hosts.filter((h) => / \(\d\)$/.test(h)).length).toBeGreaterThan(0);
  });
});
