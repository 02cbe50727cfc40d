/**
 * Issue 6's main check: engine report -> enrichReport -> every leak-corpus host has the right
 * name and country, by our helper and by ../shared/tools/compare-where.mjs itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrichReport } from '../../src/core/enrich/enrichReport';
import { geoTables, LEAKS, TOOLS } from './data';
import { checkWhere, readTruths } from './where';

describe('leak corpus: where the data went', () => {
  it('names and places every truth host', async () => {
    // Imported here so a broken engine fails this test, not the whole enrich suite.
    const { analyzeFile } = await import('../engine/corpus');
    const out = mkdtempSync(join(tmpdir(), 'leakscope-where-'));
    const wrong: string[] = [];
    let right = 0;
    let checked = 0;
    for (const truth of readTruths(join(LEAKS, 'truth'))) {
      const report = enrichReport(await analyzeFile(join(LEAKS, 'captures', truth.capture)), geoTables());
      writeFileSync(join(out, `${truth.capture}.json`), JSON.stringify(report));
      const r = checkWhere(truth, report);
      right += r.right;
      checked += r.checked;
      wrong.push(...r.wrong);
      for (const h of report.hosts) if (h.address_kind !== 'public') expect(h.country, h.ip).toBeNull();
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(50);
    expect(right).toBe(checked);
    const tool = execFileSync('node', [join(TOOLS, 'compare-where.mjs'), join(LEAKS, 'truth'), out, '--list'], { encoding: 'utf8' });
    expect(tool.trim().split('\n').pop()).toBe(`hosts right ${checked} / ${checked}`);
  });
});
