/** The engine agrees with tshark 4.0.17 on the external corpus (issue 2's main check). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL, TOOLS } from '../corpus';
import { analyzeFile } from '../pipeline';

describe('external corpus vs tshark', () => {
  it('agrees on at least 97% of checks', async () => {
    const out = mkdtempSync(join(tmpdir(), 'leakscope-external-'));
    mkdirSync(out, { recursive: true });
    const captures = readdirSync(join(EXTERNAL, 'captures')).sort();
    expect(captures.length).toBe(419);
    const failed: string[] = [];
    for (const name of captures) {
      try {
        const report = await analyzeFile(join(EXTERNAL, 'captures', name));
        writeFileSync(join(out, `${name}.json`), JSON.stringify(report));
      } catch (e) {
        failed.push(`${name}: ${(e as Error).message}`);
      }
    }
    expect(failed).toEqual([]);
    let output = '';
    let status = 0;
    try {
      output = execFileSync('node', [join(TOOLS, 'compare-external.mjs'), join(EXTERNAL, 'truth'), out, '--min', '97', '--list'], { encoding: 'utf8' });
    } catch (e) {
      const err = e as { stdout: string; status: number };
      output = err.stdout;
      status = err.status;
    }
    console.log(output);
    const m = /external agreement ([\d.]+)% \((\d+)\/(\d+)\)/.exec(output);
    expect(m, 'the agreement line of compare-external').not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(97);
    // The checks agreeing today; a drop fails, a gain is a reason to raise this.
    expect([Number(m![2]), Number(m![3])]).toEqual([2125, 2128]);
    expect(status).toBe(0);
  });
});
