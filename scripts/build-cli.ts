/**
 * Builds the CLI (npm run build:cli, which `leakscope` runs when the sources changed): each program (the CLI
 * and its worker threads) as a CommonJS bundle build/cli/<name>.main.cjs, started by a small
 * ESM launcher build/cli/<name>.mjs that runs it through a V8 code cache (src/cli/launch.ts
 * says why), and the offline tables inflated into build/cli/data.
 *
 * Incremental, because a rebuild must not cost the next run its start-up: a file is written only when its
 * bytes change, and a program's code caches are removed only when its bundle changed (they
 * would be rejected anyway; removing them keeps stale ones from piling up). A rebuild that
 * wiped everything made every run after it start cold.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { withAbsoluteStarts } from '../src/core/enrich/tables';
import { NODE_ALIASES } from './nodeAliases';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const out = resolve(root, 'build/cli');
const cacheDir = resolve(out, 'cache');
const programs = ['scan', 'analyzeWorker', 'scanWorker'];
programs.push('queue', 'worker'); // the lab: leakscope queue | worker (BullMQ)
programs.push('db'); // leakscope db (src/cli/db.ts)

/**
 * JSON modules as JSON.parse of a string: V8 parses JSON several times faster than the same
 * object literal, and libphonenumber's metadata (165 KB, shipped as `export default {…}` in
 * metadata.max.json.js beside metadata.max.json) is the bundle's largest module.
 */
const jsonAsParse: Plugin = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /\.json(\.js)?$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(readFileSync(args.path.replace(/\.js$/, ''), 'utf8').trim())});`,
      loader: 'js',
    }));
  },
};

/** Writes the file unless it already holds these bytes; true when it wrote. */
function writeIfChanged(path: string, bytes: Uint8Array): boolean {
  if (existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0) return false;
  writeFileSync(path, bytes);
  return true;
}

async function bundle(options: BuildOptions & { outfile: string }): Promise<boolean> {
  const result = await build({ ...options, write: false });
  return writeIfChanged(options.outfile, result.outputFiles![0].contents);
}

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: root } as const;
// Native packages load their .node binding from node_modules at run time: required, never bundled.
const external = ['@duckdb/node-api'];
mkdirSync(resolve(out, 'data'), { recursive: true });

/**
 * The engine's version in every report (`generator.engine`, src/cli/reportFile.ts): a hash of
 * what decides a report — the bundled engine (analyzeFile.ts and all it imports, node_modules
 * included), the scanner and the offline tables — so a batch rerun rescans exactly when a report
 * could differ, and scan and worker, built together, stamp the same version. Minified, because
 * the plain bundle names each module's path (../main/node_modules/…): the hash must not depend
 * on where a clone or its node_modules sit, or two machines' reports would differ.
 */
async function engineVersion(): Promise<string> {
  const engine = await build({ ...common, entryPoints: ['src/cli/analyzeFile.ts'], format: 'cjs', mainFields: ['module', 'main'], alias: NODE_ALIASES, plugins: [jsonAsParse], define: { 'import.meta.url': '""' }, minify: true, write: false });
  const hash = createHash('sha256').update(engine.outputFiles[0].contents);
  for (const file of ['build/scanner.wasm', 'src/data/trackers.json', 'src/data/country.bin.gz', 'src/data/asn.bin.gz']) {
    const path = resolve(root, file);
    hash.update(file).update(existsSync(path) ? readFileSync(path) : Buffer.alloc(0));
  }
  return hash.digest('hex').slice(0, 16);
}
const pkgVersion = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }).version;
const stamp = { __LEAKSCOPE_VERSION__: JSON.stringify(pkgVersion), __LEAKSCOPE_ENGINE__: JSON.stringify(`${pkgVersion}+${await engineVersion()}`) };

await Promise.all(programs.map(async (name) => {
  const changed = await bundle({
    ...common,
    entryPoints: [`src/cli/${name}.ts`],
    outfile: `${out}/${name}.main.cjs`,
    format: 'cjs',
    external,
    mainFields: ['module', 'main'],
    // node's zlib instead of the brotli package's 833 KB dictionary (brotliNode.ts); node's
    // AES instead of JavaScript tables built at start-up (aesNode.ts)
    alias: NODE_ALIASES,
    define: { 'import.meta.url': '__leakscopeUrl', ...stamp },
    plugins: [jsonAsParse],
  });
  await bundle({
    ...common,
    entryPoints: ['src/cli/launch.ts'],
    outfile: `${out}/${name}.mjs`,
    format: 'esm',
    define: { __LAUNCH__: JSON.stringify(name) },
  });
  if (changed && existsSync(cacheDir)) {
    for (const f of readdirSync(cacheDir)) if (f.startsWith(`${name}-`)) rmSync(resolve(cacheDir, f), { force: true });
  }
}));

// The offline tables inflated once here, not on every run (src/cli/nodeAssets.ts), with their
// start columns summed (LKC3/LKA3) so a run looks up without summing 800,000 deltas first.
for (const name of ['country.bin', 'asn.bin']) {
  const source = resolve(root, 'src/data', `${name}.gz`);
  const target = resolve(out, 'data', name);
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) continue;
  writeFileSync(target, withAbsoluteStarts(gunzipSync(readFileSync(source))));
}

// When the bundle was last built from the sources (scripts/leakscope.mjs compares the sources'
// times with this one; the bundles keep their old times when their bytes did not change).
writeFileSync(resolve(out, 'built'), `${new Date().toISOString()}\n`);
