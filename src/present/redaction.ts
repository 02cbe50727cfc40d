/**
 * Redaction for what is published: from a report's findings (and the person's profile, when
 * there is one) the set of sensitive spellings is computed once, and any string is masked
 * against all of them. Every "for sharing" export (HTML, CSV, JSON) and the widget's redacted
 * modes use this one module, so a value hidden in its own row cannot show in a neighbour's
 * context, a URI or a host name.
 *
 * The spellings of a value: as written (and as the finding matched it), URL- and form-encoded,
 * JSON-escaped, base64 (standard, URL-safe, %-escaped) and base32 for each byte alignment (only
 * the characters that depend on the value alone), hex in either case; phone numbers and MAC
 * addresses with any separators between digits; coordinates as numbers with 3+ decimals. Digests
 * are hidden as the findings saw them (their `match`). Matching ignores case.
 *
 * Light on purpose (no phone library, no engine code): the widget bundles it.
 */
import type { Finding } from '../core/report/types';

/** The profile as far as redaction reads it: strings per key, locations as {lat, lon}. */
export type RedactionProfile = Partial<Record<string, readonly unknown[]>>;

/** Shortest spelling worth masking: shorter ones would hide unrelated text. */
const MIN_SPELLING = 4;
/** Shortest piece of a spelling cut off at an excerpt's edge that is still masked. */
const MIN_EDGE = 4;
/** Kept in masks so a value keeps its shape (+86 •••, ••:••:…, •••@•••.•••). */
const SEPARATOR = /[\s:.,\-@+_/()]/;

export interface Redactor {
  /** The literal spellings (lower case, longest first), for tests and diagnostics. */
  readonly spellings: readonly string[];
  /** Which UTF-16 units of `text` belong to a sensitive spelling. `excerpt`: also pieces cut off at either end. */
  hidden(text: string, excerpt?: boolean): Uint8Array;
  /** `text` with every sensitive spelling masked, one dot per character (separators kept): same length. */
  mask(text: string, excerpt?: boolean): string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  return s;
}

