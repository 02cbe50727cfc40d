/**
 * Redaction of identifiers for display. Presentation only: the report itself (report.json) is
 * not changed, so a report published next to an advisory should be redacted before upload if
 * the values must not be public (see docs/widget.md).
 *
 *  - `none`:    values and evidence as in the report;
 *  - `partial`: the default; a few characters at each end of a value stay (8622•••••••3539),
 *               and the values are hidden in the evidence excerpts;
 *  - `full`:    values replaced by a fixed run of dots, and in the evidence every known value
 *               plus any long run of digits is hidden.
 */
import type { Finding } from '../core/report/types';
import { kindOf } from '../core/identifiers/registry';

export type Redaction = 'none' | 'partial' | 'full';

const DOT = '•';
/** Separators kept in partial masks so a value keeps its shape (+86 135…, aa:bb:…, a@b.c). */
const SEPARATOR = /[\s:.,\-@+_/()]/;

/** The attribute's value as a mode: only the exact words count, anything else is `partial`. */
export function parseRedaction(value: string | null | undefined): Redaction {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'none' || v === 'full' ? v : 'partial';
}

/** Types that are not personal on their own (a carrier or model name): shown unless `full`. */
const isPublic = (type: string) => kindOf(type)?.public === true;

/** How many significant characters stay visible at each end in `partial` mode. */
function kept(significant: number): number {
  if (significant >= 12) return 4;
  if (significant >= 8) return 2;
  if (significant >= 5) return 1;
  return 0;
}

/** One value, masked for `mode`. */
export function maskValue(value: string, mode: Redaction, type?: string): string {
  if (mode === 'none') return value;
  if (mode === 'full') return DOT.repeat(8);
  if (type && isPublic(type)) return value;
  const chars = [...value];
  const significant = chars.filter((c) => !SEPARATOR.test(c)).length;
  const keep = kept(significant);
  let seen = 0;
  return chars
    .map((c) => {
      if (SEPARATOR.test(c)) return c;
      const i = seen++;
      return i < keep || i >= significant - keep ? c : DOT;
    })
    .join('');
}

/** The spellings of a finding's value that may appear in evidence excerpts. */
function spellings(f: Finding): string[] {
  const out = new Set<string>();
  for (const s of [f.value, f.match ?? '']) {
    if (s.length < 3) continue;
    out.add(s);
    const url = encodeURIComponent(s);
    out.add(url);
    out.add(url.replace(/%20/g, '+'));
    out.add(s.replace(/ /g, '+'));
    if (f.type === 'phone' || f.type === 'contact_phone') {
      const digits = s.replace(/\D/g, '');
      if (digits.length >= 6) out.add(digits);
    }
  }
  return [...out];
}

/** Every spelling of every value in the report that has to be hidden in `mode`, longest first. */
export function secretsOf(findings: Finding[], mode: Redaction): string[] {
  if (mode === 'none') return [];
  const all = new Set<string>();
  for (const f of findings) {
    if (mode === 'partial' && isPublic(f.type)) continue;
    for (const s of spellings(f)) all.add(s);
  }
  return [...all].sort((a, b) => b.length - a.length);
}

/** Shortest piece of a cut-off value at either end of an excerpt that still gets hidden. */
const MIN_EDGE = 4;

/**
 * An evidence excerpt with the secrets masked (`partial`: each character of a value becomes a
 * dot, separators stay; `full`: a fixed run of dots, and long digit runs are hidden as well). Excerpts are cut from the middle of requests, so
 * a value may be cut off at either end: those pieces are hidden too.
 */
export function maskText(text: string, secrets: string[], mode: Redaction): string {
  if (mode === 'none' || !text) return text;
  // Mark the characters to hide, then mask runs: overlapping spellings cannot undo each other.
  const hide = new Uint8Array(text.length);
  const mark = (from: number, to: number) => hide.fill(1, Math.max(0, from), Math.min(text.length, to));
  for (const s of secrets) {
    for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) mark(at, at + s.length);
    for (let k = Math.min(s.length - 1, text.length); k >= MIN_EDGE; k--) {
      if (text.startsWith(s.slice(s.length - k))) {
        mark(0, k);
        break;
      }
    }
    for (let k = Math.min(s.length - 1, text.length); k >= MIN_EDGE; k--) {
      if (text.endsWith(s.slice(0, k))) {
        mark(text.length - k, text.length);
        break;
      }
    }
  }
  if (mode === 'full') {
    // Identifiers the scanner did not report (another IMEI, a number in a form it missed).
    for (const m of text.matchAll(/\d(?:[\d\s\-.+]{5,}\d)/g)) {
      if ((m[0].match(/\d/g)?.length ?? 0) >= 7) mark(m.index, m.index + m[0].length);
    }
  }
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (!hide[i]) {
      out += text[i++];
      continue;
    }
    let j = i;
    while (j < text.length && hide[j]) j++;
    // Evidence hides whole values even in `partial` mode: pieces of differently cut spellings
    // would otherwise add up to more than the partial value shows.
    out += mode === 'full' ? DOT.repeat(3) : [...text.slice(i, j)].map((c) => (SEPARATOR.test(c) ? c : DOT)).join('');
    i = j;
  }
  return out;
}
