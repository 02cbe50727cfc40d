/** One capture file through the engine, as the CLI (main thread or worker) runs it. */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeStream, analyzeStreams } from '../core/engine';
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

/** The report as the CLI writes it: `generator` right after `version`, where a rerun reads it (reportFile.ts). */
function stamped(report: Report): Report {
  const { format, version, ...rest } = report;
  return { format, version, generator: GENERATOR, ...rest };
}

/**
 * Reads and analyses the capture, then adds countries, networks and trackers. The tables are
 * read on libuv's thread pool meanwhile.
 */
export async function analyzeFile(path: string, job: FileJob): Promise<Report> {
  // stat first: a missing file must throw here, before a read stream exists to emit the error.
  const size = statSync(path).size;
  const geo = geoTablesLater();
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const hashed = job.sha256 === undefined ? hashWhileRead(path, stream) : null;
  const report = await analyzeStream(hashed?.chunks ?? stream, {
    name: basename(path),
    size,
    profile: job.profile,
    keylog: job.keylog,
    appReport: job.appReport,
    scannerWasm: job.scannerWasm,
    scanPool: job.scanPool,
    sha256: hashed?.sha256 ?? Promise.resolve(job.sha256!),
  });
  return stamped(enrichReport(report, await geo));
}

/**
 * The chunks of `stream`, hashed (SHA-256, node's crypto) as the engine takes them: one read of
 * the file instead of a second stream over it (lab capture, 157 MB: the second read was ~0.2 s
 * of read() in the profile). The digest is ready when the engine has read to the end, which is
 * before it awaits it (CaptureAnalysis.finish). Should the engine stop early, the file is
 * hashed on its own, so the digest is always the whole file's.
 */
function hashWhileRead(path: string, stream: AsyncIterable<Uint8Array>): { chunks: AsyncIterable<Uint8Array>; sha256: Promise<string> } {
  let done: (hex: Promise<string> | string) => void = () => {};
  const sha256 = new Promise<string>((resolve) => (done = resolve));
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const hash = createHash('sha256');
    let whole = false;
    try {
      for await (const chunk of stream) {
        hash.update(chunk);
        yield chunk;
      }
      whole = true;
      done(hash.digest('hex'));
    } finally {
      if (!whole) done(sha256OfFile(path));
    }
  }
  return { chunks: chunks(), sha256 };
}

/**
 * Several captures as one session (--session), in the order given: one report. Its sha256 is
 * that of the files' bytes concatenated (as `cat a b | sha256sum`), each file's own in capture.files.
 */
export async function analyzeSession(paths: string[], job: FileJob): Promise<Report> {
  const sizes = paths.map((path) => statSync(path).size);
  const geo = geoTablesLater();
  const files = paths.map((path, i) => ({
    name: basename(path),
    bytes: sizes[i],
    stream: createReadStream(path, { highWaterMark: 1 << 20 }),
    sha256: sha256OfFile(path),
  }));
  const report = await analyzeStreams(files, {
    profile: job.profile,
    keylog: job.keylog,
    appReport: job.appReport,
    scannerWasm: job.scannerWasm,
    scanPool: job.scanPool,
    sha256: sha256OfFiles(paths),
  });
  return stamped(enrichReport(report, await geo));
}

/** SHA-256 of the files' bytes one after the other. */
async function sha256OfFiles(paths: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    await new Promise<void>((resolve, reject) => {
      createReadStream(path, { highWaterMark: 1 << 20 })
        .on('data', (b) => hash.update(b))
        .on('end', resolve)
        .on('error', reject);
    });
  }
  return hash.digest('hex');
}
