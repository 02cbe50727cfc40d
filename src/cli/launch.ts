/**
 * Starts one of the CLI's programs (build/cli/<name>.main.cjs) through a V8 code cache, so a
 * run does not parse and compile the bundle again: on the bench VM a one-capture run went from
 * 0.56-0.62 s to 0.39-0.52 s. Node 20 has no module compile cache (22 has), hence vm.Script
 * with cachedData, which only takes classic scripts: the programs are bundled as CommonJS.
 *
 * The cache is written once, after the program reports real work (`codeCacheReady`), so it
 * holds the functions a capture's analysis compiles, not just the start-up path. V8 rejects a
 * cache from another V8 or other flags; the file name carries a hash of the bundle, because V8
 * itself only compares the source's length. Any failure here only costs the cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { heapFlags } from './heapFlags';

/** The program's name, set by the build (scripts/build-cli.ts). */
declare const __LAUNCH__: string;

// Before anything is compiled: the flags are process-wide (analysis worker threads too) and
// part of the code cache's flag hash, so set them the same way on every run.
heapFlags();

const self = import.meta.url;
const mainFile = fileURLToPath(new URL(`./${__LAUNCH__}.main.cjs`, self));
const source = readFileSync(mainFile, 'utf8');
const key = createHash('sha1').update(source).update(`${process.version} ${process.arch} ${process.execArgv.join(' ')}`).digest('hex').slice(0, 16);
const cacheFile = fileURLToPath(new URL(`./cache/${__LAUNCH__}-${key}.v8`, self));

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // first run of this build: no cache yet
}

const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __leakscopeUrl) {${source}\n})`, {
  filename: mainFile,
  cachedData,
});

if (!cachedData || script.cachedDataRejected) {
  let written = false;
  (globalThis as { __leakscopeCodeCacheReady?: () => void }).__leakscopeCodeCacheReady = () => {
    if (written) return;
    written = true;
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      // Another process may write the same file: write aside, then rename (atomic).
      const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // read-only install: run without a cache
    }
  };
}

const module = { exports: {} };
const run = script.runInThisContext() as (...args: unknown[]) => void;
// The programs resolve their workers and data from import.meta.url, which the build maps to
// __leakscopeUrl: this launcher's own URL (build/cli/<name>.mjs), as if the bundle were ESM here.
run(module.exports, createRequire(self), module, mainFile, dirname(mainFile), self);
