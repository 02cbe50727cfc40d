/** One capture file through the engine, as the CLI (main thread or worker) runs it. */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeStream } from '../core/engine';
import { enrichReport } from '../core/enrich/enrichReport';
import type { Profile, Report } from '../core/report/types';
import type { ScanPool } from '../core/scan/pool';
import { geoTablesLater } from './nodeAssets';
import { GENERATOR, sha256OfFile } from './reportFile';

export interface FileJob {
  profile?: Profile;
  keylog?: string;
  /** App Privacy Report text joined to the capture (--app-report). */
  appReport?: string;
  scannerWasm?: WebAssembly.Module;
  scanPool?: ScanPool;
  /** The capture's SHA-256 when the caller has it already (a resumed batch hashed it to decide). */
  sha256?: string;
}

/**
 * Reads and analyses the capture, then adds countries, networks and trackers. The tables are
 * read on libuv's thread pool meanwhile.
 */
export async function analyzeFile(path: string, job: FileJob): Promise<Report> {
  // stat first: a missing file must throw here, before a read stream exists to emit the error.
  const size = statSync(path).size;
  const geo = geoTablesLater();
  const report = await analyzeStream(createReadStream(path, { highWaterMark: 1 << 20 }), {
    name: basename(path),
    size,
    profile: job.profile,
    keylog: job.keylog,
    appReport: job.appReport,
    scannerWasm: job.scannerWasm,
    scanPool: job.scanPool,
    sha256: job.sha256 !== undefined ? Promise.resolve(job.sha256) : sha256OfFile(path),
  });
  const { format, version, ...rest } = enrichReport(report, await geo);
  // generator right after version: a rerun reads it from the file's head (reportFile.ts).
  return { format, version, generator: GENERATOR, ...rest };
}
