// Bench-only floors: the least work a pass over the input can do, to put the scanner's MB/s
// and the memory-copy baseline in proportion (docs/benchmarks.md). Not used by scanning.
//   level 0: load every 16-byte vector, OR them together (a read-only pass);
//   level 1: the byte classification every candidate search here needs (two nibble-table
//            swizzles and an AND per vector, as runs.ts) and a bitmask + popcnt per vector;
//   level 2: level 1 + Teddy's three nibble-table pairs (six swizzles per vector, as literals.ts).
// Four vectors per step with independent sums: unrolled, level 1 ran at 1.0x a copy where the
// plain loop ran at 0.3-0.7x (the scanner's own loop is 64 bytes per step too).
import { inputPtr } from './layout';
import { CLASS_LO, CLASS_HI } from './runs';
import { TL0, TH0, TL1, TH1, TL2, TH2 } from './literals';

@inline function classBits(v: v128, nib: v128): u32 {
  const c = v128.and(
    i8x16.swizzle(CLASS_LO, v128.and(v, nib)),
    i8x16.swizzle(CLASS_HI, i8x16.shr_u(v, 4)));
  return popcnt(<u32>i8x16.bitmask(c));
}

@inline function teddyBits(v: v128, nib: v128): u32 {
  const lo = v128.and(v, nib);
  const hi = i8x16.shr_u(v, 4);
  const t0 = v128.and(i8x16.swizzle(TL0, lo), i8x16.swizzle(TH0, hi));
  const t1 = v128.and(i8x16.swizzle(TL1, lo), i8x16.swizzle(TH1, hi));
  const t2 = v128.and(i8x16.swizzle(TL2, lo), i8x16.swizzle(TH2, hi));
  return <u32>i8x16.bitmask(v128.and(v128.and(t0, t1), t2));
}

@inline function step(p: usize, level: u32, nib: v128): u32 {
  const v = v128.load(p);
  if (level == 0) return <u32>i32x4.extract_lane(v, 0);
  const c = classBits(v, nib);
  return level == 1 ? c : c + teddyBits(v, nib);
}

export function floorPass(len: u32, level: u32): u32 {
  let a: u32 = 0, b: u32 = 0, c: u32 = 0, d: u32 = 0;
  const end = inputPtr + (len & ~63);
  const nib = i8x16.splat(0x0f);
  for (let p = inputPtr; p < end; p += 64) {
    a ^= step(p, level, nib);
    b ^= step(p + 16, level, nib);
    c ^= step(p + 32, level, nib);
    d ^= step(p + 48, level, nib);
  }
  return a + b + c + d;
}
