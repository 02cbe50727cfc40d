/**
 * The fuzzer's mutations: seeded, so a case is its (run seed, case number) alone and any
 * failure is regenerated from those two numbers. Mutations know the two packet formats' length
 * fields (pcap record lengths, pcapng block total lengths and captured lengths), because a
 * random bit flip almost never lands on the four bytes a reader trusts most.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { decodeTnet, type TnetValue } from '../../src/core/capture/mitmproxy/tnetstring';
import { encodeTnet } from './tnet';

/** mulberry32: 32-bit state, full period, fast; enough for choosing mutations. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** 0 <= n < max (max >= 1). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** One case's PRNG seed from the run seed and the case number (distinct cases, distinct streams). */
export function caseSeed(runSeed: number, index: number): number {
  let h = Math.imul(runSeed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Values a length field should never hold, and ones that are almost right. */
function badLength(rng: Rng, old: number): number {
  const absurd = [0, 1, 3, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffc, 0x10000, 0x40000, 0x1000000];
  if (rng.chance(0.5)) return rng.pick(absurd);
  const delta = rng.int(9) - 4 || 1;
  return (old + delta * (rng.chance(0.3) ? 4 : 1)) >>> 0;
}

function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Offsets of a classic pcap's record headers and its byte order, or null if not a pcap. */
export function pcapRecords(b: Uint8Array): { little: boolean; records: number[] } | null {
  if (b.length < 24) return null;
  const m = dv(b).getUint32(0, false);
  const little = m === 0xd4c3b2a1 || m === 0x4d3cb2a1;
  if (!little && m !== 0xa1b2c3d4 && m !== 0xa1b23c4d) return null;
  const records: number[] = [];
  for (let off = 24; off + 16 <= b.length && records.length < 100_000; ) {
    records.push(off);
    const incl = dv(b).getUint32(off + 8, little);
    if (incl > b.length) break;
    off += 16 + incl;
  }
  return { little, records };
}

/** Offsets of a pcapng's blocks (with each section's byte order), or null if not a pcapng. */
export function pcapngBlocks(b: Uint8Array): { off: number; little: boolean; type: number; len: number }[] | null {
  if (b.length < 28 || dv(b).getUint32(0, false) !== 0x0a0d0d0a) return null;
  const blocks: { off: number; little: boolean; type: number; len: number }[] = [];
  let little = true;
  for (let off = 0; off + 12 <= b.length && blocks.length < 100_000; ) {
    if (dv(b).getUint32(off, false) === 0x0a0d0d0a && off + 12 <= b.length) little = dv(b).getUint32(off + 8, true) === 0x1a2b3c4d;
    const type = dv(b).getUint32(off, little);
    const len = dv(b).getUint32(off + 4, little);
    blocks.push({ off, little, type, len });
    if (len < 12 || off + len > b.length) break;
    off += len;
  }
  return blocks;
}

/**
 * A position to damage: past the file header (24 bytes covers pcap's and most of pcapng's
 * section header) nine times in ten, since a damaged magic only ever meets the format probe.
 */
function position(rng: Rng, length: number): number {
  return length > 64 && rng.chance(0.9) ? 24 + rng.int(length - 24) : rng.int(length);
}

/** A mutation: the new bytes and what it did (for the reproducer's line). */
type Op = (rng: Rng, b: Uint8Array, other: () => Uint8Array) => { bytes: Uint8Array; what: string } | null;

const bitflip: Op = (rng, b) => {
  if (b.length === 0) return null;
  const out = b.slice();
  const n = 1 + rng.int(rng.chance(0.8) ? 4 : 64);
  for (let i = 0; i < n; i++) out[position(rng, out.length)] ^= 1 << rng.int(8);
  return { bytes: out, what: `bitflip x${n}` };
};

const byterun: Op = (rng, b) => {
  if (b.length === 0) return null;
  const out = b.slice();
  const at = position(rng, out.length);
  const len = Math.min(out.length - at, 1 + rng.int(rng.chance(0.7) ? 8 : 512));
  const value = rng.pick([0x00, 0xff, 0x7f, 0x80, 0x41, -1]);
  for (let i = 0; i < len; i++) out[at + i] = value < 0 ? rng.int(256) : value;
  return { bytes: out, what: `byterun @${at} len ${len} ${value < 0 ? 'random' : value}` };
};

/**
 * AFL's "interesting values" as a 1-, 2- or 4-byte field in either byte order: inside a packet
 * they land on IP, TCP, TLS, DNS and QUIC lengths and counts that a bit flip rarely makes absurd.
 */
const interesting: Op = (rng, b) => {
  const size = rng.pick([1, 2, 2, 4]);
  if (b.length < size) return null;
  const out = b.slice();
  const at = position(rng, out.length - size + 1);
  const values = size === 1 ? [0, 1, 0x7f, 0x80, 0xff, 0x10, 0x20, 0x40] : size === 2 ? [0, 1, 0x7fff, 0x8000, 0xffff, 0x100, 0x3fff, 0x4000, 0xfffe] : [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000, 0xfffffffe];
  const old = size === 1 ? out[at] : size === 2 ? dv(out).getUint16(at, false) : dv(out).getUint32(at, false);
  const max = 2 ** (8 * size);
  const value = rng.chance(0.7) ? rng.pick(values) : (old + (rng.int(33) - 16) + max) % max;
  const little = rng.chance(0.3);
  if (size === 1) out[at] = value;
  else if (size === 2) dv(out).setUint16(at, value, little);
  else dv(out).setUint32(at, value, little);
  return { bytes: out, what: `u${8 * size}${little ? 'le' : 'be'} @${at} = ${value}` };
};

const truncate: Op = (rng, b) => {
  if (b.length < 2) return null;
  const at = rng.chance(0.3) ? Math.max(0, b.length - 1 - rng.int(64)) : rng.int(b.length);
  return { bytes: b.subarray(0, at).slice(), what: `truncate @${at}` };
};

const duplicate: Op = (rng, b) => {
  if (b.length < 2) return null;
  const from = rng.int(b.length);
  const len = Math.min(b.length - from, 1 + rng.int(4096));
  const to = rng.int(b.length + 1);
  const out = new Uint8Array(b.length + len);
  out.set(b.subarray(0, to));
  out.set(b.subarray(from, from + len), to);
  out.set(b.subarray(to), to + len);
  return { bytes: out, what: `duplicate ${from}+${len} @${to}` };
};

const remove: Op = (rng, b) => {
  if (b.length < 2) return null;
  const from = rng.int(b.length);
  const len = Math.min(b.length - from, 1 + rng.int(256));
  const out = new Uint8Array(b.length - len);
  out.set(b.subarray(0, from));
  out.set(b.subarray(from + len), from);
  return { bytes: out, what: `remove ${from}+${len}` };
};

const pcapLength: Op = (rng, b) => {
  const p = pcapRecords(b);
  if (!p) return null;
  const out = b.slice();
  const v = dv(out);
  if (p.records.length === 0 || rng.chance(0.1)) {
    const field = rng.pick([16, 20]); // snaplen, linktype
    const value = field === 16 ? badLength(rng, v.getUint32(16, p.little)) : rng.int(300);
    v.setUint32(field, value, p.little);
    return { bytes: out, what: `pcap header @${field} = ${value}` };
  }
  const rec = rng.pick(p.records);
  const field = rng.pick([0, 4, 8, 8, 8, 12]); // ts_sec, ts_usec, incl_len (most), orig_len
  const value = field < 8 ? rng.pick([0xffffffff, 0x7fffffff, 0, 1_000_000, 999_999_999, 4_000_000_000]) : badLength(rng, v.getUint32(rec + field, p.little));
  v.setUint32(rec + field, value, p.little);
  return { bytes: out, what: `pcap record @${rec}+${field} = ${value}` };
};

const pcapngLength: Op = (rng, b) => {
  const blocks = pcapngBlocks(b);
  if (!blocks || blocks.length === 0) return null;
  const out = b.slice();
  const v = dv(out);
  const blk = rng.pick(blocks);
  const sane = blk.len >= 12 && blk.off + blk.len <= out.length;
  const choice = rng.int(6);
  if (choice <= 1 || !sane) {
    const value = badLength(rng, blk.len);
    v.setUint32(blk.off + 4, value, blk.little);
    return { bytes: out, what: `pcapng block @${blk.off} total length = ${value}` };
  }
  if (choice === 2) {
    const value = badLength(rng, blk.len);
    v.setUint32(blk.off + blk.len - 4, value, blk.little);
    return { bytes: out, what: `pcapng block @${blk.off} trailing length = ${value}` };
  }
  if (blk.type === 6 && blk.len >= 32 && choice === 3) {
    // EPB: interface id @8, timestamp high @12, low @16, captured @20, original @24
    const field = rng.pick([8, 12, 16, 20, 20, 24]);
    const value = field === 20 || field === 24 ? badLength(rng, v.getUint32(blk.off + field, blk.little)) : rng.pick([0xffffffff, 0x7fffffff, 1, 0x80000000, rng.int(2 ** 32)]);
    v.setUint32(blk.off + field, value, blk.little);
    return { bytes: out, what: `pcapng EPB @${blk.off}+${field} = ${value}` };
  }
  // Any 32-bit field inside the block body (options' lengths, IDB snaplen, SHB section length).
  if (blk.len <= 12) return null;
  const field = 8 + 4 * rng.int((blk.len - 12) / 4);
  const value = badLength(rng, v.getUint32(blk.off + field, blk.little));
  v.setUint32(blk.off + field, value, blk.little);
  return { bytes: out, what: `pcapng block @${blk.off}+${field} = ${value}` };
};

/** pcapng option lengths are 16-bit: a wrong one walks the options off the block. */
const pcapngOption: Op = (rng, b) => {
  const blocks = pcapngBlocks(b);
  if (!blocks) return null;
  const inner = blocks.filter((k) => k.len > 16 && k.off + k.len <= b.length);
  if (inner.length === 0) return null;
  const blk = rng.pick(inner);
  const out = b.slice();
  const at = blk.off + 8 + 2 * rng.int((blk.len - 12) / 2);
  const value = rng.pick([0, 1, 0xffff, 0x7fff, 0x8000, rng.int(0x10000)]);
  dv(out).setUint16(at, value, blk.little);
  return { bytes: out, what: `pcapng u16 @${at} = ${value}` };
};

const gzipWrap: Op = (rng, b) => {
  const z = gzipSync(b, { level: 1 });
  if (rng.chance(0.3)) {
    // A damaged stream: truncated, or a flipped byte in the deflate data or the trailer.
    if (rng.chance(0.5)) return { bytes: z.subarray(0, 10 + rng.int(Math.max(1, z.length - 10))).slice(), what: 'gzip truncated' };
    const at = rng.int(z.length);
    z[at] ^= 1 << rng.int(8);
    return { bytes: z, what: `gzip flip @${at}` };
  }
  return { bytes: z, what: 'gzip' };
};

const gzipTwice: Op = (_rng, b) => ({ bytes: gzipSync(gzipSync(b, { level: 1 }), { level: 1 }), what: 'gzip twice' });

const splice: Op = (rng, b, other) => {
  const o = other();
  if (b.length === 0 || o.length === 0) return null;
  const cut = rng.int(b.length);
  const from = rng.int(o.length);
  const len = Math.min(o.length - from, 1 + rng.int(64 * 1024));
  const out = new Uint8Array(cut + len);
  out.set(b.subarray(0, cut));
  out.set(o.subarray(from, from + len), cut);
  return { bytes: out, what: `splice @${cut} with ${from}+${len}` };
};

/** Values of the wrong type or range for any JSON field (HAR, App Privacy Report). */
function oddValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => null, () => 0, () => -1, () => 1e308, () => -1e308, () => 2 ** 53 + 1, () => 0.5, () => '', () => 'x',
    () => 'NaN', () => '-1', () => '9'.repeat(40), () => '\u0000', () => [], () => [null], () => ({}), () => true,
    () => 'A'.repeat(70_000), () => '2026-13-45T99:99:99Z', () => 'http://[::1', () => ({ a: { b: { c: [] } } }),
  ])();
}

