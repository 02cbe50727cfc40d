/**
 * Where the widget's own files are. The engine worker, the scanner and the offline tables are
 * loaded relative to the widget script, not to the page (which may be on another origin).
 * Read once at load time: document.currentScript is only set while a classic script runs.
 */
const current = typeof document !== 'undefined' ? document.currentScript : null;

/** URL of widget.js / widget.mjs as loaded; the page's URL if it cannot be told. */
export const scriptUrl: string =
  current !== null && current instanceof HTMLScriptElement && current.src
    ? current.src
    : typeof import.meta.url === 'string' && /^(https?|file):/.test(import.meta.url)
      ? import.meta.url
      : typeof document !== 'undefined'
        ? document.baseURI
        : '';

/** Absolute URL of a widget asset, relative to `base` (the `engine` attribute) or the script. */
export function assetUrl(name: string, base?: string | null): string {
  const dir = base ? new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI).href : scriptUrl;
  return new URL(name, dir).href;
}
