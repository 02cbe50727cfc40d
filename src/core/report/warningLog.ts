import type { Warning } from '../types';

const KEEP_PER_CODE = 200;

/**
 * Warnings, bounded: a damaged 2 GB capture can produce millions, so keep the first few of
 * each kind and count the rest.
 */
export class WarningLog {
  private readonly kept: Warning[] = [];
  private readonly counts = new Map<string, number>();

  /** Records a warning (kept if fewer than KEEP_PER_CODE of its code were kept already). */
  add(w: Warning): void {
    const n = (this.counts.get(w.code) ?? 0) + 1;
    this.counts.set(w.code, n);
    if (n <= KEEP_PER_CODE) this.kept.push(w.frame === undefined ? { code: w.code, message: w.message } : w);
  }

  /** The kept warnings plus one summary line per code that overflowed. */
  list(): Warning[] {
    const out = this.kept.slice();
    for (const [code, n] of this.counts) {
      if (n > KEEP_PER_CODE) out.push({ code, message: `${n - KEEP_PER_CODE} more warnings of this kind not listed` });
    }
    return out;
  }
}