/** One JSON value replaced, removed or retyped: a reader trusting a field's type throws. */
function mutateJson(rng: Rng, value: unknown): unknown {
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (slots.length > 20_000 || v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
    if (Array.isArray(v)) v.forEach((x, i) => (slots.push({ parent: v, key: i }), walk(x)));
    else for (const [k, x] of Object.entries(v)) slots.push({ parent: v as Record<string, unknown>, key: k }), walk(x);
  };
  walk(value);
  if (slots.length === 0) return oddValue(rng);
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) {
    const { parent, key } = rng.pick(slots);
    const old = (parent as Record<string | number, unknown>)[key];
    const how = rng.int(4);
    if (how === 0 && !Array.isArray(parent)) delete parent[key as string];
    else if (how === 1 && Array.isArray(old)) (parent as Record<string | number, unknown>)[key] = Object.fromEntries(old.map((x, j) => [j, x]));
    else if (how === 1 && typeof old === 'string') (parent as Record<string | number, unknown>)[key] = old.length > 1 ? old.slice(0, rng.int(old.length)) : [old];
    else (parent as Record<string | number, unknown>)[key] = oddValue(rng);
  }
  return value;
}

/** A HAR (one JSON document) or an NDJSON file (one line) with a field made wrong. */
const json: Op = (rng, b) => {
  const first = b.findIndex((c) => c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xef && c !== 0xbb && c !== 0xbf);
  if (first < 0 || (b[first] !== 0x7b && b[first] !== 0x5b) || b.length > 4 << 20) return null;
  const text = new TextDecoder().decode(b);
  const enc = (t: string) => new TextEncoder().encode(t);
  try {
    return { bytes: enc(JSON.stringify(mutateJson(rng, JSON.parse(text)), null, rng.chance(0.5) ? 1 : undefined)), what: 'json field' };
  } catch {
    const lines = text.split('\n');
    const i = rng.int(lines.length);
    try {
      lines[i] = JSON.stringify(mutateJson(rng, JSON.parse(lines[i])));
    } catch {
      return null;
    }
    return { bytes: enc(lines.join('\n')), what: `ndjson line ${i + 1}` };
  }
};

