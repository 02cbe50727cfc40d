/**
 * The widget's hand-written schema check (src/widget/validate.ts, chosen over bundling ajv: see
 * its header) agrees with ajv, draft-07, on the same schema: for the advisory report and a
 * thousand of its spoiled copies (one field replaced by a value of another type, out of range,
 * or deleted), both say valid or both say invalid.
 * Sizes measured (esbuild --minify, then gzip -9): validate.ts with the schema 8.7 KB (2.3 KB);
 * ajv's standalone code for this schema 83 KB (8.1 KB); ajv compiling at run time 131 KB
 * (39.6 KB), and it needs `new Function` (a CSP exception on the embedding page).
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/widget/validate';
import { REPO_ROOT } from '../corpus';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8'));
const ajv = new Ajv({ allowUnionTypes: true }).compile(schema);
const good = JSON.parse(readFileSync(join(REPO_ROOT, 'public/advisory/report.json'), 'utf8')) as unknown;

/** Every path to a value inside the report. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (at.length) out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

const spoils: unknown[] = ['3', 0, -1, 1.5, 70000, null, true, [], {}, [0], ['x'], 'not-a-value'];

describe('the widget validator against ajv', () => {
  it('agrees on every spoiled copy (deterministic sample)', () => {
    expect(ajv(good)).toBe(true);
    expect(reportError(good)).toBeNull();
    const all = paths(good);
    let seed = 15;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    let invalid = 0;
    const disagree: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = structuredClone(good) as Record<string | number, unknown>;
      const path = all[rnd(all.length)];
      let parent = r as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = path[path.length - 1];
      const spoil = rnd(spoils.length + 1);
      if (spoil === spoils.length) {
        if (Array.isArray(parent)) continue;
        delete parent[last];
      } else parent[last] = structuredClone(spoils[spoil]);
      const a = ajv(r);
      if (!a) invalid++;
      if (a !== (reportError(r) === null)) disagree.push(`${path.join('.')} = ${JSON.stringify(spoils[spoil])}: ajv ${a}, widget ${reportError(r)}`);
    }
    expect(disagree).toEqual([]);
    // The sample tests something: most spoils break the schema.
    expect(invalid).toBeGreaterThan(500);
  });
});
