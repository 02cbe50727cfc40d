// Separator searches for the parts of a URL layer's scan (scanner.ts scanNearEscapes): the
// decoded layer is still in the input window after unurl, and walking it byte by byte in
// JavaScript to the separators around each escape was ~5 % of the end-to-end scan.
import { inputPtr } from './layout';

/** The separator bytes, 9 slots (unused ones repeat a used one); 0 used: none. */
const seps: usize = memory.data(16);
let sepCount: u32 = 0;

/** Sets the separators: up to 9 bytes packed low byte first in a, b (4 each) and c (1). */
export function setSeparators(n: u32, a: u32, b: u32, c: u32): void {
  sepCount = n < 9 ? n : 9;
  store<u32>(seps, a);
  store<u32>(seps + 4, b);
  store<u32>(seps + 8, c);
  for (let i = sepCount; i < 9; i++) store<u8>(seps + i, load<u8>(seps));
}

@inline function sepMask(p: usize): u32 {
  const v = v128.load(p);
  let m = i8x16.eq(v, v128.load8_splat(seps));
  m = v128.or(m, i8x16.eq(v, v128.load8_splat(seps + 1)));
  m = v128.or(m, i8x16.eq(v, v128.load8_splat(seps + 2)));
  m = v128.or(m, i8x16.eq(v, v128.load8_splat(seps + 3)));
  m = v128.or(m, i8x16.eq(v, v128.load8_splat(seps + 4)));
  m = v128.or(m, i8x16.eq(v, v128.load8_splat(seps + 5)));
  m = v128.or(m, i8x16.eq(v, v128.load8_splat(seps + 6)));
  m = v128.or(m, i8x16.eq(v, v128.load8_splat(seps + 7)));
  m = v128.or(m, i8x16.eq(v, v128.load8_splat(seps + 8)));
  return <u32>i8x16.bitmask(m);
}

/** The first i in [pos, len) with input[i] a separator, else len. */
export function sepForward(pos: u32, len: u32): u32 {
  if (sepCount == 0) return len;
  for (let p = pos; p < len; p += 16) {
    let m = sepMask(inputPtr + p);
    if (len - p < 16) m &= (1 << (len - p)) - 1;
    if (m != 0) return p + ctz(m);
  }
  return len;
}

/** The last i in [floor, pos) with input[i] a separator, plus 1; else floor. */
export function sepBackward(pos: u32, floor: u32): u32 {
  if (sepCount == 0) return floor;
  let p = pos;
  while (p > floor) {
    // Lanes p - 16 .. p - 1; lanes below floor masked off (the load may start before the window).
    const s = p >= 16 ? p - 16 : 0;
    let m = sepMask(inputPtr + s) & ((<u32>1 << (p - s)) - 1);
    if (s < floor) m &= ~((<u32>1 << (floor - s)) - 1);
    if (m != 0) return s + (31 - clz(m)) + 1;
    p = s;
  }
  return floor;
}
