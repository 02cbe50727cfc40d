/** Every report the engine emits validates against docs/report.schema.json. */
import Ajv from 'ajv';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL, LEAKS, REPO_ROOT, WILD } from '../corpus';
import { analyzeFile } from '../pipeline';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);
const profile = JSON.parse(readFileSync(join(LEAKS, 'profile.json'), 'utf8'));

const leakCaptures = readdirSync(join(LEAKS, 'captures')).filter((f) => !f.startsWith('15-')).sort();
const someExternal = readdirSync(join(EXTERNAL, 'captures')).sort().filter((_, i) => i % 20 === 0);
const someWild = readdirSync(join(WILD, 'captures')).sort().filter((_, i) => i % 6 === 0);

describe('report schema', () => {
  it.each([...leakCaptures.map((f) => join(LEAKS, 'captures', f)), ...someExternal.map((f) => join(EXTERNAL, 'captures', f)), ...someWild.map((f) => join(WILD, 'captures', f))])(
    '%s validates',
    async (path) => {
      const report = await analyzeFile(path, { profile });
      const ok = validate(JSON.parse(JSON.stringify(report)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      expect(report.capture.frames).toBeGreaterThan(0);
      expect(report.capture.sha256).toMatch(/^[0-9a-f]{64}$/);
      // Version 2: the device is named and every finding says where it went (the schema also
      // accepts version 1, which sessions stored by earlier builds hold).
      expect(report.version).toBe(2);
      expect(report.device?.ips.length).toBeGreaterThan(0);
      for (const f of report.findings) expect(['remote', 'local']).toContain(f.scope);
    },
  );
});
