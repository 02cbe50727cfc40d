/** The fuzz harness itself: a failure of each class is seen as that class (with no engine bug). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/core/capture/types';
import { classify, signature } from './outcome';
import { CaseSlot } from './runner';

const stub = fileURLToPath(new URL('./fixtures/stubWorker.mjs', import.meta.url));
const job = (id: number, name: string) => ({ id, name, bytes: new Uint8Array(1), profile: false, chunk: 1 });

describe('classify', () => {
  const report = (warnings: { code: string; message: string }[] = []) => ({ report: { warnings }, schemaErrors: [] });
  it('a report is a pass; one with a caught JavaScript error is not', () => {
    expect(classify(1, report([{ code: 'capture-truncated', message: 'cut' }]))).toEqual({ id: 1, kind: 'report' });
    expect(classify(1, report([{ code: 'extract-error', message: 'flow 3: x is undefined' }]))).toEqual({ id: 1, kind: 'internal', detail: 'extract-error: flow 3: x is undefined' });
    expect(classify(1, { report: { warnings: [] }, schemaErrors: ['/findings/0/frame must be >= 1'] })).toEqual({ id: 1, kind: 'schema', detail: '/findings/0/frame must be >= 1' });
  });
  it('a CaptureError is a clear error unless it carries a JavaScript error message', () => {
    expect(classify(1, { error: new CaptureError('empty file: not a capture') })).toEqual({ id: 1, kind: 'not-a-capture', detail: 'empty file: not a capture' });
    expect(classify(1, { error: new CaptureError("Cannot read properties of undefined (reading 'length')") }).kind).toBe('crash');
    const e = classify(1, { error: new RangeError('Invalid time value') });
    expect(e.kind).toBe('crash');
    expect(e.detail).toMatch(/^RangeError: Invalid time value @ /);
  });
  it('signatures fold numbers and byte lists', () => {
    expect(signature('crash', 'block 12 at 0x3f (starts with 0a 0d 0d 0a)')).toBe(signature('crash', 'block 7 at 0x40 (starts with d4 c3 b2 a1)'));
  });
});

describe('CaseSlot', () => {
  it('a result, a silent worker (hang), a throwing one and an exiting one, then results again', async () => {
    const slot = new CaseSlot(stub, 1000);
    try {
      expect(await slot.run(job(1, 'ok'))).toEqual({ id: 1, kind: 'report' });
      expect(await slot.run(job(2, 'silent'))).toEqual({ id: 2, kind: 'hang', detail: 'no result in 1000 ms' });
      expect(await slot.run(job(3, 'throw'))).toEqual({ id: 3, kind: 'crash', detail: 'worker died: boom' });
      expect(await slot.run(job(4, 'exit'))).toEqual({ id: 4, kind: 'crash', detail: 'worker exited with 3' });
      expect(await slot.run(job(5, 'ok'))).toEqual({ id: 5, kind: 'report' });
    } finally {
      await slot.close();
    }
  });
});