/** A mitmproxy dump (tnetstring flows) with a field of one flow made wrong, re-encoded. */
const tnet: Op = (rng, b) => {
  if (b.length < 4 || b[0] < 0x31 || b[0] > 0x39) return null;
  const flows: TnetValue[] = [];
  try {
    for (let at = 0; at < b.length && flows.length < 10_000; ) {
      const r = decodeTnet(b, at, b.length + 1);
      flows.push(r.value);
      at = r.next;
    }
  } catch {
    if (flows.length === 0) return null;
  }
  const i = rng.int(flows.length);
  flows[i] = mutateJson(rng, flows[i]) as TnetValue;
  const parts = flows.map((f) => encodeTnet(f));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return { bytes: out, what: `tnet flow ${i + 1}` };
};

const OPS: [string, Op, number][] = [
  ['tnet', tnet, 6],
  ['json', json, 6],
  ['bitflip', bitflip, 4],
  ['byterun', byterun, 3],
  ['interesting', interesting, 4],
  ['truncate', truncate, 2],
  ['duplicate', duplicate, 2],
  ['remove', remove, 1],
  ['pcap', pcapLength, 4],
  ['pcapng', pcapngLength, 4],
  ['pcapng-option', pcapngOption, 2],
  ['splice', splice, 1],
];
const WEIGHT = OPS.reduce((s, [, , w]) => s + w, 0);

