/** Builds the production bundle once and serves it with `vite preview` on a free port. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT as root } from '../corpus';
import { freePort } from '../net';

const bin = (name: string) => resolve(root, 'node_modules/.bin', name);

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The built app being served (for tests that serve an altered copy). */
    outDir: string;
  }
}


async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`vite preview did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let server: ChildProcess | null = null;

// Each run builds into its own folder, so concurrent runs (several engineers, or a dev server's
// dist/) never serve each other's half-written files. E2E_SKIP_BUILD=1 serves E2E_OUT_DIR or dist/.
const outDir = process.env.E2E_SKIP_BUILD === '1'
  ? resolve(root, process.env.E2E_OUT_DIR ?? 'dist')
  : resolve(root, `.out/e2e-dist-${process.pid}`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    if (!existsSync(resolve(root, 'build/scanner.wasm'))) {
      const wasm = spawnSync('npm', ['run', 'build:wasm'], { cwd: root, stdio: 'inherit' });
      if (wasm.status !== 0) console.warn('e2e: npm run build:wasm failed; the page will run without the scanner');
    }
    const build = spawnSync(bin('vite'), ['build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
      cwd: root,
      stdio: 'inherit',
      // vitest sets NODE_ENV=test, which would make this a development build: test what ships.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error('e2e: vite build failed');
  }
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  server = spawn(bin('vite'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`${baseURL}/`, 30_000);
  project.provide('baseURL', baseURL);
  project.provide('outDir', outDir);
  return async () => {
    if (server?.pid && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    server = null;
    if (process.env.E2E_SKIP_BUILD !== '1') rmSync(outDir, { recursive: true, force: true });
  };
}
