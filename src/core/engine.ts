/**
 * The engine's one entry point: capture bytes in, report out. Used by the worker, the CLI and
 * tests alike. Chunks go through capture -> decode -> flow -> extract -> scan -> report.
 */
import type { Report } from './report/types';
import type { AnalyzeOptions } from './options';
import { CaptureAnalysis } from './analysis';
import { abortError, readChunks } from './chunks';
import { eventTurn } from './eventTurn';

export type { AnalyzeOptions, Progress } from './options';

const PROGRESS_EVERY_MS = 100;
const PARTIAL_EVERY_MS = 2000;
/**
 * New findings are shown sooner than the regular partial: the first at once (the next chunk
 * after the scanner has it), later ones at most every 250 ms — or 4x the time the last snapshot
 * took to build, so a capture with 100k flows spends at most a fifth of its time on snapshots.
 */
const NEW_FINDINGS_MS = 250;
const SNAPSHOT_SHARE = 4;
/**
 * Scan workers answer through message events, which run only when the engine's loop gives the
 * event loop a turn: a stream read from memory or the page cache resolves as microtasks, so a
 * pooled analysis merged no finding until the end (the first finding of a 200 MB capture came
 * with the report). Every 50 ms the scan batch is sent however small (a capture's scan inputs
 * can total less than one 1 MiB batch) and the loop gives one macrotask turn.
 */
const EVENTS_EVERY_MS = 50;
const EAGER_MS = 2000;
/** While eager, chunks are read in pieces of at most this many bytes (each ~2-5 ms of engine time). */
const EAGER_PIECE = 256 << 10;
/**
 * The first partial report, findings or not, once an analysis has run this long: the page then
 * lays out the report (verdict, tabs, the findings list) while the capture is read, and the
 * first finding is an update of that page rather than its first render (measured in chromium,
 * 200 MB: the first render of the report page took 60-90 ms on the page's thread, an update
 * 20-30 ms). A capture read in less time shows no partial at all.
 */
const FIRST_PARTIAL_MS = 50;

/**
 * The chunks, cut into pieces of at most EAGER_PIECE bytes while `eager()` holds: the scan
 * workers' answers are taken in between pieces (the engine loop's event turns), not only after
 * a 2 MiB chunk (~30 ms of reading on a busy machine).
 */
async function* pieces(chunks: AsyncIterable<Uint8Array>, eager: () => boolean): AsyncIterable<Uint8Array> {
  for await (const chunk of chunks) {
    if (chunk.length <= EAGER_PIECE || !eager()) {
      yield chunk;
      continue;
    }
    for (let at = 0; at < chunk.length; at += EAGER_PIECE) yield chunk.subarray(at, at + EAGER_PIECE);
  }
}

type ByteStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** One file of a session read as one capture (analyzeStreams). */
export interface CaptureInput {
  name: string;
  stream: ByteStream;
  /** Its size if known, for progress. */
  bytes?: number;
  /** Its SHA-256 (hex) computed elsewhere (capture.files[].sha256); else hashed inline. */
  sha256?: Promise<string>;
}

/** Streams a capture through the engine. Resolves to a report even for damaged input where
 * anything could be read; rejects with a one-line Error when nothing could. */
export async function analyzeStream(stream: ByteStream, options: AnalyzeOptions): Promise<Report> {
  return run(await CaptureAnalysis.create(options), [stream], options);
}

/**
 * Several files as one capture, in the order given (src/core/DESIGN.md "Several files, one
 * session"): each file its own format detection and reader, one flow table, apps, scanner and
 * findings; frames numbered on across files. The report names them all (`capture.files`); a file
 * that is no capture is a warning, all of them failing the one-line error naming each.
 * `options.sha256`, when given, is that of the files' bytes concatenated in this order.
 */
export async function analyzeStreams(files: CaptureInput[], options: Omit<AnalyzeOptions, 'name' | 'size'> & { name?: string }): Promise<Report> {
  if (files.length === 0) throw new Error('no capture file given');
  const sizes = files.map((f) => f.bytes);
  const size = sizes.every((b) => b !== undefined) ? sizes.reduce((a, b) => a + b!, 0) : undefined;
  const all: AnalyzeOptions = { ...options, name: options.name ?? files.map((f) => f.name).join(' + '), size };
  if (files.length === 1) return run(await CaptureAnalysis.create({ ...all, sha256: options.sha256 ?? files[0].sha256 }), [files[0].stream], all);
  const analysis = await CaptureAnalysis.create(all, files.map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })));
  return run(analysis, files.map((f) => f.stream), all);
}

async function run(analysis: CaptureAnalysis, streams: ByteStream[], options: AnalyzeOptions): Promise<Report> {
  let lastProgress = 0;
  // The first partial report comes FIRST_PARTIAL_MS in, findings or not, the later ones every
  // PARTIAL_EVERY_MS (or at new findings).
  let lastPartial = Date.now() - PARTIAL_EVERY_MS + FIRST_PARTIAL_MS;
  let shownFindings = 0;
  let snapshotMs = 0;
  let lastTurn = Date.now();
  const started = Date.now();
  try {
    for (const [i, stream] of streams.entries()) {
      if (i > 0) analysis.nextFile();
      const isEager = () => !!options.onPartial && shownFindings === 0 && Date.now() - started < EAGER_MS;
      for await (const chunk of pieces(readChunks(stream), isEager)) {
        if (options.signal?.aborted) throw abortError('analysis cancelled');
        analysis.push(chunk);
        // Scan workers behind: wait for them rather than queue the capture up in memory.
        await analysis.backlog();
        let now = Date.now();
        // Until the first finding is out (for the first 2 s), every piece's scan inputs go to the
        // workers at once: the first finding then costs one worker round trip, not a 50 ms tick
        // plus a batch (measured in chromium on 200 MB: first finding shown 485 ms after the drop
        // with the tick alone).
        const eager = isEager();
        if (options.scanPool && (eager || now - lastTurn >= EVENTS_EVERY_MS)) {
          analysis.flushScans();
          await eventTurn();
          now = lastTurn = Date.now();
        }
        if (options.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now;
          options.onProgress(analysis.progress());
        }
        if (options.onPartial && analysis.recognised()) {
          const found = analysis.findingCount();
          const fresh = found > shownFindings && (shownFindings === 0 || now - lastPartial >= Math.max(NEW_FINDINGS_MS, SNAPSHOT_SHARE * snapshotMs));
          if (fresh || now - lastPartial >= PARTIAL_EVERY_MS) {
            options.onPartial(analysis.snapshot());
            lastPartial = Date.now();
            snapshotMs = lastPartial - now;
            shownFindings = found;
          }
        }
      }
    }
    if (options.signal?.aborted) throw abortError('analysis cancelled');
  } catch (e) {
    analysis.dispose();
    throw e;
  }
  const report = await analysis.finish();
  options.onProgress?.(analysis.progress());
  return report;
}
