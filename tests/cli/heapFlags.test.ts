import { describe, expect, it } from 'vitest';
import { growingPercentFor, HEADROOM_BYTES, HEAP_GROWING_PERCENT, MAX_GROWING_PERCENT } from '../../src/cli/heapFlags';

const MB = 1 << 20;

describe('heap growth factor by live size', () => {
  it('gives a small live heap the headroom, clamped at V8s maximum', () => {
    expect(HEADROOM_BYTES).toBe(64 * MB);
    expect(growingPercentFor(0)).toBe(MAX_GROWING_PERCENT);
    expect(growingPercentFor(20 * MB)).toBe(300); // 320 % wanted, clamped
    expect(growingPercentFor(50 * MB)).toBe(128);
    expect(growingPercentFor(64 * MB)).toBe(100);
  });

  it('keeps a large live heap at the floor that bounds RSS on many flows', () => {
    expect(growingPercentFor(100 * MB)).toBe(64);
    expect(growingPercentFor(120 * MB)).toBe(HEAP_GROWING_PERCENT);
    expect(growingPercentFor(300 * MB)).toBe(60);
    expect(growingPercentFor(4096 * MB)).toBe(60);
  });
});
