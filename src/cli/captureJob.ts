/**
 * One capture of a batch, as every runner does it (scan on this thread or a worker thread, the
 * queue's worker): skip it when its report is current, else analyse it and write or return the
 * report. One function, so `scan --out` and `leakscope worker` write the same bytes.
 */
import { existsSync } from 'node:fs';
import type { Report } from '../core/report/types';
import { analyzeFile, type FileJob } from './analyzeFile';
import { GENERATOR, readReportStamp, reportPath, serializeReport, sha256OfFile, writeReportAtomic } from './reportFile';

export type CaptureOutcome =
  | { kind: 'report'; report: Report }
  | { kind: 'written'; file: string }
  /** Its report exists for the same capture bytes and engine. */
  | { kind: 'skipped'; file: string };

/**
 * With `outDir`, the report goes to DIR/<name>.json; `resume` first hashes the capture (node's
 * crypto, one streaming read) when a report of that name exists, and skips the capture when
 * that report has the same SHA-256 and engine version. The hash is handed on, so an analysed
 * capture is not hashed twice.
 */
export async function runCaptureJob(path: string, job: FileJob, outDir?: string, resume = false): Promise<CaptureOutcome> {
  if (!outDir) return { kind: 'report', report: await analyzeFile(path, job) };
  const file = reportPath(outDir, path);
  let sha256: string | undefined;
  if (resume && existsSync(file)) {
    const stamp = readReportStamp(file);
    if (stamp?.engine === GENERATOR.engine) {
      sha256 = await sha256OfFile(path);
      if (stamp.sha256 === sha256) return { kind: 'skipped', file };
    }
  }
  const report = await analyzeFile(path, { ...job, sha256 });
  writeReportAtomic(file, serializeReport(report));
  return { kind: 'written', file };
}

/** An error's first line, as the batch lists it. */
export function oneLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0];
}

/**
 * Whether trying again could help: a system error (the file missing or unreadable on this
 * machine, an NFS hiccup) may; the engine rejecting the bytes will not.
 */
export function transient(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
