/** Masking identifiers for reports shared with others. */

/** "862287025963539" -> "86•••••••••••39": keeps a hint of the shape, not the value. */
export function maskValue(value: string): string {
  const chars = [...value];
  if (chars.length <= 4) return '•'.repeat(chars.length);
  const keep = chars.length >= 10 ? 2 : 1;
  return chars.map((c, i) => (i < keep || i >= chars.length - keep || /[\s:.\-@+]/.test(c) ? c : '•')).join('');
}

/** Masks every occurrence of any of `secrets` (and their URL-encoded forms) in `text`. */
export function maskIn(text: string, secrets: string[]): string {
  let out = text;
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < 3) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(encodeURIComponent(s).replace(/%20/g, '+'));
  }
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    out = out.split(form).join(maskValue(form));
  }
  return out;
}
