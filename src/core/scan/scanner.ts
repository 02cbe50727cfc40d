/**
 * LeakScanner: feeds every ScanInput through the wasm matcher, validates the candidates it
 * reports, decodes nested encodings (URL, base64, hex, base32, gzip/deflate) recursively and
 * folds the findings. The engine calls scan() per input as it streams, then findings().
 */
import type { Finding, FindingType, Profile } from '../report/types';
import type { ScanInput } from '../extract/types';
import { noCuts, type LayerCuts } from './layerCuts';
import {
  KIND_AT, KIND_DIGITS, KIND_LITERAL, KIND_MAC, KIND_WORD, MODE_HEADS, MODE_LITERALS, MODE_QUIET, MODE_RUNS, MODE_UPLOAD, WORD_B32L, WORD_B32U,
  WORD_B64, WORD_EQ, WORD_HEAD64, WORD_HEX, WORD_KNOWN, WORD_LETTER, type ResultVisitor, type ScannerWasm, type WasmLiteral,
} from './wasm';
import {
  bytesOf, formEncode, hasEscapes, headNotText, inflateAny, latin1, printableAtLeast, prefixNotText, printableShare, startsCompressed, surelyNotText, textOf,
  unbase32At, unbase64At, unhexAt, unurl,
} from './codecs';
import { DIGEST_PREFIX, expandProfile, profileRegion, type ProfileLiteral } from './expand';
import { DigestTokens, type DigestToken } from './hashed';
import { KEY_LITERALS, classifyKey, afterTelScheme, keyBefore, type KeyClass } from './keys';
import { FindingSet } from './findings';
import type { CountryCode } from './phone';
import { engineEnv } from './env';
import { ANCHORS, TAIL } from './userAgent';
import { inTokenObject } from './tokenObject';
import { netflixEsn } from '../identifiers/serial';
import { binaryAround } from './binary';
import { isPlaceholder } from '../identifiers/placeholders';
import { PlaceholderSightings } from './placeholderSightings';

import type { PlaceholderSighting } from '../report/types';
export type { PlaceholderSighting };
import { KINDS, kindOf, type AnyKind } from '../identifiers/registry';
import type { Confidence, DigitShape, EngineEnv, GroupedShape, KindMatch, TokenShape } from '../identifiers/kind';

/** Options beyond the profile. */
export interface LeakScannerOptions {
  /**
   * Region for national-form phone numbers. Default: what the profile says (expand.ts
   * profileRegion), else none — the report then places them from the capture's evidence
   * (report/phoneCountry.ts), never in a default country.
   */
  defaultRegion?: CountryCode;
  /** Nesting depth for decoded layers (URL, base64, hex, base32); gzip/zlib add none. Default MAX_DEPTH. */
  maxDepth?: number;
}

/**
 * Decoded layers scanned inside one another (issue 15: an IMEI under 6 layers was not found,
 * silently, at the old 4). 8, within the same byte budget per input (4x its size, at least
 * 1 MiB): a deeper layer costs only its own bytes, which the budget already bounds.
 */
export const MAX_DEPTH = 8;


type Literal =
  | { kind: 'profile'; lit: ProfileLiteral; len: number }
  | { kind: 'key'; type: FindingType; compound: boolean; len: number }
  | { kind: 'value'; type: FindingType; name: string; encoding: string; len: number }
  | { kind: 'anchor'; index: number; len: number };

/** Where the bytes being scanned came from: the input and the decoding layers above them. */
interface Ctx {
  input: ScanInput;
  /** Outermost first: 'url' | 'base64' | 'hex' | 'base32'. */
  layers: string[];
  /** For a URL-decoded buffer: the positions of bytes that came from an escape, ascending. */
  changed: Int32Array | null;
  depth: number;
}

/** Bytes around a decoded escape that a URL layer's scan covers (scanNearEscapes). */
const NEAR = 512;
/**
 * Candidate separators of those parts: LF, CR, ',', '<', '>', '[', ']', '{', '}'. None is a
 * digit-run, word-run, e-mail, MAC, key-name, quote or space byte.
 */
const SEPARATORS = [0x0a, 0x0d, 0x2c, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d];

// Values for nested decoding: a decoded layer shorter than this cannot hold an identifier.
const MIN_DECODED = 6;
const CONTEXT = 28;
/** 2016-07-13 23…, 2022/11/16: timestamps, not numbers. */
const DATE = /^(1[89]|20)\d\d[-/. ](0?[1-9]|1[0-2])[-/. ]\d{1,2}/;

// Lookup tables from the registry, built once: the hot path indexes them by length.
type DigitEntry = { type: FindingType; read: DigitShape['read'] };
type TokenEntry = { type: FindingType; shape: TokenShape; hexOnly: boolean; bare: Confidence | null };
/** Digit-run length -> the shapes of that length, registry order. */
const DIGIT_SHAPES: (DigitEntry[] | undefined)[] = [];
/** Token length -> the shapes of that length, registry order. */
const TOKEN_SHAPES: (TokenEntry[] | undefined)[] = [];
/** The lengths TOKEN_SHAPES reads in non-hex tokens (the wasm pass keeps word runs of these: MODE_QUIET). */
const SHAPE_LENGTHS: number[] = [];
/** Readers of grouped digit runs (phone numbers). */
const GROUPED: { type: FindingType; shape: GroupedShape }[] = [];
/** The type whose shapes find a type's values (a contact is found as a phone number). */
const SHAPE_TYPE = new Map<string, string>();
for (const kind of KINDS as readonly AnyKind[]) {
  SHAPE_TYPE.set(kind.type, kind.shapeOf ?? kind.type);
  for (const d of kind.digits ?? []) for (const n of d.lengths) (DIGIT_SHAPES[n] ??= []).push({ type: kind.type, read: d.read });
  const t = kind.tokens;
  if (t) {
    for (const n of t.lengths) {
      (TOKEN_SHAPES[n] ??= []).push({
        type: kind.type, shape: t, hexOnly: t.hexLengths?.includes(n) ?? false, bare: t.bare?.lengths.includes(n) ? t.bare.confidence : null,
      });
    }
  }
  if (kind.grouped) GROUPED.push({ type: kind.type, shape: kind.grouped });
}
// Quiet runs are not hex: only shapes that read other tokens too keep them.
TOKEN_SHAPES.forEach((shapes, n) => { if (shapes?.some((t) => !t.hexOnly)) SHAPE_LENGTHS.push(n); });
/** Shapes the wasm pass finds itself (assembly/scan.ts): colon-separated MACs, the '@' of addresses. */
const MAC = kindOf('mac')!;
const EMAIL = kindOf('email')!;

