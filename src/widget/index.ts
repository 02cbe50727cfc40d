/**
 * The <capture-report> custom element (docs/widget.md). Built as dist/widget/widget.mjs (ES
 * module) and dist/widget/widget.js (classic script). No engine code is reachable from here:
 * captures are analysed by widget-engine.js, started in a worker only when `capture` is used.
 */
import CaptureReport from './CaptureReport.svelte';

export const TAG = 'capture-report';

/** The element class (also registered as <capture-report>). */
// (`element` exists when compiled with customElement, which vite.widget.config.ts sets for it.)
export const CaptureReportElement = (CaptureReport as unknown as { element: CustomElementConstructor }).element;

// Defined here rather than by a `tag` in <svelte:options>: Svelte's own define() throws when
// the script is included twice (or both widget.js and widget.mjs are on a page).
if (typeof customElements !== 'undefined' && !customElements.get(TAG)) {
  customElements.define(TAG, CaptureReportElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'capture-report': HTMLElement & {
      src: string | null;
      capture: string | null;
      redact: string | null;
      engine: string | null;
      report: unknown;
    };
  }
}
