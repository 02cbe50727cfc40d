/**
 * The fuzz check (issue 15): a fixed number of seeded mutations of ../shared/corpus through the
 * whole engine on two worker threads, each case with a 10 s wall timeout (a case past it is
 * re-run alone before it counts as a hang), every report validated against
 * docs/report.schema.json. `npm run fuzz -- --minutes N` runs the same cases longer.
 * Measured on the 2-core machine: 4,000 cases took 21 s in the whole suite and 82 s beside a
 * second fuzz run; 8,000 took 42 s beside one (3 minutes leaves room for a busier machine).
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from './runner';
import { loadSeeds } from './seeds';

const CASES = 8000;
const SEED = 20261202;

describe('fuzz', () => {
  it('has its seeds (the corpus is not optional here)', () => {
    // 355 files on 2026-12-02: the malformed, leak and format files, a third of external and wild.
    expect(loadSeeds().length).toBeGreaterThan(300);
  });

  it(`${CASES} mutated captures: no crash, hang, schema failure, caught JavaScript error or OOM`, async () => {
    const lines: string[] = [];
    const stats = await runFuzz({ seed: SEED, cases: CASES, jobs: 2, timeoutMs: 10_000, log: (l) => lines.push(l) });
    expect(stats.cases).toBe(CASES);
    // Every case ended one way or the other; most are still captures after their mutations.
    expect(stats.reports + stats.notCaptures + Object.values(stats.failures).reduce((a, b) => a + b, 0)).toBe(CASES);
    expect(stats.reports).toBeGreaterThan(CASES / 2);
    // The failures, one line each (seed, case, seed file, mutations, error), before the counts.
    expect(stats.samples.map((f) => `${f.kind} case ${f.case} (${f.source}; ${f.ops.join(', ')}): ${f.detail}`)).toEqual([]);
    expect(stats.failures).toEqual({ crash: 0, hang: 0, schema: 0, internal: 0, oom: 0 });
  }, 400_000);
});