/** The literals of one profile plus the default key and carrier names, as the matcher takes them. */
interface LiteralSet {
  literals: Literal[];
  wasmLits: WasmLiteral[];
  /** Canonical profile value -> its type, so a shape match of a contact is called a contact. */
  profileTypes: Map<string, FindingType>;
  /** Bytes that end a part of a URL layer's scan (scanNearEscapes): 1 for a separator. */
  separators: Uint8Array;
  /** The same bytes as a list (for the wasm search). */
  separatorList: number[];
}

/**
 * Literal sets by profile, a few per thread: building one (expansion, three digests of every
 * spelling) took 50-100 ms per capture, paid again for every capture of a batch.
 */
const literalSets = new Map<string, LiteralSet>();

function literalSetFor(profile: Profile | undefined): LiteralSet {
  const key = JSON.stringify(profile ?? null);
  const known = literalSets.get(key);
  if (known) return known;
  const set: LiteralSet = { literals: [], wasmLits: [], profileTypes: new Map(), separators: new Uint8Array(256), separatorList: [] };
  const add = (l: Literal, bytes: Uint8Array, caseless: boolean) => {
    if (bytes.length < 4 || bytes.length > 255) return;
    set.literals.push(l);
    set.wasmLits.push({ bytes, caseless });
  };
  const push = (l: Literal, text: string, caseless: boolean) => add(l, bytesOf(caseless ? text.toLowerCase() : text), caseless);
  if (profile) {
    for (const lit of expandProfile(profile)) {
      // Caseless profile texts are lower-case already: one encoding serves the length and the table.
      const bytes = bytesOf(lit.text);
      add({ kind: 'profile', lit, len: bytes.length }, bytes, lit.caseless);
      set.profileTypes.set(`${SHAPE_TYPE.get(lit.type)}:${lit.value}`, lit.type);
    }
  }
  for (const k of KEY_LITERALS) push({ kind: 'key', type: k.type, compound: k.compound, len: k.text.length }, k.text, true);
  ANCHORS.forEach((m, index) => push({ kind: 'anchor', index, len: m.text.length }, m.text, m.caseless));
  for (const kind of KINDS as readonly AnyKind[]) {
    for (const name of kind.values?.(ENV) ?? []) {
      push({ kind: 'value', type: kind.type, name, encoding: 'plain', len: bytesOf(name).length }, name, false);
      for (const u of [formEncode(name), encodeURIComponent(name)]) {
        if (u !== name) push({ kind: 'value', type: kind.type, name, encoding: 'url', len: u.length }, u, false);
      }
    }
  }
  // Separators are never part of a literal (either case of a caseless one).
  for (const c of SEPARATORS) set.separators[c] = 1;
  for (const l of set.wasmLits) {
    for (const c of l.bytes) {
      set.separators[c] = 0;
      if (l.caseless) set.separators[c ^ 0x20] = 0;
    }
  }
  set.separatorList = SEPARATORS.filter((c) => set.separators[c] === 1);
  if (literalSets.size >= 4) literalSets.delete(literalSets.keys().next().value!);
  literalSets.set(key, set);
  return set;
}

/** The engine's tables for the kinds' known values (the region does not matter to them). */
const ENV = engineEnv('CN');

/** Every literal the matcher looks for with this profile (expanded profile, key names, carrier names): for benchmarks. */
export function matcherLiterals(profile: Profile | undefined): readonly WasmLiteral[] {
  return literalSetFor(profile).wasmLits;
}

/** Finds private identifiers in scan inputs; one instance per capture. */
export class LeakScanner {
  private readonly wasm: ScannerWasm;
  private readonly lits: LiteralSet;
  private readonly literals: Literal[];
  private set = new FindingSet();
  /** Keys of the findings in `set`. */
  private seen = new Set<string>();
  private readonly env: EngineEnv;
  private readonly maxDepth: number;
  private readonly profileTypes: Map<string, FindingType>;
  private budget = 0;
  /** Parts of a URL layer's scan (scanNearEscapes), [from, to) pairs. */
  private parts: number[] = [];
  /** Word runs of the layers being scanned (scanBytes), triples; wordTop: the next free slot. */
  private wordStack = new Int32Array(3 << 12);
  private wordTop = 0;
  private cuts = noCuts();
  private readonly sightings = new PlaceholderSightings();
  /** Digest-shaped tokens of uploads, for the second pass over hashed forms (scan/hashed.ts). */
  private digests = new DigestTokens();

  constructor(wasm: ScannerWasm, profile?: Profile, options: LeakScannerOptions = {}) {
    this.wasm = wasm;
    this.env = engineEnv(options.defaultRegion ?? profileRegion(profile));
    this.maxDepth = options.maxDepth ?? MAX_DEPTH;
    this.lits = literalSetFor(profile);
    this.literals = this.lits.literals;
    this.profileTypes = this.lits.profileTypes;
    // Owned by the literal set: scanners of the same profile on one instance share its tables.
    if (wasm.owner !== this.lits) wasm.setLiterals(this.lits.wasmLits, this.lits);
    wasm.setShapeLengths(SHAPE_LENGTHS);
  }

  /** Scans one input (any size); findings accumulate until findings(). */
  scan(input: ScanInput): void {
    if (input.bytes.length === 0) return;
    // Several scanners may share one wasm instance (one per worker): reload our literals.
    if (this.wasm.owner !== this.lits) this.wasm.setLiterals(this.lits.wasmLits, this.lits);
    this.budget = Math.max(1 << 20, input.bytes.length * 4);
    this.wordTop = 0;
    this.scanBytes(input.bytes, { input, layers: [], changed: null, depth: 0 });
  }

