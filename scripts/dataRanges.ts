/** Range-table compaction for update-data: nested ranges resolved, gaps kept, runs merged. */
import { ByteWriter } from '../src/core/enrich/format';

/** One CSV row: inclusive range and a value index (>= 1; 0 is reserved for "no data"). */
export interface Range {
  start: bigint;
  end: bigint;
  value: number;
}

/** A change point: from `start` on, until the next segment, addresses have `value` (0 = none). */
export interface Segment {
  start: bigint;
  value: number;
}

/**
 * Flattens ranges into change points. The npm CSVs contain nested ranges (a /22 with a /29
 * inside carrying another country, about 7,000 in IPv4); the innermost range wins, as a
 * longest-prefix match would, and the outer range resumes after it.
 */
export function flatten(ranges: Range[]): Segment[] {
  const sorted = ranges.slice().sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end > b.end ? -1 : a.end < b.end ? 1 : 0));
  const out: Segment[] = [];
  const stack: Range[] = [];
  let cur = -1n; // first address not yet emitted; -1 until the first range
  const flushTo = (x: bigint): void => {
    if (cur < 0n) cur = x;
    if (x <= cur) return;
    // The top of the stack covers [cur, x): it started before cur and ends at or after x - 1.
    push(out, cur, stack.length ? stack[stack.length - 1].value : 0);
    cur = x;
  };
  // Emits the top range up to its end, then drops it (flush first: the value comes from the top).
  const close = (): void => {
    flushTo(stack[stack.length - 1].end + 1n);
    stack.pop();
  };
  for (const r of sorted) {
    while (stack.length && stack[stack.length - 1].end < r.start) close();
    flushTo(r.start);
    stack.push(r);
  }
  while (stack.length) close();
  push(out, cur, 0);
  return out;
}

function push(out: Segment[], start: bigint, value: number): void {
  const last = out[out.length - 1];
  if (last && last.value === value) return;
  if (last && last.start === start) {
    last.value = value;
    return;
  }
  out.push({ start, value });
}

/**
 * Re-keys IPv6 segments by /64 prefix: each prefix takes the value of its first address, so a
 * range narrower than a /64 (geofeeds have a few thousand) only counts if it holds that address.
 */
export function toPrefix64(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  const unit = 1n << 64n;
  for (let i = 0; i < segs.length; i++) {
    const first = (segs[i].start + unit - 1n) / unit;
    const next = i + 1 < segs.length ? (segs[i + 1].start + unit - 1n) / unit : first + 1n;
    if (next > first && first < unit) push(out, first, segs[i].value);
  }
  return out;
}

/** Writes a v4 table: count, start deltas, values. */
export function writeV4(w: ByteWriter, segs: Segment[]): void {
  // The closing "no data" point after 255.255.255.255 would not fit in 32 bits.
  segs = segs.filter((s) => s.start <= 0xffffffffn);
  w.u32(segs.length);
  let prev = 0n;
  for (const s of segs) {
    w.u32(Number(s.start - prev));
    prev = s.start;
  }
  for (const s of segs) w.u32(s.value);
}

/** Writes a v6 table keyed by 64-bit prefix: count, high-half deltas, low halves, values. */
export function writeV6(w: ByteWriter, segs: Segment[]): void {
  w.u32(segs.length);
  let prev = 0n;
  for (const s of segs) {
    const hi = s.start >> 32n;
    w.u32(Number(hi - prev));
    prev = hi;
  }
  for (const s of segs) w.u32(Number(s.start & 0xffffffffn));
  for (const s of segs) w.u32(s.value);
}

/** Rows of an ip-location-db "-num" CSV: start, end, then the remaining fields unquoted. */
export function parseCsv(text: string): { start: bigint; end: bigint; fields: string[] }[] {
  const rows: { start: bigint; end: bigint; fields: string[] }[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    rows.push({ start: BigInt(line.slice(0, a)), end: BigInt(line.slice(a + 1, b)), fields: splitFields(line.slice(b + 1)) });
  }
  return rows;
}

// Only the organisation field is ever quoted ("Cloudflare, Inc."), with "" for a quote.
function splitFields(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      let v = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) throw new Error(`unterminated quote: ${s}`);
        v += s.slice(j, q);
        if (s[q + 1] === '"') {
          v += '"';
          j = q + 2;
        } else {
          i = q + 2;
          break;
        }
      }
      out.push(v);
    } else {
      const c = s.indexOf(',', i);
      const end = c < 0 ? s.length : c;
      out.push(s.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}
