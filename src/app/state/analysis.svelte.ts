/** The analysis on screen: running, partial or finished, and where it came from. */
import type { Report } from '../../core/report/types';
import { isAbort, readReportFile, type Analyzer, type Progress } from '../lib/engine-client';
import type { Profile } from '../../core/report/types';
import type { KeyLogFile } from '../lib/engine-keylog';

/** An App Privacy Report given beside a capture: its name (for notices) and NDJSON text. */
export interface AppReportFile {
  name: string;
  text: string;
}

/** The performance mark set in the frame that first shows a finding of the running analysis. */
export const FIRST_FINDING_MARK = 'leakscope:first-finding';

export type Phase = 'idle' | 'running' | 'done' | 'error';

/** Where the report on screen came from. */
export type Origin = 'capture' | 'report-file' | 'session';

export class AnalysisState {
  phase = $state<Phase>('idle');
  /** The report so far (partial while running). Raw: reports can hold 100k findings. */
  report = $state.raw<Report | null>(null);
  progress = $state.raw<Progress | null>(null);
  /** ms since the analysis started, updated with progress. */
  elapsed = $state(0);
  /** Average bytes per second so far. */
  rate = $state(0);
  error = $state<string | null>(null);
  origin = $state<Origin | null>(null);
  /** The capture on screen, kept in memory for a rescan. Raw: a File is not reactive data. */
  file = $state.raw<File | null>(null);
  /** All capture files on screen, in the order read: several for a session of several files. */
  files = $state.raw<File[]>([]);
  /** Name of the file being analysed. */
  name = $state('');
  /** The TLS key log the report on screen was made with, if any. */
  keylog = $state.raw<KeyLogFile | null>(null);
  /** The App Privacy Report joined to the capture on screen, if any (kept for a rescan). */
  appReport = $state.raw<AppReportFile | null>(null);
  /** The report on screen was made with the person's profile (true), without (false), or nobody knows (null: a report file). */
  profiled = $state<boolean | null>(null);

  #started = 0;
  #pending: Progress | null = null;
  #frame = 0;
  #run = 0;

  constructor(private readonly analyzer: () => Analyzer) {}

  get running(): boolean {
    return this.phase === 'running';
  }

  /** Fraction done, or null when the size is unknown. */
  get fraction(): number | null {
    const p = this.progress;
    if (!p || !p.totalBytes) return null;
    return Math.min(1, p.bytes / p.totalBytes);
  }

  /**
   * Analyses a capture (or loads a report JSON). Resolves with the final report, or null when
   * cancelled or failed (then `error` says why).
   */
  async run(input: File | File[], profile: Profile | null, keylog: KeyLogFile | null = null, appReport: AppReportFile | null = null): Promise<Report | null> {
    this.cancel();
    const run = ++this.#run;
    // Several files: one session, read in this order (engine analyzeStreams).
    const files = Array.isArray(input) ? input : [input];
    const file = files[0];
    const size = files.reduce((sum, f) => sum + f.size, 0);
    this.file = file;
    this.files = files;
    this.name = files.map((f) => f.name).join(' + ');
    this.keylog = keylog;
    this.appReport = appReport;
    this.profiled = profile !== null;
    this.error = null;
    this.progress = { bytes: 0, totalBytes: size, frames: 0, flows: 0, findings: 0 };
    this.elapsed = 0;
    this.rate = 0;
    this.#started = performance.now();
    this.phase = 'running';
    try {
      const fromJson = files.length === 1 ? await readReportFile(file) : null;
      if (fromJson) {
        if (run !== this.#run) return null;
        this.origin = 'report-file';
        this.file = null;
        this.files = [];
        this.keylog = null;
        this.appReport = null;
        this.profiled = null;
        this.report = fromJson;
        this.phase = 'done';
        return fromJson;
      }
      this.origin = 'capture';
      this.report = null;
      const report = await this.analyzer().analyze(
        files.length === 1 ? file : files,
        { name: this.name, size, profile: profile ?? undefined, keylog: keylog?.text, appReport: appReport?.text },
        (p) => run === this.#run && this.#onProgress(p),
        (r) => {
          // A partial comes through its own callback port (Comlink): one posted just before the
          // end can arrive after the final report and would replace it with an older one (a CI
          // run showed a two-file session without its second file's findings).
          if (run !== this.#run || this.phase !== 'running') return;
          // For npm run bench (tests/bench/browser.ts): when the first finding was painted.
          if (r.findings.length && !this.report?.findings.length) requestAnimationFrame(() => performance.mark(FIRST_FINDING_MARK));
          this.report = r;
        },
      );
      if (run !== this.#run) return null;
      this.#flushProgress();
      this.report = report;
      this.phase = 'done';
      return report;
    } catch (e) {
      if (run !== this.#run) return null;
      if (isAbort(e)) {
        this.phase = this.report ? 'done' : 'idle';
        this.error = 'Cancelled. What was read before cancelling is shown but not saved.';
        if (!this.report) {
          this.file = null;
          this.files = [];
        }
      } else {
        this.phase = 'error';
        this.error = oneLine(e);
      }
      return null;
    }
  }

  /** Shows a stored report (a reopened session). */
  show(report: Report, file: File | null, keylog: KeyLogFile | null = null, profiled: boolean | null = null): void {
    this.cancel();
    this.#run++;
    this.report = report;
    this.file = file;
    this.files = file ? [file] : [];
    this.keylog = keylog;
    this.profiled = profiled;
    this.appReport = null;
    this.name = report.capture.name;
    this.origin = 'session';
    this.error = null;
    this.progress = null;
    this.phase = 'done';
  }

  /** Closes the report on screen. */
  clear(): void {
    this.cancel();
    this.#run++;
    this.report = null;
    this.file = null;
    this.files = [];
    this.keylog = null;
    this.progress = null;
    this.error = null;
    this.phase = 'idle';
  }

  cancel(): void {
    if (this.phase === 'running') this.analyzer().cancel();
  }

  #onProgress(p: Progress): void {
    // Progress can arrive thousands of times a second: paint at most once a frame.
    this.#pending = p;
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#flushProgress();
    });
  }

  #flushProgress(): void {
    const p = this.#pending;
    if (!p) return;
    this.#pending = null;
    this.progress = p;
    this.elapsed = performance.now() - this.#started;
    this.rate = this.elapsed > 0 ? (p.bytes * 1000) / this.elapsed : 0;
  }
}

/** An error as one line of text. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] || 'Something went wrong.';
}