  /** All findings so far, duplicates folded (frames lists every frame that carried one). */
  findings(): Finding[] {
    return this.set.list();
  }

  /** Whether a finding or a placeholder so far is on this flow (since the last takeFindings). */
  flowHasFinding(id: number): boolean {
    return this.set.hasFlow(id) || this.sightings.hasFlow(id);
  }

  /** The findings so far, folded, and a fresh start (a scan worker answers batch by batch). */
  takeFindings(): Finding[] {
    const list = this.set.list();
    this.set = new FindingSet();
    this.seen = new Set<string>();
    return list;
  }

  /** The digest-shaped tokens of uploads so far (scan/hashed.ts HashedForms looks them up). */
  digestTokens(): DigestTokens {
    return this.digests;
  }

  /** The digest-shaped tokens so far, and a fresh start (with takeFindings, per batch). */
  takeDigestTokens(): { tokens: DigestToken[]; dropped: number } {
    const taken = { tokens: this.digests.list(), dropped: this.digests.dropped };
    this.digests = new DigestTokens();
    return taken;
  }

  /** Placeholder values met (emulator IMEIs, Android's 02:00:00:00:00:00…): not leaks, listed apart. */
  placeholders(): PlaceholderSighting[] {
    return this.sightings.list();
  }

  /** The placeholders met since the last call (a scan worker answers batch by batch). */
  takePlaceholders(): PlaceholderSighting[] {
    return this.sightings.take();
  }

  /** Layers left undecoded so far (the analysis warns `scan-depth-limit` / `scan-budget-limit`). */
  layerCuts(): LayerCuts {
    return this.cuts;
  }

  /** The cuts since the last call (a scan worker answers batch by batch). */
  takeLayerCuts(): LayerCuts {
    const taken = this.cuts;
    this.cuts = noCuts();
    return taken;
  }

  /** Number of distinct findings so far (for progress). */
  get count(): number {
    return this.set.size;
  }

  private scanBytes(bytes: Uint8Array, ctx: Ctx): void {
    // Compressed bytes (gzip/zlib) are transparent: same layers, same encoding.
    const inflated = this.budget > 0 ? inflateAny(bytes, this.budget) : null;
    if (inflated) {
      this.budget -= inflated.length;
      this.scanBytes(inflated, { ...ctx, changed: null });
      return;
    }
    const profileHits: { start: number; end: number; lit: ProfileLiteral }[] = [];
    // Word runs wait for the other results (report order); (start, end, info) triples on a
    // stack shared by the nested layers, which push above this layer's and pop back.
    const wordsFrom = this.wordTop;
    const visit = (kind: number, a: number, b: number, info: number) => {
      switch (kind) {
        case KIND_LITERAL: {
          const l = this.literals[b];
          if (l.kind === 'profile') profileHits.push({ start: a, end: a + l.len, lit: l.lit });
          else if (l.kind === 'key') this.onKey(bytes, a, a + l.len, l.type, l.compound, ctx);
          else if (l.kind === 'anchor') this.onAnchor(bytes, a, l.index, ctx);
          else this.report(ctx, bytes, a, a + l.len, l.type, l.name, l.encoding, 'pattern', 'low');
          break;
        }
        case KIND_DIGITS:
          // In a URL-decoded layer, a run the decoding left alone (and its neighbours) was
          // handled in the raw bytes already: every report from it would be filtered out.
          if (ctx.changed && !touches(ctx.changed, a - 3, b + 1)) break;
          this.onDigits(bytes, a, b, ctx);
          break;
        case KIND_WORD:
          if (ctx.changed && !touches(ctx.changed, a - 1, b + 1)) break;
          this.pushWord(a, b, info);
          break;
        case KIND_AT:
          this.onAt(bytes, a, ctx);
          break;
        case KIND_MAC: {
          if (ctx.changed && !touches(ctx.changed, a, b)) break;
          const m = MAC.canonical!(latin1(bytes, a, b));
          if (m) this.report(ctx, bytes, a, b, 'mac', m, 'plain', 'pattern', hasKey(bytes, a, 'mac') ? 'high' : 'medium');
          break;
        }
      }
    };
    if (ctx.changed && this.wasm.partsFit(bytes.length)) this.scanNearEscapes(bytes, ctx.changed, visit);
    // Heads counted and quiet word runs dropped in wasm only here: URL layers drop most runs
    // untouched before onToken.
    else {
      const quiet = ctx.changed ? 0 : MODE_HEADS | MODE_QUIET | (ctx.input.direction === 'upload' ? MODE_UPLOAD : 0);
      this.wasm.scan(bytes, MODE_LITERALS | MODE_RUNS | quiet, visit);
    }
    this.onProfileHits(bytes, profileHits, ctx);
    const wordsTo = this.wordTop;
    try {
      // Re-read the stack each time: a nested layer may grow it.
      for (let i = wordsFrom; i < wordsTo; i += 3) this.onWord(bytes, this.wordStack[i], this.wordStack[i + 1], this.wordStack[i + 2], ctx);
    } finally {
      this.wordTop = wordsFrom;
    }
    if (ctx.depth < this.maxDepth && !ctx.layers.includes('url')) this.tryUrlLayer(bytes, ctx);
  }

  private pushWord(a: number, b: number, info: number): void {
    if (this.wordTop + 3 > this.wordStack.length) {
      const grown = new Int32Array(this.wordStack.length * 2);
      grown.set(this.wordStack);
      this.wordStack = grown;
    }
    const w = this.wordStack;
    const t = this.wordTop;
    w[t] = a;
    w[t + 1] = b;
    w[t + 2] = info;
    this.wordTop = t + 3;
  }

