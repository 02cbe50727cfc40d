/**
 * Plumbing for the widget's browser tests: builds the widget, and two small node:http static
 * servers on two ports (two origins): one for the widget files, one for the advisory pages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../corpus';

export const root = REPO_ROOT;
export const advisoryDir = resolve(root, 'public/advisory');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.pcap': 'application/vnd.tcpdump.pcap',
  '.pcapng': 'application/octet-stream',
};

/**
 * Builds the widget into a folder of this run's own (like global-setup.ts does for the app, so
 * concurrent runs never serve each other's half-written files) and returns it.
 * WIDGET_SKIP_BUILD=1 uses dist/widget as it is (`npx vite build -c vite.widget.config.ts`).
 */
export function buildWidget(): { dir: string; dispose: () => void } {
  if (process.env.WIDGET_SKIP_BUILD === '1') {
    const dir = resolve(root, 'dist/widget');
    if (!existsSync(resolve(dir, 'widget.js'))) throw new Error('widget e2e: WIDGET_SKIP_BUILD=1 but dist/widget/widget.js is missing');
    return { dir, dispose: () => {} };
  }
  if (!existsSync(resolve(root, 'build/scanner.wasm'))) {
    const wasm = spawnSync('npm', ['run', 'build:wasm'], { cwd: root, stdio: 'inherit' });
    if (wasm.status !== 0) throw new Error('widget e2e: npm run build:wasm failed');
  }
  const dir = resolve(root, `.out/e2e-widget-${process.pid}`);
  const vite = resolve(root, 'node_modules/.bin/vite');
  const build = spawnSync(vite, ['build', '--config', 'vite.widget.config.ts', '--logLevel', 'warn', '--outDir', dir, '--emptyOutDir'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('widget e2e: vite build --config vite.widget.config.ts failed');
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface StaticServer {
  origin: string;
  /** Paths requested, in order, with the Origin header when there was one. */
  log: { path: string; origin: string | null }[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Directory served at /. */
  dir: string;
  /** Send Access-Control-Allow-Origin: * (a CDN does; the widget's engine files need it cross-origin). */
  cors?: boolean;
  /** Extra pages by path, e.g. '/t/report.html' -> HTML text. */
  pages?: Map<string, string>;
  /** Rewrites a served HTML file, e.g. to point its script at the other origin. */
  rewriteHtml?: (path: string, html: string) => string;
}

/** A static server on 127.0.0.1 and a free port. GET and HEAD only; no directory listings. */
export async function serve(opts: ServeOptions): Promise<StaticServer> {
  const log: StaticServer['log'] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let path = decodeURIComponent(url.pathname);
    log.push({ path, origin: (req.headers.origin as string | undefined) ?? null });
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (opts.cors) headers['access-control-allow-origin'] = '*';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    const page = opts.pages?.get(path);
    if (page !== undefined) {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end(req.method === 'HEAD' ? undefined : page);
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(opts.dir, `.${path}`);
    if (!(file === opts.dir || file.startsWith(opts.dir + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let body: Buffer | string = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (extname(file) === '.html' && opts.rewriteHtml) body = opts.rewriteHtml(path, body.toString('utf8'));
    res.writeHead(200, { ...headers, 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const server: Server = createServer((req, res) => {
    try {
      handler(req, res);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** A plain page: the widget script from `scriptSrc` and the given body. */
export function plainPage(body: string, scriptSrc: string, opts: { module?: boolean; head?: string } = {}): string {
  const script = opts.module ? `<script type="module" src="${scriptSrc}"></script>` : `<script src="${scriptSrc}"></script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>widget test</title>${opts.head ?? ''}</head>
<body>
${body}
${script}
</body></html>`;
}
