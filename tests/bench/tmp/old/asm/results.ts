// The output array: (kind, a, b) triples in wasm memory, read by JavaScript after a scan.
import { resultsPtr, maxResults, RESULT_BYTES } from './layout';

/** A profile or key literal matched: a = start, b = literal id. */
export const KIND_LITERAL: u32 = 1;
/** Digits with single separators between them (phone-like), >= 7 digits: [a, b). */
export const KIND_DIGITS: u32 = 2;
/** A run of >= 16 base64/hex/base32/URL-escape characters: [a, b). */
export const KIND_WORD: u32 = 3;
/** An '@' at a (e-mail candidate). */
export const KIND_AT: u32 = 4;
/** A colon-separated MAC address starting at a. */
export const KIND_MAC: u32 = 5;

export let resultCount: u32 = 0;
export let overflowed: bool = false;

/** Empties the output array before a scan. */
export function resetResults(): void {
  resultCount = 0;
  overflowed = false;
}

/** Appends one result; drops it (and flags overflow) when the array is full. */
@inline
export function emit(kind: u32, a: u32, b: u32): void {
  if (resultCount >= maxResults) {
    overflowed = true;
    return;
  }
  const p = resultsPtr + <usize>resultCount * RESULT_BYTES;
  store<u32>(p, kind);
  store<u32>(p, a, 4);
  store<u32>(p, b, 8);
  resultCount++;
}
