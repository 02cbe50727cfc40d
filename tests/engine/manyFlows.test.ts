/**
 * Issue 15: however many flows, the report lists at most a bound of them (every flow with a
 * finding, then the largest) and adds up the rest in flows_folded. 30,000 generated tiny flows
 * (tests/bench/tinyFlows.ts), bound 1,000, one IMEI every 3,000 flows.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../corpus';
import { scannerWasm } from '../pipeline';
import { analyzeStream } from '../../src/core/engine';
import { hasFinding, imeiFor, tinyFlowsPcap } from '../bench/tinyFlows';

const N = 30_000;
const EVERY = 3_000;
const BOUND = 1_000;
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')));

describe('many flows', async () => {
  const report = await analyzeStream(tinyFlowsPcap(N, { findingEvery: EVERY }), { name: 'tiny.pcap', scannerWasm: scannerWasm(), flowBound: BOUND });
  const planted = Array.from({ length: N }, (_, i) => i).filter((i) => hasFinding(i, EVERY));

  it('lists at most the bound, by id, and folds the rest', () => {
    expect(report.flows.length).toBeLessThanOrEqual(BOUND);
    expect(report.flows.length).toBeGreaterThan(BOUND - 20);
    const ids = report.flows.map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const folded = report.flows_folded!;
    expect(report.flows.length + folded.count).toBe(N);
    expect(folded.by_host.reduce((n, h) => n + h.count, 0)).toBe(folded.count);
    expect(folded.packets + report.flows.reduce((n, f) => n + f.packets, 0)).toBe(2 * N);
    // One host per generated flow: 1,000 of them by name, the rest in one entry.
    expect(folded.by_host).toHaveLength(1_001);
    expect(folded.by_host[folded.by_host.length - 1].host).toBe('(other hosts)');
    expect(folded.by_host[0].host).toMatch(/^h\d+\.example$/);
    expect(report.warnings.find((w) => w.code === 'flows-folded')?.message).toMatch(new RegExp(`^${folded.count} of ${N} flows`));
    expect(report.warnings.some((w) => w.code === 'flow-table-limit')).toBe(true);
  });

  it('keeps every flow with a finding, whole and named', () => {
    const imeis = report.findings.filter((f) => f.type === 'imei');
    expect(imeis.map((f) => f.value).sort()).toEqual(planted.map(imeiFor).sort());
    const byId = new Map(report.flows.map((f) => [f.id, f]));
    for (const f of imeis) {
      const flow = byId.get(f.flow);
      expect(flow).toBeDefined();
      expect(flow!.host).toBe(`h${f.flow}.example`);
      expect(f.host).toBe(`h${f.flow}.example`);
      expect(flow!.packets).toBe(2);
    }
    expect(report.device?.ips.length).toBeGreaterThan(0);
  });

  it('validates against the schema', () => {
    const ok = validate(JSON.parse(JSON.stringify(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
