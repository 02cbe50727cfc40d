// Fixed memory layout, decided once by setup(): every region is reused by every scan, so the
// scanner never allocates (runtime stub) and never grows memory after setup.

/** Bits of the literal prefilter: 2^20 bits = 128 KiB, ~1% occupancy for a few thousand literals. */
export const FILTER_BITS: u32 = 20;
/** Bucket heads for verification chains, indexed by the top bits of the same hash. */
export const HEAD_BITS: u32 = 16;
/** Chain terminator. */
export const NONE: u32 = 0xffffffff;
/** Bytes per result: kind, a, b (u32 each). */
export const RESULT_BYTES: u32 = 12;
/** Bytes per chain entry: folded 4-gram, literal id | offset << 24, next. */
export const ENTRY_BYTES: u32 = 12;
/** Short literals the SIMD prefilter (Teddy) takes; more than this go to the sampled hash. */
export const MAX_SHORT: u32 = 64;
/** Bytes per Teddy bucket entry: literal id, its first 4 bytes (folded when caseless), fold mask. */
export const TEDDY_ENTRY: u32 = 12;
/** Teddy region: 6 nibble masks (96 B), 16 B scratch, 8 bucket counts, 8 x MAX_SHORT entries, 32 B state. */
export const TEDDY_BYTES: u32 = 128 + 8 * MAX_SHORT * TEDDY_ENTRY + 32;

export let filterPtr: usize = 0;
export let headsPtr: usize = 0;
export let entriesPtr: usize = 0;
export let maxEntries: u32 = 0;
export let teddyPtr: usize = 0;
export let litTabPtr: usize = 0;
export let maxLits: u32 = 0;
export let litDataPtr: usize = 0;
export let litDataCap: u32 = 0;
export let resultsPtr: usize = 0;
export let maxResults: u32 = 0;
export let inputPtr: usize = 0;
export let inputCap: u32 = 0;

/** Lays out the regions and grows memory once; returns false when memory cannot grow. */
export function layout(inCap: u32, resCap: u32, litCap: u32, litBytes: u32): bool {
  let p: usize = (__heap_base + 63) & ~(<usize>63);
  filterPtr = p; p += (<usize>1 << FILTER_BITS) >> 3;
  headsPtr = p; p += (<usize>1 << HEAD_BITS) << 2;
  maxEntries = litCap * 16; entriesPtr = p; p += <usize>maxEntries * ENTRY_BYTES;
  teddyPtr = p; p += TEDDY_BYTES;
  maxLits = litCap; litTabPtr = p; p += <usize>litCap * 8;
  litDataCap = litBytes; litDataPtr = p; p += (<usize>litBytes + 63) & ~(<usize>63);
  maxResults = resCap; resultsPtr = p; p += <usize>resCap * RESULT_BYTES;
  // 192 spare bytes: the SIMD pass reads whole 64-byte blocks, a look-ahead block and +2.
  inputCap = inCap; inputPtr = p; p += (<usize>inCap + 255) & ~(<usize>63);
  const need = <i32>((p + 0xffff) >> 16);
  const have = memory.size();
  if (need > have && memory.grow(need - have) < 0) return false;
  return true;
}
