/**
 * The widget's report loading (src/widget/load.ts asReport, validate.ts): a report that breaks
 * docs/report.schema.json is refused with one line, which the widget shows as its error state
 * and fires as `error` (CaptureReport.svelte run()), instead of throwing while rendering.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report/types';
import { asReport } from '../../src/widget/load';
import { findingRows } from '../../src/widget/model';
import { SCHEMA_KEYWORDS } from '../../src/widget/validate';
import { REPO_ROOT } from '../corpus';

import { upgradeReport } from '../../src/core/report/upgrade';
const good = JSON.parse(readFileSync(join(REPO_ROOT, 'public/advisory/report.json'), 'utf8')) as Report;
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8'));
const copy = (): Report => structuredClone(good);

describe('the widget loads only reports valid against the schema', () => {
  it('takes the advisory report as it is, in today\'s shape (flows[].app of version 1 is the protocol)', () => {
    expect(good.findings.length).toBeGreaterThan(0);
    const read = asReport(copy(), 'report.json');
    expect(read).toEqual(upgradeReport(good));
    expect(read.flows.map((f) => f.protocol)).toEqual(good.flows.map((f) => f.app));
    expect(read.flows.every((f) => f.app === null)).toBe(true);
  });

  it('refuses findings[].frames as a string (it threw while rendering: issue 15)', () => {
    const r = copy() as unknown as { findings: Record<string, unknown>[] };
    r.findings[0].frames = '3';
    // The old check let it through, and rendering then threw a TypeError.
    expect(() => findingRows(r as unknown as Report, 'none')).toThrow(TypeError);
    expect(() => asReport(r, 'report.json')).toThrow('report.json is not a valid capture report (findings[0].frames: array expected, found "3").');
  });

  it.each([
    ['a frame 0', (r: Report) => void (r.findings[0].frame = 0), 'findings[0].frame: at least 1 expected, found 0'],
    ['a flow without a server', (r: Report) => void delete (r.flows[0] as Partial<Report['flows'][0]>).server, 'flows[0]: server is missing'],
    ['an unknown identifier type', (r: Report) => void ((r.findings[0] as { type: string }).type = 'x'), 'findings[0].type: one of'],
    ['a capture without frames', (r: Report) => void ((r.capture as { frames: unknown }).frames = null), 'capture.frames: integer expected, found null'],
    ['a bad port', (r: Report) => void (r.flows[0].client.port = 70000), 'flows[0].client.port: at most 65535'],
  ])('refuses %s, saying where', (_, spoil, message) => {
    const r = copy();
    spoil(r);
    expect(() => asReport(r, 'report.json')).toThrow(message);
  });

  it('still fills the lists older reports lack, and refuses what is not a report', () => {
    const r = copy() as Partial<Report>;
    delete r.dns;
    delete r.warnings;
    expect(asReport(r, 'old.json')).toMatchObject({ dns: [], warnings: [] });
    expect(() => asReport({ format: 'other' }, 'x.json')).toThrow('x.json is not a Leakscope capture report.');
  });

  it('knows every keyword the schema uses', () => {
    const used = new Set<string>();
    const walk = (s: unknown, inProperties = false): void => {
      if (!s || typeof s !== 'object' || Array.isArray(s)) return;
      for (const [k, v] of Object.entries(s)) {
        if (!inProperties) used.add(k);
        if (k === 'properties' || k === 'definitions') walk(v, true);
        else if (inProperties || k === 'items') walk(v);
      }
    };
    walk(schema);
    expect([...used].filter((k) => !SCHEMA_KEYWORDS.includes(k))).toEqual([]);
  });
});
