/**
 * Builds the CLI (npm run build:cli): each program (the CLI and its two worker threads) as a
 * CommonJS bundle build/cli/<name>.main.cjs, started by a small ESM launcher build/cli/<name>.mjs
 * that runs it through a V8 code cache (src/cli/launch.ts says why). Old caches are removed.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { withAbsoluteStarts } from '../src/core/enrich/tables';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const out = resolve(root, 'build/cli');
const programs = ['scan', 'analyzeWorker', 'scanWorker'];

rmSync(out, { recursive: true, force: true }); // stale bundles and caches
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

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', absWorkingDir: root } as const;
await Promise.all([
  ...programs.map((name) =>
    build({
      ...common,
      entryPoints: [`src/cli/${name}.ts`],
      outfile: `${out}/${name}.main.cjs`,
      format: 'cjs',
      mainFields: ['module', 'main'],
      // node's zlib instead of the brotli package's 833 KB dictionary (brotliNode.ts); node's
      // AES instead of JavaScript tables built at start-up (aesNode.ts)
      alias: { 'brotli/decompress': './src/cli/brotliNode.ts', '@noble/ciphers/aes.js': './src/cli/aesNode.ts' },
      define: { 'import.meta.url': '__leakscopeUrl' },
      plugins: [jsonAsParse],
    })),
  ...programs.map((name) =>
    build({
      ...common,
      entryPoints: ['src/cli/launch.ts'],
      outfile: `${out}/${name}.mjs`,
      format: 'esm',
      define: { __LAUNCH__: JSON.stringify(name) },
    })),
]);

// The offline tables inflated once here, not on every run (src/cli/nodeAssets.ts), with their
// start columns summed (LKC3/LKA3) so a run looks up without summing 800,000 deltas first.
mkdirSync(resolve(out, 'data'), { recursive: true });
for (const name of ['country.bin', 'asn.bin']) {
  writeFileSync(resolve(out, 'data', name), withAbsoluteStarts(gunzipSync(readFileSync(resolve(root, 'src/data', `${name}.gz`)))));
}
