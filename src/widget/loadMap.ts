/**
 * Loads widget-map.js on demand: a classic <script> (the same file serves widget.js and
 * widget.mjs, from any origin, without CORS) that defines `globalThis.CaptureReportMap`.
 * The script element goes into the widget's shadow root, not the page's <head>. One load per
 * page: every widget shares the promise.
 */
import { MAP_GLOBAL, type MapModule } from './mapApi';

let loading: Promise<MapModule> | null = null;

function defined(): MapModule | null {
  const m = (globalThis as Record<string, unknown>)[MAP_GLOBAL] as Partial<MapModule> | undefined;
  return m && typeof m.mount === 'function' ? (m as MapModule) : null;
}

/** The map module from `url`, appending its script to `parent` the first time. */
export function loadMap(url: string, parent: Node): Promise<MapModule> {
  const ready = defined();
  if (ready) return Promise.resolve(ready);
  loading ??= new Promise<MapModule>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = () => {
      const m = defined();
      if (m) resolve(m);
      else reject(new Error(`${url} defines no map`));
    };
    script.onerror = () => reject(new Error(`${url} could not be loaded`));
    parent.appendChild(script);
  }).catch((e: unknown) => {
    // A failed load (offline, a 404) may be retried by pressing the button again.
    loading = null;
    throw e;
  });
  return loading;
}