  /**
   * The wasm scan of a URL-decoded layer, only where the decoding changed something: around
   * each decoded escape, NEAR bytes either side, widened to the layer's separators (line
   * breaks, , < > [ ] { }: bytes no literal, run, key, value reader or address contains).
   * Two thirds of the text bytes get a URL layer, and most of each is a copy of the raw bytes:
   * this scans about half of them (bench corpus). Identical results, because everything
   * outside these parts only repeats the raw layer: a candidate there lies between separators
   * more than NEAR bytes from any decoded escape, so every check the visitor makes (touches,
   * report's "untouched" rule; an address reaches 64 bytes back and 256 on, a key's value 96
   * on, a User-Agent anchor TAIL on, a profile hit 255 + 64) finds nothing the decoding
   * touched, and the reports that rule lets through (non-plain profile hits, placeholders)
   * are ones the raw layer made first on the same bytes. ScannerWasm.scanPart returns the
   * parts' results in the whole scan's order; parts closer than 256 bytes are one part.
   */
  private scanNearEscapes(bytes: Uint8Array, at: Int32Array, visit: ResultVisitor): void {
    const sep = this.lits.separators;
    const n = bytes.length;
    // The decoded layer is usually still in the wasm window (unurlIfEscaped): separators are
    // searched there 16 bytes at a time. Parts are all found before the first is scanned
    // (scanning overwrites the window).
    const w = this.wasm;
    const inWasm = w.holds(bytes);
    if (inWasm) w.setSeparators(this.lits.separatorList);
    const parts = this.parts;
    let np = 0;
    let pf = -1;
    let pt = -1;
    let prevTo = 0;
    for (let k = 0; k < at.length;) {
      let from = Math.max(prevTo, at[k] - NEAR);
      if (inWasm) from = w.prevSeparator(from, prevTo);
      else while (from > prevTo && !sep[bytes[from - 1]]) from--;
      let to = Math.min(n, at[k] + NEAR + 1);
      for (k++; ; k++) {
        if (inWasm) to = w.nextSeparator(to, n);
        else while (to < n && !sep[bytes[to]]) to++;
        if (k >= at.length || at[k] - NEAR > to) break;
        to = Math.max(to, Math.min(n, at[k] + NEAR + 1));
      }
      if (pf >= 0 && from < pt + 256) {
        pt = to;
      } else {
        if (pf >= 0) {
          parts[np++] = pf;
          parts[np++] = pt;
        }
        pf = from;
        pt = to;
      }
      prevTo = to;
    }
    if (pf >= 0) {
      parts[np++] = pf;
      parts[np++] = pt;
    }
    // Copied: a nested URL layer cannot happen inside this one, but keep the list our own.
    const list = parts.slice(0, np);
    for (let i = 0; i < np; i += 2) w.scanPart(bytes, list[i], list[i + 1], MODE_LITERALS | MODE_RUNS, visit);
  }

  // --- profile literals -------------------------------------------------------------------

  private onProfileHits(bytes: Uint8Array, hits: { start: number; end: number; lit: ProfileLiteral }[], ctx: Ctx): void {
    // A shorter spelling inside a longer one of the same value (national number inside E.164)
    // is the same occurrence: keep only the longest.
    hits.sort((x, y) => x.start - y.start || y.end - x.end);
    const kept: typeof hits = [];
    for (const h of hits) {
      const inside = kept.some((k) => k.lit.type === h.lit.type && k.lit.value === h.lit.value && k.start <= h.start && h.end <= k.end);
      if (!inside) kept.push(h);
    }
    for (const h of kept) {
      const end = h.lit.encoding === 'md5' || h.lit.encoding === 'sha1' || h.lit.encoding === 'sha256'
        ? extendDigest(bytes, h.end) : h.end;
      this.report(ctx, bytes, h.start, end, h.lit.type, h.lit.value, h.lit.encoding, 'profile', 'high');
    }
  }

  // --- digit runs ------------------------------------------------------------------------

  private onDigits(bytes: Uint8Array, a: number, b: number, ctx: Ctx): void {
    // Byte checks first: no strings are built for runs rejected by their neighbours.
    const intlEsc = a >= 3 && bytes[a - 3] === 0x25 && bytes[a - 2] === 0x32 && (bytes[a - 1] | 0x20) === 0x62;
    // Digits glued to letters belong to a token (hex digest, UUID, version string), not a number.
    if ((a > 0 && isAlnum(bytes[a - 1]) && !intlEsc) || (b < bytes.length && isAlnum(bytes[b]))) return;
    // The fraction of a decimal ("0.518483177293092", Math.random() in npm metadata) is not an id.
    if (a >= 2 && bytes[a - 1] === 0x2e && bytes[a - 2] >= 0x30 && bytes[a - 2] <= 0x39) return;
    const run = latin1(bytes, a, b);
    if (DATE.test(run)) return;
    const key = keyBefore(bytes, a);
    const kc = classifyKey(key);
    if (kc === 'negative') return;
    const groups = run.split(/[^0-9]+/).filter((g) => g.length > 0);
    const formSpaces = /\d\+\d/.test(run);
    const enc = intlEsc || formSpaces ? 'url' : 'plain';
    if (groups.length === 1 && !run.startsWith('+') && !intlEsc) {
      if (this.classifyDigits(groups[0], kc, bytes, a, b, ctx, key)) return;
    }
    // Grouped or international: a formatted phone number.
    const intl = run.startsWith('+') || intlEsc;
    const upload = ctx.input.direction === 'upload';
    for (let i = 0; i < GROUPED.length; i++) {
      const m = GROUPED[i].shape.read(groups, intl, kc, upload, this.env);
      // Found by shape alone: only in text (binary.ts).
      if (m && kc !== GROUPED[i].type && binaryAround(bytes, a, b)) return;
      if (m) return this.report(ctx, bytes, intlEsc ? a - 3 : a, b, GROUPED[i].type, m.value, enc, 'pattern', afterTelScheme(bytes, a) ? 'medium' : m.confidence, m);
    }
    this.eachGroup(groups, run, bytes, a, kc, ctx, key);
  }

