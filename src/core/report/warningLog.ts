import type { Warning, WarningCode } from '../warnings';

const KEEP_PER_CODE = 200;

/**
 * Warnings, bounded: a damaged 2 GB capture can produce millions, so keep the first few of
 * each kind and count the rest.
 */
export class WarningLog {
  private readonly kept: Warning[] = [];
  private readonly counts = new Map<WarningCode, number>();

  /** Records a warning (kept if fewer than KEEP_PER_CODE of its code were kept already). */
  add(code: WarningCode, message: string, frame?: number): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= KEEP_PER_CODE) this.kept.push(frame === undefined ? { code, message } : { code, message, frame });
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
