/**
 * A report on disk, as `scan --out` and `leakscope worker` write it: one path, one serialization,
 * one atomic write, so both write the same bytes and a killed process never leaves half a report.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Report, ReportGenerator } from '../core/report/types';

/** Set by the build (scripts/build-cli.ts); absent under tsx. */
declare const __LEAKSCOPE_VERSION__: string | undefined;
declare const __LEAKSCOPE_ENGINE__: string | undefined;

/**
 * The engine's version: the package version and a hash of the bundled engine code, the scanner
 * and the tables (computed by the build), so any change that can change a report changes it.
 * Under tsx there is no bundle to hash: 'dev', which a rerun never matches against a build's.
 */
export const GENERATOR: ReportGenerator = {
  name: 'leakscope',
  version: typeof __LEAKSCOPE_VERSION__ === 'string' ? __LEAKSCOPE_VERSION__ : '0.0.0',
  engine: typeof __LEAKSCOPE_ENGINE__ === 'string' ? __LEAKSCOPE_ENGINE__ : 'dev',
};

/** DIR/<capture file name>.json */
export function reportPath(outDir: string, capture: string): string {
  return join(outDir, `${basename(capture)}.json`);
}

/** The report's bytes on disk. */
export function serializeReport(report: Report): string {
  return JSON.stringify(report, null, 1);
}

/**
 * Writes beside the target, then renames (atomic on one file system): readers and reruns see the
 * old report or the whole new one. The temporary name starts with a dot and ends in .tmp, so a
 * process killed mid-write leaves at most a hidden .tmp file, never a half `.json`.
 */
export function writeReportAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * The file's SHA-256 by node's crypto (OpenSSL, SHA extensions where the CPU has them): on a
 * 100 MB capture hash-wasm inside the engine took 0.8 s of a 2.5 s run, this takes ~0.1 s.
 */
export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (b) => hash.update(b))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** How much of a report's head is read to find its generator and capture hash. */
const HEAD_BYTES = 16 << 10;

/**
 * The engine version and capture SHA-256 an existing report was written with, read from its
 * first 16 KB (no parse of a report that may be megabytes): `generator` and `capture` come right
 * after `version` in the object, so their fields are the first `"engine"` and `"sha256"` keys.
 * Keys inside strings are escaped (\"), so the patterns cannot match a capture name's text.
 * null when there is no such report or it lacks either field (written before `generator`).
 */
export function readReportStamp(path: string): { engine: string; sha256: string } | null {
  let head: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      head = buf.toString('utf8', 0, readSync(fd, buf, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  const engine = /(?<!\\)"engine": ?"([^"\\]+)"/.exec(head)?.[1];
  const sha256 = /(?<!\\)"sha256": ?"([0-9a-f]{64})"/.exec(head)?.[1];
  return engine && sha256 ? { engine, sha256 } : null;
}
