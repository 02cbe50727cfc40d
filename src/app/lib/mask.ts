/** A masked value's shape for reports shared with others; masking inside texts is src/present/redaction.ts. */

/** "862287025963539" -> "86•••••••••••39": keeps a hint of the shape, not the value. */
export function maskValue(value: string): string {
  const chars = [...value];
  if (chars.length <= 4) return '•'.repeat(chars.length);
  const keep = chars.length >= 10 ? 2 : 1;
  return chars.map((c, i) => (i < keep || i >= chars.length - keep || /[\s:.\-@+]/.test(c) ? c : '•')).join('');
}
