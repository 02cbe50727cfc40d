/**
 * At most MAX_FINDINGS distinct findings (scan/findings.ts), whatever the capture: past it a
 * warning says new ones are not kept, and their flows fold like flows without a finding, so the
 * report and the memory stay bounded (200k flows each with an IMEI peaked at 975 MB before).
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../corpus';
import { analyzeStream } from '../../src/core/engine';
import { FindingSet, MAX_FINDINGS } from '../../src/core/scan/findings';
import { hasFinding, imeiFor, tinyFlowsPcap } from '../bench/tinyFlows';
import { scannerWasm } from '../pipeline';

const base = { type: 'imei', encoding: 'plain', flow: 1, protocol: 'http', direction: 'upload' } as const;

const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8')));

describe('findings limit', () => {
  it('a set keeps its first `max` distinct findings; known ones still gain frames', () => {
    const set = new FindingSet(2);
    for (const [value, frame] of [['a', 1], ['b', 2], ['c', 3], ['a', 4], ['c', 5]] as const) set.add({ ...base, value, frame } as never);
    expect(set.list().map((f) => [f.value, f.frames])).toEqual([['a', [1, 4]], ['b', [2]]]);
    expect([set.size, set.full]).toEqual([2, true]);
    set.merge({ ...base, value: 'd', frame: 6, frames: [6] } as never);
    expect(set.size).toBe(2);
  });

  it(`${MAX_FINDINGS + 2_000} flows, each with its own IMEI: ${MAX_FINDINGS} findings, a warning, the rest folded`, async () => {
    const n = MAX_FINDINGS + 2_000;
    const report = await analyzeStream(tinyFlowsPcap(n, { findingEvery: 1 }), { name: 'many.pcap', scannerWasm: scannerWasm() });
    expect(validate(JSON.parse(JSON.stringify(report))) ? [] : validate.errors).toEqual([]);
    expect(hasFinding(0, 1)).toBe(true);
    const imeis = report.findings.filter((f) => f.type === 'imei');
    expect(imeis.length).toBe(MAX_FINDINGS);
    // The first ones are kept, in capture order.
    expect(imeis[0].value).toBe(imeiFor(0));
    expect(report.warnings.filter((w) => w.code === 'findings-limit').length).toBe(1);
    expect(report.flows.length).toBe(MAX_FINDINGS);
    expect(report.flows_folded?.count).toBe(2_000);
  }, 120_000);
});
