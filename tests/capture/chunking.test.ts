/** Records straddle chunks: any split of the input must give exactly the frames of one push. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL, externalTruths as loadTruths } from '../corpus';
import { readFile } from '../pipeline';
import { readCapture } from './helpers';

const truths = loadTruths();

describe('chunking of the external corpus', () => {
  it.each(truths.map((t, i) => [t.file, i] as const))('%s', (file, i) => {
    const bytes = readFile(join(EXTERNAL, 'captures', file));
    const one = readCapture(bytes);
    expect(one.frames.length).toBe(truths[i].frames);
    expect(readCapture(bytes, { seed: i + 1, max: 97 })).toEqual(one);
    expect(readCapture(bytes, { seed: i + 1000, max: 70_000 })).toEqual(one);
    // Single bytes for the smaller files (most of the set) keeps the run short.
    if (bytes.length <= 64 * 1024) expect(readCapture(bytes, 'bytes')).toEqual(one);
  });
});
