/** Manual tool: compares the extractor with the truth of every corpus capture (npx tsx tests/extract/run-corpus.ts [filter]). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXTERNAL } from '../corpus';
import { agreement, KEYS } from './truth';

const filter = process.argv[2] ?? '';
const files = readdirSync(join(EXTERNAL, 'captures')).sort().filter((f) => f.includes(filter));
const a = agreement(files, (k, f, truth, ours) => {
  if (process.env.V) console.log(`MISMATCH ${k} ${f}\n  truth: ${JSON.stringify(truth).slice(0, 600)}\n  ours:  ${JSON.stringify(ours).slice(0, 600)}`);
  else console.log(`MISMATCH ${k} ${f}`);
});
for (const [f, errors] of Object.entries(a.errors)) console.log('EXTRACT-ERROR', f, errors[0]);
for (const k of KEYS) console.log(k, `${a.counts[k]?.[0] ?? 0}/${a.counts[k]?.[1] ?? 0}`);
