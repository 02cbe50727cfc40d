/**
 * Damaged variants of a real capture for the survival tests of a reader: cut at many points,
 * bits flipped (seeded, so a failure reproduces), and header fields set to impossible sizes by
 * the caller (`patch`). Each comes with a name for the test's message.
 */
export interface Variant {
  name: string;
  bytes: Uint8Array;
}

/** The file cut after n bytes, for n spread over the whole file (and just past each header). */
export function truncations(bytes: Uint8Array, count = 24): Variant[] {
  const cuts = new Set<number>([1, 23, 24, 25, 39, 40, 41]);
  for (let i = 1; i <= count; i++) cuts.add(Math.floor((bytes.length * i) / (count + 1)));
  return [...cuts].filter((n) => n < bytes.length).map((n) => ({ name: `cut at ${n}`, bytes: bytes.subarray(0, n) }));
}

/** `count` copies with `flips` random bits flipped past the first `keep` bytes (seeded LCG). */
export function bitFlips(bytes: Uint8Array, count = 40, flips = 8, keep = 0): Variant[] {
  const out: Variant[] = [];
  let s = 0x2545f491;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  for (let v = 0; v < count; v++) {
    const copy = bytes.slice();
    const at: number[] = [];
    for (let f = 0; f < flips; f++) {
      const i = keep + (next() % (copy.length - keep));
      copy[i] ^= 1 << (next() % 8);
      at.push(i);
    }
    out.push({ name: `bits flipped at ${at.join(',')}`, bytes: copy });
  }
  return out;
}

/** A copy with a little-endian (le) or big-endian u32 written at `offset`. */
export function patch32(bytes: Uint8Array, offset: number, value: number, le: boolean): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value >>> 0, le);
  return copy;
}