  /** A list of numbers on one line ("13800138000 13900139000"): try each group alone. */
  private eachGroup(groups: string[], run: string, bytes: Uint8Array, a: number, kc: KeyClass, ctx: Ctx, key: string | null): void {
    if (groups.length < 2) return;
    let pos = 0;
    for (const g of groups) {
      const at = run.indexOf(g, pos);
      pos = at + g.length;
      if (g.length >= 10) this.classifyDigits(g, kc, bytes, a + at, a + at + g.length, ctx, key);
    }
  }

  /**
   * A bare digit token, read by the kinds' shapes of its length (IMEI, IMEISV, IMSI, ICCID,
   * national phone number): the shape of the kind its key names first, then the others in
   * registry order, until one claims it. False when none did.
   */
  private classifyDigits(d: string, kc: KeyClass, bytes: Uint8Array, a: number, b: number, ctx: Ctx, key: string | null): boolean {
    const shapes = DIGIT_SHAPES[d.length];
    if (!shapes) return false;
    // A known placeholder under its kind's key (the emulator's IMSI 310260000000000): listed apart.
    if (kc !== null && kc !== 'negative' && isPlaceholder(kc, d)) {
      this.placeholder(ctx, bytes, a, b, kc, d);
      return true;
    }
    const upload = ctx.input.direction === 'upload';
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < shapes.length; i++) {
        const s = shapes[i];
        if ((s.type === kc) !== (pass === 0)) continue;
        const m = s.read(d, kc, upload, this.env, key);
        if (m === undefined) continue;
        // Found by shape alone (no key naming the kind): only in text, never in pixel bytes (binary.ts).
        if (m && kc !== s.type && binaryAround(bytes, a, b)) return true;
        if (m) this.report(ctx, bytes, a, b, s.type, m.value, 'plain', 'pattern', s.type === 'phone' && afterTelScheme(bytes, a) ? 'medium' : m.confidence, m);
        return true;
      }
    }
    return false;
  }

  // --- word runs (hex, base64, base32, UUIDs, Android IDs) ---------------------------------

  private onWord(bytes: Uint8Array, a: number, b: number, info: number, ctx: Ctx): void {
    // A Netflix ESN (its '=' is part of it) is the device's serial.
    if (bytes[a] === 0x4e && bytes[a + 1] === 0x46 && b - a >= 12) this.onEsn(bytes, a, b, ctx);
    // Split "key=value" inside the run; each piece may be an identifier or an encoded layer.
    let s = a;
    let b64s = -1;
    let b64e = -1;
    if ((info & (WORD_KNOWN | WORD_EQ)) === WORD_KNOWN) {
      // No '=': one piece, whose alphabet the wasm pass already classified.
      if (this.onToken(bytes, a, b, ctx, info)) {
        b64s = a;
        b64e = b;
      }
      s = b + 1;
    }
    for (let i = s; i <= b; i++) {
      if (i === b || bytes[i] === 0x3d) {
        if (i > s && this.onToken(bytes, s, i, ctx)) {
          b64s = s;
          b64e = i;
        }
        s = i + 1;
      }
    }
    // The whole run as one base64 text (padding '=' or escaped "%3D" at its end), unless that
    // very text was just decoded as a piece.
    const body = paddedBase64(bytes, a, b);
    if (body && !(body[0] === b64s && body[1] === b64e)) this.tryBase64(bytes, body[0], body[1], ctx);
  }

  private onEsn(bytes: Uint8Array, a: number, b: number, ctx: Ctx): void {
    const esn = netflixEsn(latin1(bytes, a, b));
    if (esn) this.report(ctx, bytes, a, b, 'serial', esn, 'plain', 'pattern', 'medium');
  }

  /** One '='-free piece of a word run; true when it was decoded as base64. */
  private onToken(bytes: Uint8Array, a: number, b: number, ctx: Ctx, info = 0): boolean {
    const n = b - a;
    let all = 0;
    let any = 0;
    if (info & WORD_KNOWN) {
      all = (info & WORD_HEX ? T_HEX : 0) | (info & WORD_B32L ? T_B32L : 0) | (info & WORD_B32U ? T_B32U : 0) |
        (info & WORD_B64 ? T_B64 : 0);
      any = info & WORD_LETTER ? T_LETTER : 0;
    } else {
      // One table lookup per byte instead of regexes over a string.
      all = 0xff;
      for (let i = a; i < b; i++) {
        const f = TOKEN_CLASS[bytes[i]];
        all &= f;
        any |= f;
      }
    }
    const hex = (all & T_HEX) !== 0;
    const b32l = (all & T_B32L) !== 0;
    const b32u = (all & T_B32U) !== 0;
    const b64 = (all & T_B64) !== 0;
    const letter = (any & T_LETTER) !== 0;
    // Kept before the shapes: a 16-hex digest prefix has the shape of an Android ID.
    if (n >= DIGEST_PREFIX && n <= 64 && (hex || b64) && ctx.input.direction === 'upload') this.keepDigest(bytes, a, b, hex, ctx);
    // A token of a kind's shape (UUID, Android ID, MAC) is that kind's, reported or not: no layer.
    const shapes = TOKEN_SHAPES[n];
    if (shapes && this.onShapedToken(shapes, hex, bytes, a, b, ctx)) return false;
    // At the depth limit the trial decodes still run, only to count what is cut (tryLayer).
    if (n < 16) return false;
    // Trial decodes whose first bytes already fail tryLayer's text test are not made.
    if (hex && n % 2 === 0) {
      const d = surelyNotText(bytes, a, b, 4) || prefixNotText(bytes, a, b, 4) ? null : unhexAt(bytes, a, b, scratch(n));
      if (d) this.tryLayer(d, 'hex', ctx);
      return false;
    }
    if ((b32l || b32u) && !surelyNotText(bytes, a, b, 5) && !prefixNotText(bytes, a, b, 5)) {
      const d = unbase32At(bytes, a, b, scratch(n));
      if (d) this.tryLayer(d, 'base32', ctx);
    }
    if (b64 && letter) {
      const sure = info & WORD_HEAD64 ? headNotText((info >>> 8) & 15, n) : (b - a) % 4 !== 1 && surelyNotText(bytes, a, b, 6);
      if ((b - a) % 4 !== 1 && !sure) this.tryBase64(bytes, a, b, ctx);
      return true;
    }
    return false;
  }

  /**
   * Keeps a token that may be a digest (an MD5, SHA-1 or SHA-256 in hex, or in base64 of its
   * 16, 20 or 32 bytes) for the second pass. Whole digests anywhere; a digest cut short (>= 16
   * characters) only as a field's value. Base64 ones need both cases of letters (a digest's 22
   * characters lack one with odds of ~1e-5; words and numbers nearly always do) and one alphabet.
   */
  private keepDigest(bytes: Uint8Array, a: number, b: number, hex: boolean, ctx: Ctx): void {
    const n = b - a;
    if (!hex && n > 43) return;
    const whole = hex ? n === 32 || n === 40 || n === 64 : n === 22 || n === 27 || n === 43;
    if (!whole && keyBefore(bytes, a) === null) return;
    if (!hex && !base64Like(bytes, a, b)) return;
    const match = latin1(bytes, a, b);
    const text = hex ? match.toLowerCase() : match.replace(/-/g, '+').replace(/_/g, '/');
    const i = ctx.input;
    if (this.digests.seen(text, i.flow, i.protocol, i.frame)) return;
    const wrap = outerEncoding(ctx.layers, 'plain');
    this.digests.add({
      text, hex, wrap: wrap === 'plain' || wrap === 'url' ? null : wrap, flow: i.flow, protocol: i.protocol,
      frame: i.frame, frames: [i.frame], encryptedOnWire: i.encryptedOnWire, context: excerpt(bytes, a, b), match,
    });
  }

  /** The kinds' token shapes of this length: true when one had the shape (and was reported if its key allows). */
  private onShapedToken(shapes: TokenEntry[], hex: boolean, bytes: Uint8Array, a: number, b: number, ctx: Ctx): boolean {
    let text: string | null = null;
    for (let i = 0; i < shapes.length; i++) {
      const s = shapes[i];
      if (s.hexOnly && !hex) continue;
      text ??= latin1(bytes, a, b);
      const value = s.shape.canonical(text);
      if (value === null) continue;
      if (s.bare) this.report(ctx, bytes, a, b, s.type, value, 'plain', 'pattern', s.bare);
      else if (classifyKey(keyBefore(bytes, a)) === s.type) this.report(ctx, bytes, a, b, s.type, value, 'plain', 'pattern', s.shape.keyed);
      return true;
    }
    return false;
  }

  private tryBase64(bytes: Uint8Array, a: number, b: number, ctx: Ctx): void {
    if (prefixNotText(bytes, a, b, 6)) return;
    const d = unbase64At(bytes, a, b, scratch(b - a));
    if (d) this.tryLayer(d, 'base64', ctx);
  }

  /**
   * Scans decoded bytes as a new layer if they look like text or compressed data. `d` may be a
   * view of the shared decode scratch: it is copied only once it is accepted.
   */
  private tryLayer(d: Uint8Array, layer: string, ctx: Ctx): void {
    if (d.length < MIN_DECODED) return;
    if (!startsCompressed(d) && !printableAtLeast(d, 0.9)) return;
    if (ctx.depth >= this.maxDepth) return this.cut('depth', ctx);
    if (d.length > this.budget) return this.cut('budget', ctx);
    this.budget -= d.length;
    this.scanBytes(d.slice(), { input: ctx.input, layers: [...ctx.layers, layer], changed: null, depth: ctx.depth + 1 });
  }

  private cut(why: 'depth' | 'budget', ctx: Ctx): void {
    this.cuts[why]++;
    this.cuts.first ??= { flow: ctx.input.flow, frame: ctx.input.frame };
  }

  /** URL/form-decodes the whole buffer when it holds escapes, and scans the result once. */
  private tryUrlLayer(bytes: Uint8Array, ctx: Ctx): void {
    // Binary (TLS records, images) holds '%' and '+' by chance; only text is URL-encoded: a
    // printable share of 0.9 in the first 4 KiB. Decoded in wasm (SIMD skips the long
    // escape-free stretches; the share is counted there too), else here.
    const u = this.wasm.unurlIfEscaped(bytes, urlScratch(bytes.length), 0.9) ??
      (printableShare(bytes.subarray(0, 4096)) >= 0.9 && hasEscapes(bytes) ? { ...unurl(bytes), escapes: true } : null);
    if (!u?.escapes) return;
    const { bytes: dec, at } = u;
    if (dec.length < MIN_DECODED || dec.length > this.budget) return;
    this.budget -= dec.length;
    this.scanBytes(dec, { input: ctx.input, layers: [...ctx.layers, 'url'], changed: at, depth: ctx.depth + 1 });
  }

  /** A model after a User-Agent or Apple code anchor (scan/userAgent.ts), in uploaded text. */
  private onAnchor(bytes: Uint8Array, a: number, index: number, ctx: Ctx): void {
    if (ctx.input.direction !== 'upload') return;
    const m = ANCHORS[index].read(latin1(bytes, a, Math.min(bytes.length, a + TAIL)), a > 0 ? bytes[a - 1] : -1);
    if (m) this.report(ctx, bytes, a + m.start, a + m.end, 'model', m.value, 'plain', 'pattern', m.confidence);
  }

  // --- e-mail, key literals ----------------------------------------------------------------

  private onAt(bytes: Uint8Array, at: number, ctx: Ctx): void {
    let s = at;
    while (s > 0 && s > at - 64 && isLocalChar(bytes[s - 1])) s--;
    let e = at + 1;
    while (e < bytes.length && e < at + 256 && isDomainChar(bytes[e])) e++;
    while (e > at + 1 && (bytes[e - 1] === 0x2e || bytes[e - 1] === 0x2d)) e--;
    // A form-encoded address keeps its "%40" elsewhere; a local part starting with an escape is junk.
    while (s < at && !isAlnum(bytes[s])) s++;
    // report() would drop an address the URL decoding left alone; skip the string work.
    if (ctx.changed && !touches(ctx.changed, s, e)) return;
    const value = canonicalEmail(latin1(bytes, s, e));
    if (value !== null) this.report(ctx, bytes, s, e, EMAIL.type, value, 'plain', 'pattern', 'high');
  }

  private onKey(bytes: Uint8Array, a: number, b: number, type: FindingType, compound: boolean, ctx: Ctx): void {
    // The key must not be the tail of a longer word unless it is a compound (simOperatorName).
    if (isAlpha(bytes[a]) && a > 0 && isAlnum(bytes[a - 1]) && !compound) return;
    let i = b;
    if (isAlpha(bytes[b - 1])) while (i < bytes.length && isKeyChar(bytes[i])) i++;
    let jsonKey = false;
    if (bytes[b - 1] !== 0x3d) {
      // Expect `":`, `=`, `: ` after the key name.
      while (i < bytes.length && (bytes[i] === 0x22 || bytes[i] === 0x27 || bytes[i] === 0x20)) {
        if (bytes[i] === 0x22) jsonKey = true;
        i++;
      }
      if (bytes[i] !== 0x3a && bytes[i] !== 0x3d) return;
      jsonKey &&= bytes[i] === 0x3a;
      i++;
    }
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
    let quote = 0;
    if (bytes[i] === 0x22 || bytes[i] === 0x27) quote = bytes[i++];
    const vs = i;
    const kind = kindOf(type)!;
    const reader = kind.keys?.read;
    if (reader) {
      // The kind reads its own value (a latitude with its longitude): reported from the key on.
      const r = reader.value(latin1(bytes, vs, Math.min(bytes.length, vs + 96)));
      if (r) this.report(ctx, bytes, a, vs + r.length, type, r.value, 'plain', 'pattern', reader.confidence);
      return;
    }
    const limit = Math.min(bytes.length, vs + 64);
    while (i < limit && (quote ? bytes[i] !== quote : !isValueEnd(bytes[i]))) i++;
    if (i === vs || i === limit) return;
    const raw = bytes.subarray(vs, i);
    let enc = 'plain';
    let value = textOf(raw);
    if (!quote && /%[0-9A-Fa-f]{2}|\+/.test(value)) {
      value = textOf(unurl(raw).bytes);
      enc = 'url';
    }
    value = value.trim();
    if (value.length === 0 || value.length > 48 || /[<>{}\[\]\\]/.test(value)) return;
    if (isPlaceholder(type, value)) return this.placeholder(ctx, bytes, vs, i, type, value);
    if (kind.plausible && !kind.plausible(value, { bareJson: jsonKey && !quote })) return;
    // A token's fields (its serial number, next to its expiration) describe the token.
    if (inTokenObject(bytes, a)) return;
    this.report(ctx, bytes, vs, i, type, value, enc, 'pattern', 'medium');
  }

  // --- reporting ----------------------------------------------------------------------------

  private placeholder(ctx: Ctx, bytes: Uint8Array, start: number, end: number, type: string, value: string): void {
    if (!this.sightings.wants(type, value, ctx.input.flow)) return;
    this.sightings.add({ type, value, flow: ctx.input.flow, frame: ctx.input.frame, context: excerpt(bytes, start, end) });
  }

  private report(
    ctx: Ctx, bytes: Uint8Array, start: number, end: number, type: FindingType, value: string,
    innerEncoding: string, source: 'profile' | 'pattern', confidence: Confidence, placing?: Pick<KindMatch, 'national' | 'placedIn'>,
  ): void {
    // In a URL-decoded layer, a match untouched by the decoding was already seen in the raw bytes.
    if (ctx.changed && innerEncoding === 'plain' && !touches(ctx.changed, start, end)) return;
    if (source === 'pattern' && isPlaceholder(type, value)) return this.placeholder(ctx, bytes, start, end, type, value);
    const encoding = outerEncoding(ctx.layers, innerEncoding);
    if (source === 'pattern') {
      const pt = this.profileTypes.get(`${SHAPE_TYPE.get(type)}:${value}`);
      if (pt) type = pt;
    }
    const i = ctx.input;
    // Most reports repeat an earlier finding (the same address in every copy of a page), and
    // FindingSet keeps the first one's excerpt and match: build those strings only for a new
    // finding (same key as FindingSet's).
    const key = [type, value, encoding, i.flow, i.protocol, i.direction].join('\u0000');
    const fresh = !this.seen.has(key);
    if (fresh) this.seen.add(key);
    this.set.add({
      type, value, encoding, source,
      flow: i.flow, protocol: i.protocol, direction: i.direction, encrypted_on_wire: i.encryptedOnWire,
      host: null, country: null, frame: i.frame,
      context: fresh ? excerpt(bytes, start, end) : '',
      match: fresh ? printable(textOf(bytes.subarray(start, end)), 200) : '',
      confidence,
      // A national number's digits: the report gives it a country from evidence (report/phoneCountry.ts).
      ...(placing?.national ? { national: true } : {}),
      ...(placing?.placedIn ? { country_evidence: `national number; country ${placing.placedIn} from the profile` } : {}),
    }, key);
  }
}


