/**
 * Browser section of `npm run bench`: the built app in Debian's chromium (playwright-core),
 * a generated capture dropped on it. Prints, per capture: when the first finding was on screen
 * and when the analysis ended and the session was saved (milliseconds from handing the file over, and their ratio), and
 * the peak memory of all of chromium's processes (PSS summed over the process tree, sampled
 * every 250 ms). Measured, never asserted: the machine is shared.
 * Then a capture of BENCH_BROWSER_FLOWS tiny TCP flows (default 1,000,000: issue 15's flood,
 * "under 1 GB in Chromium, with a report and a saved session"): time to the end and peak RSS.
 * Run: npx tsx tests/bench/browser.ts [MB] (default 200); prints one JSON line last.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { writeBigCapture } from './bigCapture';
import { tinyFlowsPcap } from './tinyFlows';
import { LEAKS, REPO_ROOT as root } from '../corpus';
import { freePort } from '../net';

const bin = (name: string) => resolve(root, 'node_modules/.bin', name);


/**
 * Memory in bytes of a process and all its descendants (Linux /proc): the sum of each one's PSS
 * (smaps_rollup), so pages the processes share count once, not once per process as summed RSS
 * would (chromium's processes share most of their code).
 */
export function treeRss(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      for (const t of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** The browser process started with this profile folder (its children carry --type=). */
function browserPid(profileDir: string): number {
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (cmd.includes(profileDir) && !cmd.includes('--type=')) return Number(e);
    } catch {
      // gone meanwhile
    }
  }
  return 0;
}

/** Builds the app into its own folder and serves it; returns the URL and a stop function. */
export async function serveApp(): Promise<{ url: string; stop: () => void }> {
  const outDir = resolve(root, `.out/bench-dist-${process.pid}`);
  const build = spawnSync(bin('vite'), ['build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  if (build.status !== 0) throw new Error('vite build failed');
  const port = await freePort();
  const server = spawn(bin('vite'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], { cwd: root, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: () => { server.kill('SIGTERM'); rmSync(outDir, { recursive: true, force: true }); } };
}

export interface BrowserRun {
  firstFindingMs: number | null;
  /** The same from the page's performance mark (null on a build without it). */
  firstFindingMarkMs: number | null;
  endMs: number;
  peakRssMB: number;
}

/** Drops one capture on the app; `marker` is a verdict word the capture's findings produce. */
export async function runInBrowser(url: string, capture: string, marker = 'IMEI'): Promise<BrowserRun> {
  // A local browser (a connected one would upload the capture through the protocol, which the
  // first measurement did: 30 s of a 200 MB file's upload counted as analysis), found by its
  // own profile folder for its process tree.
  const profileDir = mkdtempSync(join(tmpdir(), 'leakscope-bench-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'], viewport: { width: 1280, height: 900 } });
  const pid = browserPid(profileDir);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 250);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
    const name = capture.split('/').pop()!;
    // Polled from here every 25 ms (100 ms until session 8: up to 100 ms late; a MutationObserver in the page slowed the page it measured,
    // and waitForFunction with a string needs eval, which the app's CSP forbids).
    const state = `(() => {
      const shown = [...document.querySelectorAll('h1')].some((h) => h.textContent.includes(${JSON.stringify(name)}));
      return { shown, found: shown && [...document.querySelectorAll('[data-testid="verdict-line"]')].some((l) => l.textContent.includes(${JSON.stringify(marker)})),
        running: !!document.querySelector('[data-testid="progress"]') || !!document.querySelector('[data-testid="saving"]') };
    })()`;
    const t0 = Date.now();
    await page.setInputFiles('#capture-input', capture);
    let first: number | null = null;
    let end = 0;
    for (;;) {
      const st = (await page.evaluate(state)) as { shown: boolean; found: boolean; running: boolean };
      if (st.found && first === null) first = Date.now() - t0;
      if (st.shown && !st.running) {
        end = Date.now() - t0;
        break;
      }
      if (Date.now() - t0 > 600_000) throw new Error('the analysis did not end within 10 minutes');
      await new Promise((r) => setTimeout(r, 25));
    }
    // The page's own mark (src/app/state/analysis.svelte.ts FIRST_FINDING_MARK): the frame that
    // first painted a finding, on the same clock as t0 (both epoch ms on this machine).
    const mark = (await page.evaluate(`(() => { const m = performance.getEntriesByName('leakscope:first-finding').at(-1); return m ? performance.timeOrigin + m.startTime : null; })()`)) as number | null;
    return { firstFindingMs: first, firstFindingMarkMs: mark === null ? null : Math.round(mark - t0), endMs: end, peakRssMB: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(sampler);
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) {
    console.log(JSON.stringify({ skipped: 'no /usr/bin/chromium' }));
    return;
  }
  const mb = Number(process.argv[2] ?? 200);
  const dir = mkdtempSync(join(tmpdir(), 'leakscope-bench-browser-'));
  const capture = join(dir, `bench-${mb}mb.pcap`);
  writeBigCapture(join(LEAKS, 'captures/15-mixed.pcap'), capture, mb * 1e6);
  // Issue 14's measure, "within 0.3 s of the first bytes that carry it": the same capture with
  // an IMEI in its first 2 kB (01-cloud-messaging.pcap, frame 8) — 15-mixed's first finding is in
  // frame 5,057, 4.74 MB in, so the first row also counts reading those 4.74 MB.
  const early = join(dir, `bench-${mb}mb-early.pcap`);
  writeBigCapture(join(LEAKS, 'captures/15-mixed.pcap'), early, mb * 1e6, join(LEAKS, 'captures/01-cloud-messaging.pcap'));
  // Issue 15's flood: N tiny TCP flows (a SYN and a one-line GET each, every 10,000th with an IMEI).
  const flows = Number(process.env.BENCH_BROWSER_FLOWS ?? '1000000');
  const tiny = join(dir, `tiny-${flows}.pcap`);
  if (flows > 0) {
    const out = createWriteStream(tiny);
    for await (const chunk of tinyFlowsPcap(flows)) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((r) => out.end(() => r()));
  }
  const app = await serveApp();
  try {
    const r = await runInBrowser(app.url, capture);
    console.log(`browser, ${mb} MB capture: first finding on screen ${r.firstFindingMs ?? '—'} ms (page mark ${r.firstFindingMarkMs ?? '—'} ms), analysis ended ${r.endMs} ms (ratio ${r.firstFindingMs === null ? '—' : (r.firstFindingMs / r.endMs).toFixed(3)}), chromium peak memory (PSS) ${r.peakRssMB} MiB`);
    const e = await runInBrowser(app.url, early);
    console.log(`browser, ${mb} MB capture with an IMEI in its first 2 kB: first finding on screen ${e.firstFindingMs ?? '—'} ms (page mark ${e.firstFindingMarkMs ?? '—'} ms), analysis ended ${e.endMs} ms`);
    const t = flows > 0 ? await runInBrowser(app.url, tiny) : null;
    if (t) console.log(`browser, ${flows} tiny flows (${(statSync(tiny).size / 1e6).toFixed(0)} MB): analysis ended ${t.endMs} ms, chromium peak memory (PSS) ${t.peakRssMB} MiB`);
    console.log(JSON.stringify({ mb, ...r, earlyFirstFindingMs: e.firstFindingMs, earlyFirstFindingMarkMs: e.firstFindingMarkMs, earlyEndMs: e.endMs, flows, flowsEndMs: t?.endMs ?? null, flowsPeakRssMB: t?.peakRssMB ?? null }));
  } finally {
    app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('browser.ts')) void main();
