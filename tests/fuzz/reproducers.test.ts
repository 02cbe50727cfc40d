/**
 * Every case the fuzzer ever failed on (tests/fuzz/reproducers, saved by `npm run fuzz`, with
 * the options it ran with in index.jsonl), kept as a regression test: each must now give a
 * schema-valid report without a caught JavaScript error, or reject with a clear CaptureError,
 * within the fuzzer's timeout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from '../corpus';
import { bundleWorker, CaseSlot, REPRODUCERS, type ReproducerLine } from './runner';

const lines = new Map<string, ReproducerLine>(
  readFileSync(join(REPRODUCERS, 'index.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => {
    const line = JSON.parse(l) as ReproducerLine;
    return [line.file, line];
  }),
);
const files = readdirSync(REPRODUCERS).filter((f) => f !== 'index.jsonl' && f !== 'README.md').sort();

let slot: CaseSlot;
beforeAll(async () => {
  slot = new CaseSlot(await bundleWorker(), 20_000);
});
afterAll(() => slot.close());

describe('fuzz reproducers', () => {
  it('every saved case has its line in index.jsonl and every line its file', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !lines.has(f))).toEqual([]);
    expect([...lines.keys()].filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(files)('%s: a valid report or a clear error', async (file) => {
    const line = lines.get(file);
    const r = await slot.run({
      id: 1,
      name: file,
      bytes: new Uint8Array(readFileSync(join(REPRODUCERS, file))),
      profile: line?.profile ?? false,
      keylog: line?.keylog ? readFileSync(join(CORPUS, line.keylog), 'utf8') : undefined,
      chunk: line?.chunk ?? 1 << 16,
    });
    expect({ file, kind: r.kind, detail: r.detail }).toMatchObject({ kind: expect.stringMatching(/^(report|not-a-capture)$/) });
  });
});
