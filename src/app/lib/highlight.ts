/** Finding the matched identifier inside a finding's context, for evidence highlighting. */
import type { Finding } from '../../core/report/types';

export interface Span {
  start: number;
  end: number;
}

function candidates(f: Finding): string[] {
  const out = new Set<string>();
  if (f.match) out.add(f.match);
  out.add(f.value);
  try {
    out.add(encodeURIComponent(f.value));
    out.add(encodeURIComponent(f.value).replace(/%20/g, '+'));
  } catch {
    /* lone surrogate: ignore */
  }
  if (f.type === 'phone' || f.type === 'contact_phone') {
    const digits = f.value.replace(/\D/g, '');
    for (let cut = 0; cut <= 3; cut++) out.add(digits.slice(cut));
  }
  return [...out].filter((s) => s.length >= 3);
}

/** Where the identifier sits in `context` (case-insensitive), or [] when it cannot be placed. */
export function matchSpans(f: Finding, context = f.context): Span[] {
  const hay = context.toLowerCase();
  for (const c of candidates(f)) {
    const needle = c.toLowerCase();
    const spans: Span[] = [];
    let i = hay.indexOf(needle);
    while (i >= 0) {
      spans.push({ start: i, end: i + needle.length });
      i = hay.indexOf(needle, i + needle.length);
    }
    if (spans.length) return spans;
  }
  return [];
}

/** Splits text into marked and unmarked parts. */
export function splitBySpans(text: string, spans: Span[]): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start > at) parts.push({ text: text.slice(at, s.start), mark: false });
    parts.push({ text: text.slice(s.start, s.end), mark: true });
    at = s.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/** Hex dump rows of `text` as UTF-8, with each byte flagged when it lies inside a span. */
export function hexRows(text: string, spans: Span[], width = 16): { offset: number; bytes: { hex: string; ch: string; mark: boolean }[] }[] {
  const enc = new TextEncoder();
  const bytes: { b: number; mark: boolean }[] = [];
  let i = 0;
  for (const ch of text) {
    const inSpan = spans.some((s) => i >= s.start && i < s.end);
    for (const b of enc.encode(ch)) bytes.push({ b, mark: inSpan });
    i += ch.length;
  }
  const rows = [];
  for (let o = 0; o < bytes.length; o += width) {
    rows.push({
      offset: o,
      bytes: bytes.slice(o, o + width).map(({ b, mark }) => ({
        hex: b.toString(16).padStart(2, '0'),
        ch: b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.',
        mark,
      })),
    });
  }
  return rows;
}
