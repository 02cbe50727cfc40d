/**
 * The installable, offline app (vite-plugin-pwa, src/app/pwa/): installability and the manifest,
 * precaching on the first visit, a reload and an analysis with the network off, the
 * Content-Security-Policy (header and meta, no violation, other origins refused), and files
 * handed over by the operating system through the launch queue.
 *
 *   npx vitest run --config tests/e2e/vitest.config.ts tests/e2e/pwa.e2e.test.ts
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { expect, inject, test } from 'vitest';
import { corpus, openCapture, shot, start, tab, useSession, verdictLines, type Session } from './browser';

/** The policy vite.config.ts puts in the page (meta) and vite preview sends (header). */
const CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

function parseCsp(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

/** Collects CSP violations of the page (securitypolicyviolation events) from its first script on. */
const RECORD_VIOLATIONS = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile });
  });
`;

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp);

/** Console errors of the engine worker and the service worker (the page's are in Session.errors). */
function workerErrors(s: Session): string[] {
  const errors: string[] = [];
  const watch = (w: { url(): string; on(e: 'console', f: (m: { type(): string; text(): string }) => void): unknown }) =>
    w.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${w.url()}: ${m.text()}`);
    });
  s.page.on('worker', watch);
  s.context.on('serviceworker', watch);
  for (const w of s.context.serviceWorkers()) watch(w);
  return errors;
}

/** Waits until the service worker is active (every file precached), as the page sees it. */
async function swReady(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.scriptURL ?? '';
  });
}

/** URL paths in the precache (Workbox's revision parameter removed). */
async function precached(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith('workbox-precache'));
    const urls: string[] = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(new URL(r.url).pathname);
    return urls.sort();
  });
}

const session = useSession({ expectClean: false });

test('installable: no installability errors; manifest with icons (maskable too) and file handlers', async () => {
  const s = await session.launch();
  const { page, context } = s;
  await start(s);
  await swReady(page);
  const cdp = await context.newCDPSession(page);

  const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[]; data?: string };
  expect(manifest.url).toBe(`${s.baseURL}/manifest.webmanifest`);
  expect(manifest.errors).toEqual([]);
  const m = JSON.parse(manifest.data ?? '{}');
  expect(m).toMatchObject({
    name: 'Leakscope',
    short_name: 'Leakscope',
    display: 'standalone',
    start_url: '/',
    scope: '/',
    theme_color: '#c2410c',
    background_color: '#fafaf9',
    launch_handler: { client_mode: ['focus-existing', 'auto'] },
    file_handlers: [
      {
        action: '/',
        accept: {
          'application/vnd.tcpdump.pcap': ['.pcap', '.cap'],
          'application/x-pcapng': ['.pcapng'],
          'application/gzip': ['.gz'],
        },
      },
    ],
  });
  expect(m.description.length).toBeGreaterThan(20);

  // Every icon is a real PNG of the size it claims; one of them is maskable.
  const icons = m.icons as { src: string; sizes: string; type: string; purpose: string }[];
  expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of icons) {
    const head = await page.evaluate(async (src) => {
      const r = await fetch(src);
      return { type: r.headers.get('content-type'), bytes: [...new Uint8Array(await r.arrayBuffer()).subarray(0, 24)] };
    }, icon.src);
    expect(head.type).toBe('image/png');
    const b = Buffer.from(head.bytes);
    expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(`${b.readUInt32BE(16)}x${b.readUInt32BE(20)}`).toBe(icon.sizes);
  }

  const installability = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
  console.log(`installability errors: ${JSON.stringify(installability.installabilityErrors)}; manifest icons: ${icons.length}`);
  expect(installability.installabilityErrors).toEqual([]);

  expect(await page.locator('head meta[name="theme-color"]').getAttribute('content')).toBe('#c2410c');
  expect(s.foreign()).toEqual([]);
  expect(s.errors).toEqual([]);
});

