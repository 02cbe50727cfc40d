/**
 * The engine's one entry point: capture bytes in, report out. Used by the worker, the CLI and
 * tests alike. Chunks go through capture -> decode -> flow -> extract -> scan -> report.
 */
import type { Report } from './report/types';
import type { AnalyzeOptions } from './options';
import { CaptureAnalysis } from './analysis';
import { abortError, readChunks } from './chunks';

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

/** Streams a capture through the engine. Resolves to a report even for damaged input where
 * anything could be read; rejects with a one-line Error when nothing could. */
export async function analyzeStream(
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: AnalyzeOptions,
): Promise<Report> {
  const analysis = await CaptureAnalysis.create(options);
  let lastProgress = 0;
  let lastPartial = Date.now();
  let shownFindings = 0;
  let snapshotMs = 0;
  try {
    for await (const chunk of readChunks(stream)) {
      if (options.signal?.aborted) throw abortError('analysis cancelled');
      analysis.push(chunk);
      // Scan workers behind: wait for them rather than queue the capture up in memory.
      await analysis.backlog();
      const now = Date.now();
      if (options.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        options.onProgress(analysis.progress());
      }
      if (options.onPartial) {
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
    if (options.signal?.aborted) throw abortError('analysis cancelled');
  } catch (e) {
    analysis.dispose();
    throw e;
  }
  const report = await analysis.finish();
  options.onProgress?.(analysis.progress());
  return report;
}

