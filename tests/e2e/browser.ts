/** Shared browser plumbing: a fresh chromium profile per test, every request recorded. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, expect, inject } from 'vitest';
import { FORMATS, LEAKS, REPO_ROOT } from '../corpus';

export const root = REPO_ROOT;
/** The leak corpus (captures/, keys/, profile.json). */
export const corpus = LEAKS;
/** The input-format corpus (captures/ of every format, with apps; profile.json). */
export const formats = FORMATS;
export const screenshots = resolve(root, '.out/screenshots');

export interface Session {
  context: BrowserContext;
  page: Page;
  baseURL: string;
  /** Every URL requested by the page and its workers, in order. */
  requests: string[];
  /**
   * Requests to anything but the app's origin, or else the `allowed` origins (a widget page and
   * the widget's files); data:/blob: are local and allowed.
   */
  foreign(allowed?: string[]): string[];
  /** Console errors and uncaught exceptions seen on the page. */
  errors: string[];
  /** Closes the browser; the profile directory is removed unless `keepProfile`. */
  close(): Promise<void>;
  profileDir: string;
}

/** Launches Debian's chromium with a persistent (fresh unless `profileDir` is given) profile. */
export async function launch(opts: { width?: number; height?: number; profileDir?: string; keepProfile?: boolean } = {}): Promise<Session> {
  const baseURL = inject('baseURL');
  const profileDir = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'leakscope-e2e-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    acceptDownloads: true,
    colorScheme: 'light',
  });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  const origin = new URL(baseURL).origin;
  return {
    context,
    page,
    baseURL,
    requests,
    errors,
    profileDir,
    foreign: (allowed = [origin]) => requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && !allowed.includes(new URL(u).origin)),
    async close() {
      await context.close();
      if (!opts.keepProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * The browser session of each test in a file: registers an `afterEach` that closes the session the
 * test launched with `session.launch()` and, unless `expectClean` is false, first expects it to
 * have made no request to another origin and seen no page error.
 */
export function useSession(opts: { expectClean?: boolean } = {}): { launch: typeof launch } {
  let s: Session | null = null;
  afterEach(async () => {
    try {
      if (s && opts.expectClean !== false) {
        expect(s.foreign()).toEqual([]);
        expect(s.errors).toEqual([]);
      }
    } finally {
      await s?.close();
      s = null;
    }
  });
  return {
    async launch(o) {
      s = await launch(o);
      return s;
    },
  };
}

/** Saves a full-page screenshot into .out/screenshots/NAME.png. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshots, { recursive: true });
  const path = join(screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Hands a capture to the page's file input and waits for the analysis to finish. */
export async function openCapture(page: Page, path: string): Promise<void> {
  await page.setInputFiles('#capture-input', path);
  await waitForReport(page, path.split('/').pop()!);
}

/** Drops files on the page the way a person does: one drop event carrying all of them. */
export async function dropFiles(page: Page, paths: string[]): Promise<void> {
  const files = paths.map((p) => ({ name: basename(p), data: readFileSync(p).toString('base64') }));
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, files);
}

/** Waits for the report of the file named `name` to be shown, finished and saved. */
export async function waitForReport(page: Page, name: string): Promise<void> {
  // Wait for this file's report, not the verdict of the capture shown before it.
  await page.waitForFunction((n) => [...document.querySelectorAll('h1')].some((h) => h.textContent?.includes(n)) || document.title.includes(n), name, { timeout: 60_000 });
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
  // The session is written to IndexedDB after the report shows; a reload before that would lose it.
  await page.waitForFunction(() => !document.querySelector('[data-testid="saving"]'), undefined, { timeout: 60_000 });
}

/** Selects one of the report's view tabs. */
export async function tab(page: Page, name: RegExp | string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** Opens the app on a fresh profile and waits for the first-visit sample to be shown. */
export async function start(s: Session): Promise<void> {
  await s.page.goto(s.baseURL);
  await s.page.getByTestId('verdict').waitFor({ timeout: 60_000 });
}

/** Text of every verdict sentence. */
export async function verdictLines(page: Page): Promise<string[]> {
  return page.getByTestId('verdict-line').allTextContents();
}