function base32(b: Uint8Array): string {
  let s = '';
  let bits = 0;
  let acc = 0;
  for (const x of b) {
    acc = (acc << 8) | x;
    bits += 8;
    while (bits >= 5) {
      s += B32[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return bits ? s + B32[(acc << (5 - bits)) & 31] : s;
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/**
 * The characters of base-N text that depend only on the value, for each byte alignment: a value
 * inside a longer encoded blob shows exactly one of these.
 */
function alignedCores(b: Uint8Array, encode: (x: Uint8Array) => string, group: number, bitsPerChar: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < group; k++) {
    const padded = new Uint8Array(k + b.length + group);
    padded.set(b, k);
    const start = Math.ceil((8 * k) / bitsPerChar);
    const end = Math.floor((8 * (k + b.length)) / bitsPerChar);
    if (end > start) out.push(encode(padded).slice(start, end));
  }
  return out;
}

const encoder = new TextEncoder();

/** URL and form encodings (none for text with a lone surrogate, which encodeURIComponent refuses). */
function urlForms(s: string): string[] {
  const out = [s.replace(/ /g, '+'), s.replace(/ /g, '%20')];
  try {
    const url = encodeURIComponent(s);
    out.push(url, url.replace(/%20/g, '+'), encodeURI(s));
  } catch {
    /* lone surrogate */
  }
  return out;
}

const uEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON's escapes: quotes and backslashes, `\/`, `\uXXXX` past ASCII, `\uXXXX` for every
 * punctuation mark (Gson's HTML-safe style: \u003d, \u0040, \u002b), and each of these once
 * more escaped (JSON carried inside a JSON string).
 */
function jsonForms(s: string): string[] {
  const j = JSON.stringify(s).slice(1, -1);
  const u = j.replace(/[^\x20-\x7e]/g, uEscape);
  const all = s.replace(/[^A-Za-z0-9 ]/g, uEscape);
  const some = s.replace(/[^A-Za-z0-9 ._-]/g, uEscape);
  const once = [j, u, all, some, j.replace(/\//g, '\\/'), u.replace(/\//g, '\\/')];
  return [...once, ...once.map((x) => JSON.stringify(x).slice(1, -1))];
}

/** Every literal spelling of one text (see the module comment). */
function literalForms(s: string, out: Set<string>): void {
  // Two letters of a script past ASCII (联通) say as much as four Latin ones.
  const add = (x: string) => {
    if (x.length >= MIN_SPELLING || (x.length >= 2 && /[^\x00-\x7f]/.test(x))) out.add(x.toLowerCase());
  };
  add(s);
  for (const j of jsonForms(s)) add(j);
  for (const u of urlForms(s)) add(u);
  const b = encoder.encode(s);
  for (const core of alignedCores(b, base64, 3, 6)) {
    add(core);
    add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    add(encodeURIComponent(core));
  }
  for (const core of alignedCores(b, base32, 5, 5)) add(core);
  add(hex(b));
}

/** Lower case, one unit for one unit (the marks index the original text). */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}


/**
 * Values written with separators, found by three simple scans instead of one pattern per value:
 * phone numbers' digit strings (and their national parts), MAC addresses' 12 hex digits, and
 * coordinates' leading digits (3 decimals or more).
 */
interface Numbers {
  phones: Set<string>;
  macs: Set<string>;
  coords: Set<string>;
}

/** A run of digits with phone separators between them (spaces, dashes, dots, brackets, plus, %-escapes), up to 3 at a time. */
const NUMBER_RUN = /\d(?:(?:[\s\-.()/+]|%2[0bd89]|%28|%29){0,3}\d)*/gi;
/** Six hex pairs, with or without `:`, `-`, `.`, space or `%3A` between them. */
const MAC_RUN = /[0-9a-f]{2}(?:(?:[:\-. ]|%3a)?[0-9a-f]{2}){5}/gi;
/** A decimal number (a coordinate). */
const DECIMAL_RUN = /\d+\.\d{3,}/g;

/**
 * A phone number as digits with any separators, and its national parts (the country code or a
 * trunk prefix left out): `+86 186-1142-8769`, `18611428769`, `(0)186 1142 8769`.
 */
function phoneSpellings(value: string, literals: Set<string>, numbers: Numbers): void {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return;
  for (let i = 0; i <= 3 && digits.length - i >= 7; i++) {
    const part = digits.slice(i);
    numbers.phones.add(part);
    literalForms(part, literals);
    literalForms(`+${part}`, literals);
  }
}

function macSpellings(value: string, literals: Set<string>, numbers: Numbers): void {
  const h = value.replace(/[^0-9a-f]/gi, '').toLowerCase();
  if (h.length !== 12) return;
  const pairs = h.match(/../g)!;
  numbers.macs.add(h);
  for (const sep of ['', ':', '-']) {
    literalForms(pairs.join(sep), literals);
    literalForms(pairs.join(sep).toUpperCase(), literals);
  }
}

/** A coordinate, at any precision from 3 decimals (about 100 m) up: rounded or cut, written longer. */
function coordinateSpellings(n: number, numbers: Numbers): void {
  if (!Number.isFinite(n)) return;
  const s = String(n);
  const dot = s.indexOf('.');
  if (dot < 0 || s.length - dot - 1 < 3) return;
  const forms = new Set([s.slice(0, dot + 4), n.toFixed(3), n.toFixed(4)]);
  for (const f of forms) numbers.coords.add(f.replace(/^-/, ''));
}

function locationSpellings(value: string, literals: Set<string>, numbers: Numbers): void {
  literalForms(value, literals);
  for (const part of value.split(/[,;\s]+/)) coordinateSpellings(Number(part), numbers);
}

const PHONE_TYPES = new Set(['phone', 'contact_phone', 'contacts']);

/** One value of a type (a finding's type or a profile key), into the literal and pattern sets. */
function spellValue(type: string, value: unknown, literals: Set<string>, numbers: Numbers): void {
  if (value && typeof value === 'object' && 'lat' in value && 'lon' in value) {
    const loc = value as { lat: unknown; lon: unknown };
    locationSpellings(`${loc.lat},${loc.lon}`, literals, numbers);
    return;
  }
  if (typeof value !== 'string' || !value.trim()) return;
  const v = value.trim();
  literalForms(v, literals);
  if (PHONE_TYPES.has(type)) phoneSpellings(v, literals, numbers);
  else if (type === 'mac') macSpellings(v, literals, numbers);
  else if (type === 'location') locationSpellings(v, literals, numbers);
}

/**
 * The redactor for a report's findings (all of them: a carrier name is no secret on its own,
 * but next to a phone number it says whose) and the profile's values, if any.
 */
export function redactorFor(findings: readonly Pick<Finding, 'type' | 'value' | 'match'>[], profile?: RedactionProfile | null): Redactor {
  const literals = new Set<string>();
  const numbers: Numbers = { phones: new Set(), macs: new Set(), coords: new Set() };
  const phones = new Set<string>();
  for (const f of findings) {
    spellValue(f.type, f.value, literals, numbers);
    // As the scanner saw it on the wire: a digest, a base64 core, a spaced number.
    if (f.match && f.match !== f.value) spellValue(f.type, f.match, literals, numbers);
  }
  for (const [key, entries] of Object.entries(profile ?? {})) {
    for (const e of entries ?? []) spellValue(key, e, literals, numbers);
    if (PHONE_TYPES.has(key)) for (const e of entries ?? []) if (typeof e === 'string') phones.add(e.replace(/\D/g, ''));
  }
  for (const f of findings) if (PHONE_TYPES.has(f.type)) phones.add(f.value.replace(/\D/g, ''));
  const spellings = [...literals].sort((a, b) => b.length - a.length);
  // Literals by their first two characters (longest first in each list): at each position of a
  // text only the few spellings that start there are compared, whatever their number.
  const byHead = new Map<number, string[]>();
  for (const sp of spellings) {
    const head = sp.charCodeAt(0) * 65536 + sp.charCodeAt(1);
    const list = byHead.get(head);
    if (list) list.push(sp);
    else byHead.set(head, [sp]);
  }

  function hidden(text: string, excerpt = false): Uint8Array {
    const hide = new Uint8Array(text.length);
    if (!text) return hide;
    const lower = lowerSameLength(text);
    for (let i = 0; i + 1 < lower.length; i++) {
      const list = byHead.get(lower.charCodeAt(i) * 65536 + lower.charCodeAt(i + 1));
      if (!list) continue;
      for (const sp of list) {
        if (lower.startsWith(sp, i)) {
          hide.fill(1, i, i + sp.length);
          break;
        }
      }
    }
    markNumbers(text, numbers, hide);
    if (excerpt) {
      markEdges(lower, spellings, hide);
      markPhoneEdges(text, phones, hide);
    }
    return hide;
  }

  return {
    spellings,
    hidden,
    mask: (text, excerpt = false) => render(text, hidden(text, excerpt)),
  };
}

/**
 * Excerpts are cut from the middle of requests, so a spelling may be cut off at either end: a
 * piece of MIN_EDGE characters or more that starts (ends) a spelling and ends (starts) the text
 * is masked as well.
 */
function markEdges(lower: string, spellings: readonly string[], hide: Uint8Array): void {
  const n = lower.length;
  if (n < MIN_EDGE) return;
  const head = lower.slice(0, MIN_EDGE);
  const tail = lower.slice(n - MIN_EDGE);
  let headLen = 0;
  let tailLen = 0;
  for (const s of spellings) {
    // The text starts with the end of s.
    for (let p = s.indexOf(head, 1); p > 0; p = s.indexOf(head, p + 1)) {
      const k = s.length - p;
      if (k > headLen && k <= n && lower.startsWith(s.slice(p))) headLen = k;
    }
    // The text ends with the start of s.
    for (let p = s.lastIndexOf(tail, s.length - MIN_EDGE - 1); p >= 0; p = p ? s.lastIndexOf(tail, p - 1) : -1) {
      const k = p + MIN_EDGE;
      if (k > tailLen && k <= n && lower.endsWith(s.slice(0, k))) tailLen = k;
    }
  }
  hide.fill(1, 0, headLen);
  hide.fill(1, n - tailLen, n);
}

/** Phone numbers, MAC addresses and coordinates with whatever separators they were written with. */
function markNumbers(text: string, numbers: Numbers, hide: Uint8Array): void {
  if (numbers.phones.size) {
    for (const m of text.matchAll(NUMBER_RUN)) {
      // The run's digits and where each one is in the text.
      const at: number[] = [];
      for (let i = 0; i < m[0].length; i++) {
        const c = m[0].charCodeAt(i);
        // %2B and friends: their hex digits are no digits of the number.
        if (m[0][i] === '%') i += 2;
        else if (c >= 48 && c <= 57) at.push(m.index + i);
      }
      if (at.length < 7) continue;
      const digits = at.map((i) => text[i]).join('');
      for (const p of numbers.phones) {
        for (let k = digits.indexOf(p); k >= 0; k = digits.indexOf(p, k + 1)) hide.fill(1, at[k], at[k + p.length - 1] + 1);
      }
    }
  }
  if (numbers.macs.size) {
    for (const m of text.matchAll(MAC_RUN)) {
      const h = m[0].toLowerCase().replace(/%3a/g, '').replace(/[^0-9a-f]/g, '');
      if (numbers.macs.has(h)) hide.fill(1, m.index, m.index + m[0].length);
    }
  }
  if (numbers.coords.size) {
    for (const m of text.matchAll(DECIMAL_RUN)) {
      for (const c of numbers.coords) if (m[0].startsWith(c)) hide.fill(1, m.index, m.index + m[0].length);
    }
  }
}

/** Digits and phone separators at the start and at the end of a text. */
const LEADING_NUMBER = /^[\d\s\-.()/+]+/;
const TRAILING_NUMBER = /[\d\s\-.()/+]+$/;

/** A phone number cut off at an excerpt's edge, in a spelling with separators (`…142 8769`, `+86 186-11…`). */
function markPhoneEdges(text: string, phones: ReadonlySet<string>, hide: Uint8Array): void {
  const head = LEADING_NUMBER.exec(text)?.[0] ?? '';
  const tail = TRAILING_NUMBER.exec(text)?.[0] ?? '';
  const hd = head.replace(/\D/g, '');
  const td = tail.replace(/\D/g, '');
  for (const p of phones) {
    if (p.length < 7) continue;
    if (hd.length >= MIN_EDGE && p.endsWith(hd)) hide.fill(1, 0, head.length);
    if (td.length >= MIN_EDGE && [0, 1, 2, 3].some((i) => p.slice(i).startsWith(td) || `0${p.slice(i)}`.startsWith(td))) hide.fill(1, text.length - tail.length);
  }
}

/** `text` with the hidden units as dots, separators kept (same length, so marks over it still line up). */
export function render(text: string, hide: Uint8Array, run?: (piece: string) => string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (!hide[i]) {
      const next = hide.indexOf(1, i);
      const end = next < 0 ? text.length : next;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    let j = i;
    while (j < text.length && hide[j]) j++;
    const piece = text.slice(i, j);
    out += run ? run(piece) : piece.replace(/[^]/g, (c) => (SEPARATOR.test(c) ? c : '•'));
    i = j;
  }
  return out;
}

/**
 * A JSON value (a report) with every string masked: keys stay, `context` strings are treated as
 * excerpts. For the "for sharing" JSON export: the structure and every non-identifying field stay.
 */
export function redactDeep<T>(value: T, r: Redactor, key = ''): T {
  if (typeof value === 'string') return r.mask(value, key === 'context') as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, r, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, r, k);
    return out as T;
  }
  return value;
}
