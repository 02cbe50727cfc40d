/**
 * `npm run fuzz -- [--minutes N] [--cases N] [--seed S] [--jobs N] [--timeout MS] [--no-save]`:
 * the fuzz check of tests/fuzz/fuzz.test.ts, run longer. Failing cases are saved as
 * tests/fuzz/reproducers/<class>-<sha8>.<ext> with a line in index.jsonl; commit them, and
 * tests/fuzz/reproducers.test.ts keeps them as regression tests.
 */
import { runFuzz } from '../tests/fuzz/runner';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const minutes = Number(arg('minutes') ?? (arg('cases') ? 0 : 5));
const cases = arg('cases') ? Number(arg('cases')) : undefined;
const seed = Number(arg('seed') ?? Date.now() % 2 ** 31);
const stamp = () => new Date().toISOString().slice(11, 19);
console.log(`fuzz: seed ${seed}, ${cases ?? '∞'} cases, ${minutes || '∞'} minutes`);
const stats = await runFuzz({
  seed, cases, minutes: minutes || undefined,
  jobs: Number(arg('jobs') ?? 2), timeoutMs: Number(arg('timeout') ?? 10_000),
  save: !process.argv.includes('--no-save'),
  log: (line) => console.log(`${stamp()} ${line}`),
});
console.log(`fuzz: seed ${seed}: ${stats.cases} cases in ${stats.seconds.toFixed(0)} s (${(stats.cases / stats.seconds).toFixed(1)}/s): ${stats.reports} reports, ${stats.notCaptures} clear errors, ${stats.slowRetried} slow cases passed alone`);
console.log(`failures: ${JSON.stringify(stats.failures)}`);
for (const f of stats.samples) console.log(`  ${f.kind} (seed ${f.seed} case ${f.case}, ${f.source}, ${f.file ?? 'not saved'}): ${f.detail}`);
const clear = [...stats.clearErrors].sort((a, b) => b[1] - a[1]).slice(0, process.argv.includes('--all-errors') ? undefined : 8);
console.log(`clear errors (top ${clear.length} of ${stats.clearErrors.size}):`);
for (const [s, n] of clear) console.log(`  ${n} × ${s}`);
process.exitCode = Object.values(stats.failures).some((n) => n > 0) ? 1 : 0;
