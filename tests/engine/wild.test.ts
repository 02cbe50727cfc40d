/**
 * Real captures nobody here made (../shared/corpus/wild, issue 12): the identifiers of the
 * device under test, labelled by hand, found without a profile — and nothing else — and the
 * same tshark agreement as the external corpus. The shared tools score; this test only runs them.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WILD } from '../corpus';
import { runTool } from './sharedTool';
import { analyzeFile } from '../pipeline';

/** Issue 12's goals. */
const MIN_PRECISION = 95;
const MIN_RECALL = 90;
const MIN_TSHARK = 99;

describe('wild corpus (real phones and apps)', () => {
  const out = mkdtempSync(join(tmpdir(), 'leakscope-wild-'));
  const captures = readdirSync(join(WILD, 'captures')).sort();
  const failed: string[] = [];

  beforeAll(async () => {
    for (const name of captures) {
      try {
        writeFileSync(join(out, `${name}.json`), JSON.stringify(await analyzeFile(join(WILD, 'captures', name))));
      } catch (e) {
        failed.push(`${name}: ${(e as Error).message}`);
      }
    }
  }, 300_000);

  it('has a report for every capture', () => {
    expect(captures.length).toBe(60);
    expect(failed).toEqual([]);
  });

  it(`finds the device's identifiers without a profile: precision >= ${MIN_PRECISION}%, recall >= ${MIN_RECALL}%`, () => {
    const { output, status } = runTool('compare-wild.mjs', [join(WILD, 'truth'), out, '--list', '--min-precision', String(MIN_PRECISION), '--min-recall', String(MIN_RECALL)]);
    console.log(output);
    const m = /wild precision ([\d.]+)% \((\d+)\/(\d+)\), recall ([\d.]+)% \((\d+)\/(\d+)\)/.exec(output);
    expect(m, 'the score line of compare-wild').not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(Number(m![4])).toBeGreaterThanOrEqual(MIN_RECALL);
    expect(status).toBe(0);
  });

  it(`agrees with tshark on >= ${MIN_TSHARK}% of checks`, () => {
    const { output, status } = runTool('compare-external.mjs', [join(WILD, 'tshark'), out, '--min', String(MIN_TSHARK), '--list']);
    console.log(output);
    const m = /external agreement ([\d.]+)% \((\d+)\/(\d+)\)/.exec(output);
    expect(m, 'the agreement line of compare-external').not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(MIN_TSHARK);
    expect(status).toBe(0);
  });
});
