/**
 * The embeddable widget (docs/widget.md): `vite build --config vite.widget.config.ts`.
 *
 * dist/widget/
 *   widget.mjs         <capture-report> as an ES module
 *   widget.js          the same as a classic script (IIFE), for <script src>
 *   widget-engine.js   the engine worker (classic script), loaded only for `capture="…"`
 *   widget-map.js      the world map and the flow diagram (classic script), loaded only on "Show the map"
 *   scanner.wasm, country.bin.gz, asn.bin.gz, trackers.json   fetched by the engine worker
 *
 * widget.js / widget.mjs hold no engine code and no map; the worker and the map are further
 * builds run when the first one closes, so one command builds everything. The app's own build (vite.config.ts) empties
 * dist/, so build the widget after it.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin, type PluginOption, type UserConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));
const defaultOutDir = resolve(root, 'dist/widget');
const TARGET = 'es2022';

/** Files the engine worker fetches at run time, copied next to it. */
const ENGINE_ASSETS: [from: string, to: string][] = [
  ['build/scanner.wasm', 'scanner.wasm'],
  ['src/data/country.bin.gz', 'country.bin.gz'],
  ['src/data/asn.bin.gz', 'asn.bin.gz'],
  ['src/data/trackers.json', 'trackers.json'],
];

/** One classic script (IIFE) from `entry`, written into `outDir` beside widget.js. */
function buildClassic(outDir: string, entry: string, name: string, fileName: string, plugins: PluginOption[] = []) {
  return build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    plugins,
    build: {
      outDir,
      emptyOutDir: false,
      target: TARGET,
      sourcemap: true,
      minify: true,
      lib: { entry: resolve(root, entry), formats: ['iife'], name, fileName: () => fileName },
    },
  });
}

function engineAndMap(): Plugin {
  let done = false;
  // `--outDir` on the command line (the e2e tests build into a folder of their own) is honoured.
  let outDir = defaultOutDir;
  return {
    name: 'capture-report-engine-and-map',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      if (done) return;
      done = true;
      await buildClassic(outDir, 'src/widget/engine.worker.ts', 'CaptureReportEngine', 'widget-engine.js');
      // The map's exports become the global src/widget/loadMap.ts looks for (MAP_GLOBAL in
      // src/widget/mapApi.ts); its styles are injected into the widget's shadow root like the widget's own.
      await buildClassic(outDir, 'src/widget/map.ts', 'CaptureReportMap', 'widget-map.js', [svelte({ compilerOptions: { css: 'injected' } })]);
      mkdirSync(outDir, { recursive: true });
      for (const [from, to] of ENGINE_ASSETS) {
        const src = resolve(root, from);
        if (existsSync(src)) copyFileSync(src, resolve(outDir, to));
        else this.warn(`${from} is missing (scanner: npm run build:wasm); capture mode will report without it`);
      }
    },
  };
}

const config: UserConfig = {
  plugins: [
    svelte({
      // Styles go into the shadow root; only the root component is a custom element.
      compilerOptions: { css: 'injected' },
      dynamicCompileOptions: ({ filename }) => (filename.endsWith('/CaptureReport.svelte') ? { customElement: true } : undefined),
    }),
    engineAndMap(),
  ],
  // The widget ships no public/ files: the example advisory page is the app's public/advisory/.
  publicDir: false,
  build: {
    outDir: defaultOutDir,
    emptyOutDir: true,
    target: TARGET,
    sourcemap: true,
    minify: true,
    lib: {
      entry: resolve(root, 'src/widget/index.ts'),
      formats: ['es', 'iife'],
      name: 'CaptureReport',
      fileName: (format) => (format === 'es' ? 'widget.mjs' : 'widget.js'),
    },
    rolldownOptions: {
      // src/widget/base.ts reads import.meta.url only in the ES build; in the classic script it
      // becomes {} and document.currentScript gives the script's URL instead.
      checks: { emptyImportMeta: false },
    },
  },
};

export default defineConfig(({ command }) => {
  // A published build whatever the caller's NODE_ENV (vitest sets `test`, which would give a
  // development build: Svelte's dev runtime and inline CSS source maps, twice the size).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});