/** The reported encoding: the outermost layer that is not URL escaping, else url, else plain. */
export function outerEncoding(layers: readonly string[], inner: string): string {
  const stack = [...layers, inner];
  const hiding = stack.find((e) => e !== 'url' && e !== 'plain');
  if (hiding) return hiding;
  return stack.includes('url') ? 'url' : 'plain';
}

/** Whether some byte in [start, end) came from an escape (`at`: ascending positions). */
function touches(at: Int32Array, start: number, end: number): boolean {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length && at[lo] < end;
}

function extendDigest(b: Uint8Array, end: number): number {
  let e = end;
  while (e < b.length && e < end + 64 && (isAlnum(b[e]) || b[e] === 0x2d || b[e] === 0x5f || b[e] === 0x2b || b[e] === 0x2f)) e++;
  return e;
}

function hasKey(b: Uint8Array, a: number, cls: KeyClass): boolean {
  return classifyKey(keyBefore(b, a)) === cls;
}

function excerpt(b: Uint8Array, start: number, end: number): string {
  const s = Math.max(0, start - CONTEXT);
  const e = Math.min(b.length, end + CONTEXT);
  return printable(textOf(b.subarray(s, e)), 160);
}

function printable(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f\ufffd]/g, '.');
  return t.length > max ? t.slice(0, max) + '…' : t;
}

