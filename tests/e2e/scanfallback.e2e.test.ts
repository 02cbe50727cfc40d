/**
 * Scan workers that cannot start cost no findings: the engine worker then scans by itself. The
 * built app is served with its scan worker script removed, so the nested worker really fails.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { corpus, openCapture, tab, useSession } from './browser';
import { serve } from './widgetServer';

// The missing script makes Chromium log a load error: expected here.
const session = useSession({ expectClean: false });

test('the scan worker script missing: the same verdict and findings, scanned in the engine worker', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakscope-noscanworker-'));
  cpSync(inject('outDir'), dir, { recursive: true });
  const removed = readdirSync(join(dir, 'assets')).filter((f) => /^scan\.worker-[\w-]+\.js$/.test(f));
  expect(removed.length).toBe(1);
  for (const f of removed) rmSync(join(dir, 'assets', f));
  const site = await serve({ dir });
  try {
    const s = await session.launch();
    const { page } = s;
    await page.goto(site.origin);
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
    await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
    // The engine worker did ask for it.
    expect(site.log.some((l) => l.path === `/assets/${removed[0]}`)).toBe(true);
    const lines = await page.getByTestId('verdict-line').allTextContents();
    expect(lines[0]).toMatch(/^This device sent its IMEI/);
    await tab(page, /Findings/);
    expect(Number(await page.getByTestId('findings-list').getAttribute('data-count'))).toBeGreaterThanOrEqual(20);
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
