/**
 * V8 heap tuning for the CLI (issue 15, DESIGN.md "Many flows"). On a capture of many small
 * flows the live heap stays ~100-120 MiB, but V8 lets the old generation grow to ~4x the live
 * size between full collections, so peak RSS was mostly garbage (300k tiny flows: 670-705 MB).
 * `--heap-growing-percent` caps that factor without a hard limit (a large HAR entry or body
 * still fits, where --max-old-space-size would abort the run). Set at start-up through
 * v8.setFlagsFromString; V8 reads the factor at each full GC. A flag given on node's command
 * line or in NODE_OPTIONS wins.
 */
import v8 from 'node:v8';

/** Old generation grows by at most 1.6x the live size after a full GC (measured: see DESIGN.md). */
export const HEAP_GROWING_PERCENT = 60;

export function heapFlags(): void {
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (/--heap[-_]growing[-_]percent/.test(given)) return;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
