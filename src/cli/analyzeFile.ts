/** One capture file through the engine, as the CLI (main thread or worker) runs it. */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeStream } from '../core/engine';
import { enrichReport } from '../core/enrich/enrichReport';
import type { Profile, Report } from '../core/report/types';
import type { ScanPool } from '../core/scan/pool';
import { geoTablesLater } from './nodeAssets';

export interface FileJob {
  profile?: Profile;
  keylog?: string;
  scannerWasm?: WebAssembly.Module;
  scanPool?: ScanPool;
}

/**
 * Reads and analyses the capture, then adds countries, networks and trackers. The tables are
 * inflated on libuv's thread pool while the capture is read, so on a short CLI run their ~90 ms
 * overlaps the analysis instead of preceding it.
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
    scannerWasm: job.scannerWasm,
    scanPool: job.scanPool,
  });
  return enrichReport(report, await geo);
}