function pickOp(rng: Rng): [string, Op] {
  let r = rng.int(WEIGHT);
  for (const [name, op, w] of OPS) {
    if (r < w) return [name, op];
    r -= w;
  }
  return [OPS[0][0], OPS[0][1]];
}

export interface Mutated {
  bytes: Uint8Array;
  /** What was done, in order. */
  ops: string[];
  /** The wrapped output is gzip (so the reproducer is named .gz). */
  gzip: boolean;
}

/**
 * One to four mutations of a seed file. A gzip seed is inflated first (mutating the deflate
 * stream alone only tests fflate) and re-wrapped most of the time; any file may be wrapped
 * (once or twice) at the end, as the app accepts a .gz of anything.
 */
export function mutate(rng: Rng, seed: Uint8Array, other: () => Uint8Array): Mutated {
  const ops: string[] = [];
  let bytes = seed;
  let wrapBack = false;
  if (seed.length > 2 && seed[0] === 0x1f && seed[1] === 0x8b) {
    try {
      bytes = gunzipSync(seed);
      wrapBack = rng.chance(0.8);
      ops.push('gunzip');
    } catch {
      bytes = seed;
    }
  }
  const n = 1 + rng.int(rng.chance(0.7) ? 2 : 4);
  for (let i = 0; i < n; i++) {
    // A format's own mutations do not apply to the others (null): draw again, else flip bits.
    for (let attempt = 0; ; attempt++) {
      const r = attempt < 8 ? pickOp(rng)[1](rng, bytes, other) : bitflip(rng, bytes, other);
      if (r) {
        bytes = r.bytes;
        ops.push(r.what);
      }
      if (r || attempt >= 8) break;
    }
  }
  let gzip = false;
  if (wrapBack || rng.chance(0.1)) {
    const r = rng.chance(0.05) ? gzipTwice(rng, bytes, other)! : gzipWrap(rng, bytes, other)!;
    bytes = r.bytes;
    ops.push(r.what);
    gzip = true;
  }
  return { bytes, ops, gzip };
}
