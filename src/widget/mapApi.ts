/**
 * The contract between <capture-report> (widget.js / widget.mjs) and widget-map.js, the map
 * loaded on demand. Types only: each side is its own bundle with its own Svelte runtime, so
 * nothing reactive crosses between them, only a report object and a masking function.
 */
import type { Report } from '../core/report/types';

/** What the map is drawn from: the report as shown, and the widget's masking of text from the capture. */
export interface MapModel {
  report: Report;
  /** A host name or sentence as the widget's redaction mode shows it (identity for `none`). */
  mask: (text: string) => string;
}

export interface MapHandle {
  destroy(): void;
}

/** What widget-map.js defines on the page: `globalThis.CaptureReportMap`. */
export interface MapModule {
  mount(target: Element, model: MapModel): MapHandle;
}

/** The global name of widget-map.js's IIFE (vite.widget.config.ts builds it under this name). */
export const MAP_GLOBAL = 'CaptureReportMap';
