/**
 * Redaction of identifiers for display. Presentation only: the report itself (report.json) is
 * not changed, so a report published next to an advisory should be redacted before upload if
 * the values must not be public (see docs/widget.md).
 *
 *  - `none`:    values and evidence as in the report;
 *  - `partial`: the default; a few characters at each end of a value stay (8622•••••••3539),
 *               carrier and model names included (next to a phone number a carrier says whose
 *               it is), and the values are hidden in the evidence excerpts;
 *  - `full`:    values replaced by a fixed run of dots, and in the evidence every known value
 *               plus any long run of digits is hidden.
 */
import type { Finding } from '../core/report/types';
import { redactorFor, render, type Redactor } from '../present/redaction';

export type Redaction = 'none' | 'partial' | 'full';

const DOT = '•';
/** Separators kept in partial masks so a value keeps its shape (+86 135…, aa:bb:…, a@b.c). */
const SEPARATOR = /[\s:.,\-@+_/()]/;

/** The attribute's value as a mode: only the exact words count, anything else is `partial`. */
export function parseRedaction(value: string | null | undefined): Redaction {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'none' || v === 'full' ? v : 'partial';
}

/** How many significant characters stay visible at each end in `partial` mode. */
function kept(significant: number): number {
  if (significant >= 12) return 4;
  if (significant >= 8) return 2;
  if (significant >= 5) return 1;
  return 0;
}

/** One value, masked for `mode`. */
export function maskValue(value: string, mode: Redaction): string {
  if (mode === 'none') return value;
  if (mode === 'full') return DOT.repeat(8);
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

/**
 * The redactor for `mode` (null for `none`): every finding's value in every spelling
 * (src/present/redaction.ts). Public kinds count too: a carrier name in a phone number's
 * evidence says whose number it is.
 */
export function redactorOf(findings: readonly Finding[], mode: Redaction): Redactor | null {
  return mode === 'none' ? null : redactorFor(findings);
}

/**
 * An evidence excerpt with the values masked (`partial`: each character of a value becomes a
 * dot, separators stay; `full`: a fixed run of dots, and long digit runs are hidden as well).
 * Excerpts are cut from the middle of requests: pieces of a value cut off at either end are hidden too.
 */
export function maskText(text: string, redactor: Redactor | null, mode: Redaction): string {
  if (mode === 'none' || !redactor || !text) return text;
  const hide = redactor.hidden(text, true);
  if (mode === 'full') {
    // Identifiers the scanner did not report (another IMEI, a number in a form it missed).
    for (const m of text.matchAll(/\d(?:[\d\s\-.+]{5,}\d)/g)) {
      if ((m[0].match(/\d/g)?.length ?? 0) >= 7) hide.fill(1, m.index, m.index + m[0].length);
    }
  }
  // Evidence hides whole values even in `partial` mode: pieces of differently cut spellings
  // would otherwise add up to more than the partial value shows.
  return render(text, hide, mode === 'full' ? () => DOT.repeat(3) : undefined);
}

/** Any other text from the capture (a destination's name): spellings of values masked, separators kept. */
export function maskPlain(text: string, redactor: Redactor | null): string {
  return redactor ? redactor.mask(text) : text;
}