test('the first visit precaches every file; with the network off a reload and an analysis work', async () => {
  const s = await session.launch();
  const { page, context } = s;
  const werrors = workerErrors(s);
  await start(s);
  const script = await swReady(page);
  expect(script).toBe(`${s.baseURL}/sw.js`);
  await page.locator('html[data-offline-ready]').waitFor({ state: 'attached', timeout: 30_000 });

  // The precache holds every file of the build the service worker lists…
  const swText = await page.evaluate(async () => (await fetch('/sw.js')).text());
  const listed = [...swText.matchAll(/url:\s*"([^"]+)"/g)].map((x) => `/${x[1]}`);
  const cached = await precached(page);
  expect(cached).toEqual([...new Set(listed)].sort());
  // …which are all the app is made of: page, styles, scripts, the engine worker, the scanner,
  // the tables, the sample, the manifest and its icons.
  for (const re of [/^\/index\.html$/, /^\/assets\/index-.*\.js$/, /^\/assets\/index-.*\.css$/, /^\/assets\/engine\.worker-.*\.js$/, /\.wasm$/, /^\/assets\/asn\.bin-.*\.gz$/, /^\/assets\/country\.bin-.*\.gz$/, /^\/assets\/trackers-.*\.json$/, /^\/sample\.pcap$/, /^\/manifest\.webmanifest$/, /^\/icons\/maskable-512\.png$/]) {
    expect(cached.some((p) => re.test(p)), String(re)).toBe(true);
  }
  // Every file the first visit fetched (apart from the service worker's own scripts) is in it.
  const fetched = new Set(s.requests.filter((u) => u.startsWith(s!.baseURL)).map((u) => new URL(u).pathname));
  const missing = [...fetched].filter((p) => p !== '/' && p !== '/sw.js' && !/^\/workbox-[\w]+\.js$/.test(p) && !cached.includes(p));
  expect(missing).toEqual([]);

  // The same capture, analysed online first, gives the same verdict offline.
  const capture = join(corpus, 'captures/08-https-dsb.pcapng');
  await openCapture(page, capture);
  const online = await verdictLines(page);
  expect(online.length).toBeGreaterThan(0);

  await context.setOffline(true);
  const offlineResponses: Response[] = [];
  const failed: string[] = [];
  const onResponse = (r: Response) => offlineResponses.push(r);
  context.on('response', onResponse);
  context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  await page.reload();
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${s.baseURL}/sw.js`);
  // The reload reopened the last session; now a new capture, a gzipped one too, read offline.
  await openCapture(page, capture);
  expect(await verdictLines(page)).toEqual(online);
  await tab(page, /Capture/);
  await expect.poll(() => page.getByTestId('inventory').getByTestId('inv-name').textContent()).toBe('08-https-dsb.pcapng');
  await openCapture(page, join(corpus, 'captures/14-linktype-gz.pcap.gz'));
  expect((await verdictLines(page)).length).toBeGreaterThan(0);
  // The engine found its scanner and tables (fetched by the worker, from the cache).
  expect(await page.getByTestId('scanner-missing').count()).toBe(0);
  expect(await page.getByTestId('tables-missing').count()).toBe(0);
  expect(await page.getByTestId('engine-missing').count()).toBe(0);

  const http = offlineResponses.filter((r) => r.url().startsWith('http'));
  const notFromSw = http.filter((r) => !r.fromServiceWorker()).map((r) => r.url());
  const paths = [...new Set(http.map((r) => new URL(r.url()).pathname.replace(/-[\w-]{8}\./, '-*.')))].sort();
  console.log(`offline: ${http.length} responses, ${http.length - notFromSw.length} from the service worker: ${paths.join(' ')}; precache ${cached.length} files`);
  expect(notFromSw).toEqual([]);
  expect(paths).toEqual(expect.arrayContaining(['/', '/assets/engine.worker-*.js', '/assets/asn.bin-*.gz', '/assets/trackers-*.json']));
  expect(paths.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(failed).toEqual([]);
  context.off('response', onResponse);
  await context.setOffline(false);

  expect(s.foreign()).toEqual([]);
  expect(s.errors).toEqual([]);
  expect(werrors).toEqual([]);
});

test('Content-Security-Policy: header and meta, no violation while the app works, other origins refused', async () => {
  const s = await session.launch();
  const { page, context } = s;
  const werrors = workerErrors(s);
  await context.addInitScript(RECORD_VIOLATIONS);
  const nav = await page.goto(s.baseURL);
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });

  const header = nav?.headers()['content-security-policy'] ?? '';
  const meta = (await page.locator('head meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  console.log(`CSP: ${meta}`);
  expect(parseCsp(meta)).toEqual(CSP);
  expect(parseCsp(header)).toEqual(CSP);
  // The meta comes before any script, so it governs all of them.
  expect(await page.evaluate(() => document.head.firstElementChild?.getAttribute('http-equiv'))).toBe('Content-Security-Policy');

  // The service worker and the engine worker run under the header too (a meta tag does not reach them).
  await swReady(page);
  const sw = await page.evaluate(async () => (await fetch('/sw.js')).headers.get('content-security-policy'));
  expect(parseCsp(sw ?? '')).toEqual(CSP);

  // The app at work: the worker, its wasm (scanner and hash-wasm), the tables, a gzipped capture.
  await openCapture(page, join(corpus, 'captures/14-linktype-gz.pcap.gz'));
  await page.reload();
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  await openCapture(page, join(corpus, 'captures/08-https-dsb.pcapng'));
  expect(await page.getByTestId('scanner-missing').count()).toBe(0);
  expect(await violations(page)).toEqual([]);
  expect(s.errors).toEqual([]);
  expect(werrors).toEqual([]);

  // Enforced: a connection to another origin is refused before it reaches the network, and so
  // is script from elsewhere.
  const refused = new Map<string, string>();
  context.on('requestfailed', (r) => refused.set(r.url(), r.failure()?.errorText ?? ''));
  const probe = await page.evaluate(async () => {
    const fetched = await fetch('http://127.0.0.2:9/').then(() => 'fetched', (e: Error) => e.name);
    const script = await new Promise<string>((ok) => {
      const el = document.createElement('script');
      el.src = 'http://127.0.0.2:9/x.js';
      el.onload = () => ok('loaded');
      el.onerror = () => ok('blocked');
      document.head.append(el);
    });
    return { fetched, script };
  });
  expect(probe).toEqual({ fetched: 'TypeError', script: 'blocked' });
  // (Each is reported twice: the meta and the header are two policies, both enforced.)
  await expect.poll(async () => [...new Set((await violations(page)).map((v) => v.directive))].sort()).toEqual(['connect-src', 'script-src-elem']);
  // The script element shows up as a request that Chromium refused itself (the fetch not even that).
  for (const u of s.foreign()) expect(`${u} ${refused.get(u)}`).toBe(`${u} csp`);
  // Only the probes' own refusals were reported.
  expect(s.errors.every((e) => e.includes('127.0.0.2'))).toBe(true);
});

test('a file opened from the operating system (launch queue) is analysed, at start and later', async () => {
  const file = (name: string) => ({ name, b64: readFileSync(join(corpus, 'captures', name)).toString('base64') });
  const first = file('02-analytics-get.pcap');
  const second = file('14-linktype-gz.pcap.gz');
  const s = await session.launch();
  const { page, context } = s;
  // Chromium gives installed apps a launch queue; a test page is not installed, so this stands
  // in for it: launch parameters queued until the page sets its consumer, as Chromium does.
  await context.addInitScript(({ name, b64 }) => {
    const toFile = (n: string, data: string) => new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], n);
    const params = (f: File) => ({ targetURL: location.href, files: [{ kind: 'file', name: f.name, getFile: async () => f }] });
    const pending = [params(toFile(name, b64))];
    let consumer: ((p: unknown) => void) | null = null;
    Object.defineProperty(window, 'launchQueue', {
      configurable: true,
      value: {
        setConsumer(fn: (p: unknown) => void) {
          consumer = fn;
          for (const p of pending.splice(0)) fn(p);
        },
      },
    });
    (window as unknown as { __launch: (n: string, d: string) => boolean }).__launch = (n, d) => {
      consumer?.(params(toFile(n, d)));
      return consumer !== null;
    };
  }, first);

  // First visit, launched with a file: that file is analysed instead of the sample.
  await start(s);
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
  await expect.poll(() => page.title()).toBe(`${first.name} — Leakscope`);
  await tab(page, /Capture/);
  await expect.poll(() => page.getByTestId('inventory').getByTestId('inv-name').textContent()).toBe(first.name);

  // The app already open, another file arrives (launch_handler: focus-existing): no reload.
  expect(await page.evaluate(({ name, b64 }) => (window as unknown as { __launch: (n: string, d: string) => boolean }).__launch(name, b64), second)).toBe(true);
  await expect.poll(() => page.title(), { timeout: 60_000 }).toBe(`${second.name} — Leakscope`);
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
  await tab(page, /Capture/);
  await expect.poll(() => page.getByTestId('inventory').getByTestId('inv-name').textContent()).toBe(second.name);
  expect((await verdictLines(page)).length).toBeGreaterThan(0);
  expect(s.foreign()).toEqual([]);
  expect(s.errors).toEqual([]);
});

/**
 * A second origin in front of vite preview that can "deploy" a new version: once `next` is set,
 * /sw.js comes back changed (which is all a new build looks like to the browser's update check).
 * Playwright's routing does not see the browser's own service-worker update fetches, hence a proxy.
 */
async function deployableOrigin(upstream: string): Promise<{ origin: string; deployNext(): void; close(): Promise<void> }> {
  let next = false;
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const r = await fetch(`${upstream}${req.url}`, { headers: { accept: req.headers.accept ?? '*/*' } });
        let body = Buffer.from(await r.arrayBuffer());
        if (next && new URL(req.url ?? '/', upstream).pathname === '/sw.js') body = Buffer.concat([body, Buffer.from('\n// next version\n')]);
        const headers: Record<string, string> = {};
        r.headers.forEach((v, k) => {
          if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'etag', 'last-modified'].includes(k)) headers[k] = v;
        });
        res.writeHead(r.status, headers).end(body);
      } catch (e) {
        res.writeHead(502).end(String(e));
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    deployNext: () => {
      next = true;
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

test('a new version waits for the person: a quiet "Update available — Reload" prompt', async () => {
  const site = await deployableOrigin(inject('baseURL'));
  try {
    const s = await session.launch();
    const { page } = s;
    await page.goto(site.origin);
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
    await swReady(page);
    await page.reload(); // now controlled by the first version
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('update-prompt').count()).toBe(0);

    site.deployNext();
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await prompt.getAttribute('role')).toBe('status');
    expect((await prompt.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Update available Reload Later');
    // Waiting, not active: the page and its analysis are untouched until the person chooses.
    const state = () =>
      page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        return { waiting: !!reg?.waiting, controlled: !!navigator.serviceWorker.controller };
      });
    expect(await state()).toEqual({ waiting: true, controlled: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(page, 'update-prompt-1280');

    // "Reload": the waiting version takes over and the page reloads once, by itself.
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    await page.getByTestId('update-reload').click();
    await reloaded;
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('update-prompt').count()).toBe(0);
    expect(await state()).toEqual({ waiting: false, controlled: true });

    const origin = site.origin;
    expect(s.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin)).toEqual([]);
    expect(s.errors).toEqual([]);
  } finally {
    await site.close();
  }
});
