/**
 * Dev-only analyzer (`npm run dev`, then open /?fixture): answers every capture with the
 * hand-made report in tests/e2e/fixtures, with simulated progress. Never part of a build:
 * imported only behind `import.meta.env.DEV`.
 */
import type { Report } from '../../core/report/types';
import type { Analyzer, EngineStatus, Progress } from './engine-client';
import fixture from '../../../tests/e2e/fixtures/report-mixed.json';

export class FixtureAnalyzer implements Analyzer {
  #timer: ReturnType<typeof setInterval> | null = null;
  #reject: ((e: unknown) => void) | null = null;

  async status(): Promise<EngineStatus> {
    return { engine: true, scanner: { state: 'ready' }, tables: { state: 'ready' } };
  }

  analyze(given: File | File[], _request: unknown, onProgress: (p: Progress) => void, onPartial: (r: Report) => void): Promise<Report> {
    const file = Array.isArray(given) ? given[0] : given;
    const report = { ...(fixture as unknown as Report), capture: { ...(fixture as unknown as Report).capture, name: file.name, bytes: file.size } };
    return new Promise((resolve, reject) => {
      this.#reject = reject;
      let step = 0;
      const steps = 20;
      this.#timer = setInterval(() => {
        step++;
        const bytes = Math.round((file.size * step) / steps);
        onProgress({ bytes, totalBytes: file.size, frames: Math.round((report.capture.frames * step) / steps), flows: Math.round((report.flows.length * step) / steps), findings: Math.round((report.findings.length * step) / steps) });
        if (step === steps / 2) onPartial({ ...report, findings: report.findings.slice(0, 5) });
        if (step >= steps) {
          clearInterval(this.#timer!);
          resolve(report);
        }
      }, 100);
    });
  }

  cancel(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#reject?.(new DOMException('The analysis was cancelled.', 'AbortError'));
  }
}
