/** Issue 3's corpus checks: every planted identifier found, no decoy, nothing unplanted. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAKS, TOOLS } from '../corpus';
import { analyzeFile, scannerWasm } from '../pipeline';

const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8'));
const captures = readdirSync(join(LEAKS, 'captures')).sort();

async function reportsInto(dir: string, withProfile: boolean): Promise<void> {
  for (const name of captures) {
    const report = await analyzeFile(join(LEAKS, 'captures', name), withProfile ? { profile } : {});
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(report));
  }
}

function compare(dir: string, mode: 'profile' | 'pattern'): { status: number; output: string } {
  try {
    const output = execFileSync('node', [join(TOOLS, 'compare-leaks.mjs'), join(LEAKS, 'truth'), dir, '--mode', mode, '--min-recall', '100', '--list'], { encoding: 'utf8' });
    return { status: 0, output };
  } catch (e) {
    const err = e as { stdout: string; status: number };
    return { status: err.status, output: err.stdout };
  }
}

describe('leak corpus', () => {
  it('has the scanner built', () => expect(scannerWasm()).toBeInstanceOf(WebAssembly.Module));

  it.each(['profile', 'pattern'] as const)('%s mode: recall 100%%, no decoy, nothing unplanted', async (mode) => {
    const dir = mkdtempSync(join(tmpdir(), `leakscope-${mode}-`));
    await reportsInto(dir, mode === 'profile');
    const { status, output } = compare(dir, mode);
    console.log(output);
    const last = output.trim().split('\n').pop() ?? '';
    const m = /leaks recall ([\d.]+)%, decoys reported (\d+), findings not planted (\d+)/.exec(last);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(100);
    expect(Number(m![2])).toBe(0);
    expect(Number(m![3])).toBe(0);
    expect(status).toBe(0);
  });
});
