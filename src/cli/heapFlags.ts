/**
 * V8 heap tuning for the CLI (issues 15 and 16, DESIGN.md "Many flows", "Measured
 * costs"). V8 lets the old generation grow to ~4x the live size between full collections.
 * On a capture of many small flows the live heap stays ~100-120 MiB, so peak RSS was mostly
 * garbage (300k tiny flows: 670-705 MB); `--heap-growing-percent=60` capped the factor without
 * a hard limit (a large HAR entry or body still fits, where --max-old-space-size would abort).
 * But with a small live heap that cap means a full GC every ~90 ms: on the 157 MB lab capture
 * (live heap 20-60 MB) 17 full GCs and ~14 % of the CPU, against the default growth.
 *
 * So the factor follows the live size, read after each full GC: the heap may grow by
 * HEADROOM_BYTES above the live size, as a percentage clamped to [HEAP_GROWING_PERCENT,
 * MAX_GROWING_PERCENT]. Measured (CPU s / peak RSS, runs alternated): the lab capture 3.1-3.35 s /
 * 355 MB with a fixed 60 %, 2.90-3.00 s / 363-369 MB with this (17 full GCs -> 7); 300k tiny
 * flows 4.7 s / 237-242 MB fixed, 4.3-4.8 s / 260-278 MB with this (live heap > 100 MB, so the
 * factor is back at 60 %). V8 reads the factor at each full GC, so setFlagsFromString at run time
 * takes effect at the next one. A flag given on node's command line or in NODE_OPTIONS wins.
 */
import v8 from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';

/** Old generation grows by at least 1.6x the live size after a full GC ... */
export const HEAP_GROWING_PERCENT = 60;
/** ... and by at most 4x (V8's own maximum), ... */
export const MAX_GROWING_PERCENT = 300;
/** ... aiming at this much room above the live size before the next full GC. */
export const HEADROOM_BYTES = 64 << 20;

/** The factor (percent above the live size) for a live heap of this size. */
export function growingPercentFor(liveBytes: number): number {
  const percent = Math.floor((100 * HEADROOM_BYTES) / Math.max(1, liveBytes));
  return Math.min(MAX_GROWING_PERCENT, Math.max(HEAP_GROWING_PERCENT, percent));
}

export function heapFlags(): void {
  const given = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (/--heap[-_]growing[-_]percent/.test(given)) return;
  let current = -1;
  const set = (percent: number) => {
    if (percent === current) return;
    v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
    current = percent;
  };
  set(growingPercentFor(0));
  // GC entries come after the collection, on the event loop; the observer keeps no process alive.
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) set(growingPercentFor(v8.getHeapStatistics().used_heap_size));
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}