/**
 * Whether b[a, e) can be one base64 text of random bytes: both cases of letters, and one
 * alphabet ('+' '/' or '-' '_', not a mix: "Apache-HttpClient/UNAVAILABLE" is a name).
 */
function base64Like(b: Uint8Array, a: number, e: number): boolean {
  let upper = false;
  let lower = false;
  let std = false;
  let safe = false;
  for (let i = a; i < e; i++) {
    const c = b[i];
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (c === 0x2b || c === 0x2f) std = true;
    else if (c === 0x2d || c === 0x5f) safe = true;
  }
  return upper && lower && !(std && safe);
}

function isAlpha(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}
function isAlnum(c: number): boolean {
  return isAlpha(c) || (c >= 0x30 && c <= 0x39);
}
function isKeyChar(c: number): boolean {
  return isAlnum(c) || c === 0x5f || c === 0x2e || c === 0x2d;
}
function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
}
function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 0x2e || c === 0x2d;
}
function isValueEnd(c: number): boolean {
  return c === 0x26 || c === 0x2c || c === 0x3b || c === 0x7d || c === 0x0d || c === 0x0a || c === 0x22 || c === 0x3c;
}

// Byte classes of word-run tokens (one lookup per byte in onToken).
const T_HEX = 1;
const T_B32L = 2;
const T_B32U = 4;
const T_B64 = 8;
const T_LETTER = 16;
const TOKEN_CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const l = c | 0x20;
  const alpha = l >= 0x61 && l <= 0x7a;
  const digit = c >= 0x30 && c <= 0x39;
  const b32d = c >= 0x32 && c <= 0x37;
  let f = 0;
  if (digit || (l >= 0x61 && l <= 0x66)) f |= T_HEX;
  if ((c >= 0x61 && c <= 0x7a) || b32d) f |= T_B32L;
  if ((c >= 0x41 && c <= 0x5a) || b32d) f |= T_B32U;
  if (alpha || digit || c === 0x2b || c === 0x2f || c === 0x5f || c === 0x2d) f |= T_B64;
  if (alpha) f |= T_LETTER;
  TOKEN_CLASS[c] = f;
}

