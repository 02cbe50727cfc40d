/** Undoing HTTP content codings (gzip, deflate as zlib or raw, br), bounded in output size. */
import { Gunzip, Inflate, Unzlib } from 'fflate';
import { decompress as brotliDecompress } from 'brotli/decompress';

/** Largest decoded body we keep (bytes); beyond it the raw bytes are scanned instead. */
export const MAX_DECODED = 16 * 1024 * 1024;

export interface DecodeResult {
  bytes: Uint8Array;
  /** Codings that were undone, outermost last as listed in the header. */
  undone: string[];
  /** Why decoding stopped early or failed, if it did. */
  error: string | null;
  /** True when output hit `limit` and was cut. */
  truncated: boolean;
}

class Stop extends Error {}

type Streamer = { ondata: (c: Uint8Array, final: boolean) => void; push(c: Uint8Array, final?: boolean): void };

/** Runs an fflate stream decoder in slices so it can be stopped as soon as `limit` is reached. */
function runStream(dec: Streamer, input: Uint8Array, limit: number): { out: Uint8Array; truncated: boolean; error: string | null } {
  const parts: Uint8Array[] = [];
  let n = 0;
  let truncated = false;
  let ended = false;
  dec.ondata = (c, final) => {
    if (final) ended = true;
    const room = limit - n;
    if (c.length > room) {
      parts.push(c.subarray(0, room));
      n = limit;
      truncated = true;
      throw new Stop();
    }
    parts.push(c);
    n += c.length;
  };
  let error: string | null = null;
  try {
    const STEP = 32 * 1024;
    for (let i = 0; i < input.length; i += STEP) dec.push(input.subarray(i, i + STEP), i + STEP >= input.length);
    if (input.length === 0) dec.push(new Uint8Array(0), true);
  } catch (e) {
    if (!(e instanceof Stop)) error = e instanceof Error ? e.message : String(e);
  }
  if (!error && !truncated && !ended) error = 'compressed data ends early';
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { out, truncated, error };
}

/** 'deflate' in HTTP should be zlib-wrapped, but many servers send raw deflate: sniff the header. */
function isZlibHeader(b: Uint8Array): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && ((b[0] << 8) | b[1]) % 31 === 0;
}

function brotli(input: Uint8Array, limit: number): { out: Uint8Array; truncated: boolean; error: string | null } {
  // The decoder writes into a fixed buffer and throws when it is too small: grow it, capped.
  let size = Math.min(limit, Math.max(64 * 1024, input.length * 8));
  for (;;) {
    try {
      return { out: brotliDecompress(input, size), truncated: false, error: null };
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (!/not large enough/.test(msg)) return { out: new Uint8Array(0), truncated: false, error: msg };
      if (size >= limit) return { out: new Uint8Array(0), truncated: true, error: 'decoded body larger than the limit' };
      size = Math.min(limit, size * 4);
    }
  }
}

/** Undoes a Content-Encoding list (e.g. ['gzip']) on `body`; unknown codings stop decoding. */
export function decodeContent(body: Uint8Array, codings: string[], limit = MAX_DECODED): DecodeResult {
  let cur = body;
  const undone: string[] = [];
  // Codings are listed in the order applied, so undo them from the last.
  for (let i = codings.length - 1; i >= 0; i--) {
    const c = codings[i];
    let r: { out: Uint8Array; truncated: boolean; error: string | null };
    if (c === 'identity' || c === '') continue;
    if (c === 'gzip' || c === 'x-gzip') r = runStream(new Gunzip() as unknown as Streamer, cur, limit);
    else if (c === 'deflate') r = runStream((isZlibHeader(cur) ? new Unzlib() : new Inflate()) as unknown as Streamer, cur, limit);
    else if (c === 'br') r = brotli(cur, limit);
    else return { bytes: cur, undone, error: `unsupported content coding '${c}'`, truncated: false };
    if (r.error && r.out.length === 0) return { bytes: cur, undone, error: `${c}: ${r.error}`, truncated: r.truncated };
    undone.push(c);
    cur = r.out;
    if (r.error || r.truncated) return { bytes: cur, undone, error: r.error ? `${c}: ${r.error}` : null, truncated: r.truncated };
  }
  return { bytes: cur, undone, error: null, truncated: false };
}
