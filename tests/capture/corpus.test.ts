/** Every external capture must read exactly as capinfos counted it (truth files). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linktypeName } from '../../src/core/capture/index';
import { EXTERNAL, externalTruths as loadTruths } from '../corpus';
import { readFile } from '../pipeline';
import { readCapture } from './helpers';

const truths = loadTruths();

describe('external corpus against capinfos truth', () => {
  it('has all 419 captures', () => {
    expect(truths.length).toBe(419);
  });

  it.each(truths.map((t) => [t.file, t] as const))('%s', (_name, t) => {
    const bytes = readFile(join(EXTERNAL, 'captures', t.file));
    const r = readCapture(bytes);
    expect(r.format).toBe(t.format);
    expect(r.compressed).toBe(false);
    expect(r.frames.length).toBe(t.frames);
    expect(r.warnings).toEqual([]);
    expect(r.bytesRead).toBe(bytes.length);
    expect(linktypeName(r.frames[0].linktype)).toBe(t.linktype);
    r.frames.forEach((f, i) => {
      expect(f.number).toBe(i + 1);
      expect(Number.isFinite(f.time)).toBe(true);
    });
    // Two captures here were written with clocks near 0; none is dated after 2030.
    expect(r.frames[0].time).toBeGreaterThanOrEqual(0);
    expect(r.frames[0].time).toBeLessThan(1893456000);
  });
});
