/**
 * A batch's counts: one updating progress line on stderr when stderr is a terminal (done /
 * failed / skipped, rate, ETA), and at the end the failures, one line each, in input order.
 */
export class BatchTally {
  done = 0;
  skipped = 0;
  readonly failures: Array<{ path: string; error: string }> = [];
  private readonly start = Date.now();
  private shownAt = 0;
  private readonly tty: boolean;

  constructor(private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = stream.isTTY === true;
  }

  get failed(): number {
    return this.failures.length;
  }

  ok(skipped: boolean): void {
    if (skipped) this.skipped++;
    else this.done++;
    this.show();
  }

  fail(path: string, error: string): void {
    this.failures.push({ path, error });
    this.show();
  }

  private line(): string {
    const finished = this.done + this.skipped + this.failed;
    const seconds = (Date.now() - this.start) / 1000;
    // The rate counts captures analysed (or failed), not skipped ones, which cost only a hash.
    const worked = this.done + this.failed;
    const rate = seconds > 0 ? worked / seconds : 0;
    const left = this.total - finished;
    const eta = rate > 0 && left > 0 ? ` · ETA ${clock(left / rate)}` : '';
    return `leakscope: ${finished}/${this.total} · ${this.done} done, ${this.failed} failed, ${this.skipped} skipped · ${rate.toFixed(1)}/s${eta}`;
  }

  /** At most five redraws a second: a terminal drawing every small capture slows the batch. */
  private show(): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.shownAt < 200) return;
    this.shownAt = now;
    this.stream.write(`\r${this.line()}\x1b[K`);
  }

  /** The last progress line (terminal only), then each failure on its own line. */
  finish(): void {
    if (this.tty) this.stream.write(`\r${this.line()} · ${clock((Date.now() - this.start) / 1000)}\x1b[K\n`);
    for (const f of this.failures) this.stream.write(`leakscope: ${f.path}: ${f.error}\n`);
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}