/**
 * EMAIL.canonical (a pure function) by text: the same few addresses recur in every copy of a
 * page (npm metadata: each maintainer in every version), and its regexes were 2 % of the scan.
 */
const emailValues = new Map<string, string | null>();
function canonicalEmail(text: string): string | null {
  let v = emailValues.get(text);
  if (v === undefined) {
    v = EMAIL.canonical!(text);
    if (emailValues.size >= 4096) emailValues.clear();
    emailValues.set(text, v);
  }
  return v;
}

/**
 * Shared buffer for URL-decoded layers: at most one is being scanned at a time (a URL layer
 * gets none inside it), and nothing keeps its bytes (findings keep strings). A fresh array per
 * layer (two thirds of the text bytes) made most of the scanner's garbage.
 */
let urlBuf = new Uint8Array(1 << 20);
function urlScratch(inputLen: number): Uint8Array {
  if (urlBuf.length < inputLen && inputLen <= 16 << 20) urlBuf = new Uint8Array(inputLen * 2);
  return urlBuf;
}

/** Shared output buffer for trial decodes (rejected layers allocate nothing). */
let scratchBuf = new Uint8Array(1 << 16);
function scratch(inputLen: number): Uint8Array {
  if (scratchBuf.length < inputLen) scratchBuf = new Uint8Array(inputLen * 2);
  return scratchBuf;
}

function isB64Byte(c: number): boolean {
  const l = c | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x5f || c === 0x2d;
}

/**
 * /^(?:[A-Za-z0-9_.-]{1,32}=)?([A-Za-z0-9+/_-]{16,})((?:=|%3[dD]){0,2})$/ over b[a, e) with a
 * non-empty padding group: the [start, end) of the base64 body, else null.
 */
function paddedBase64(b: Uint8Array, a: number, e: number): [number, number] | null {
  // A non-empty padding group ends the text with '=' or "%3D": most runs fail here at once.
  const last = b[e - 1];
  if (last !== 0x3d && !((last | 0x20) === 0x64 && b[e - 2] === 0x33 && b[e - 3] === 0x25)) return null;
  // With the key prefix: it ends at the first '=' (its class has no '='), 1..32 key bytes.
  // The first alternative that matches decides, even with empty padding (as the regex would).
  let k = a;
  while (k < e && k - a <= 32 && (isAlnum(b[k]) || b[k] === 0x5f || b[k] === 0x2e || b[k] === 0x2d)) k++;
  if (k < e && b[k] === 0x3d && k > a && k - a <= 32) {
    const m = bodyAndPad(b, k + 1, e);
    if (m) return m[2] > 0 ? [m[0], m[1]] : null;
  }
  const m = bodyAndPad(b, a, e);
  return m && m[2] > 0 ? [m[0], m[1]] : null;
}

/** Body of >= 16 base64 bytes from s, then 0..2 of '=' / "%3D" up to e: [s, bodyEnd, pads]. */
function bodyAndPad(b: Uint8Array, s: number, e: number): [number, number, number] | null {
  let i = s;
  while (i < e && isB64Byte(b[i])) i++;
  if (i - s < 16) return null;
  const bodyEnd = i;
  let pads = 0;
  while (i < e && pads < 2) {
    if (b[i] === 0x3d) i++;
    else if (b[i] === 0x25 && i + 2 < e && b[i + 1] === 0x33 && (b[i + 2] | 0x20) === 0x64) i += 3;
    else break;
    pads++;
  }
  return i === e ? [s, bodyEnd, pads] : null;
}
