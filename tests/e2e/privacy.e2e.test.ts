/**
 * Every request the page makes, through a tour of every feature, goes to its own origin:
 * captures never leave the browser and nothing (fonts, scripts, telemetry) is fetched elsewhere.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { corpus, openCapture, start, tab, useSession } from './browser';

const session = useSession({ expectClean: false });

async function download(page: Page, testid: string): Promise<void> {
  await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
}

test('no request leaves the origin during a tour of every feature', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s); // sample, worker, wasm
  await openCapture(page, join(corpus, 'captures/14-linktype-gz.pcap.gz'));
  await openCapture(page, join(corpus, 'captures/08-https-dsb.pcapng'));
  await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
  for (const name of [/Findings/, /Hosts/, /^Map/, /Flows/, /DNS/, /HTTP/, /TLS/, /Warnings/, /Capture/]) await tab(page, name);
  await tab(page, /Findings/);
  await page.getByTestId('finding-row').first().click();
  await page.getByTestId('evidence').locator('mark').first().waitFor();
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-profile').click();
  await page.setInputFiles('[data-testid="profile-import"]', join(corpus, 'profile.json'));
  await expect.poll(() => page.getByTestId('profile-imei').inputValue()).toBe('862287025963539');
  await page.getByTestId('profile-rescan').click();
  await page.getByTestId('verdict').waitFor();
  await page.getByTestId('progress').waitFor({ state: 'detached' });

  await download(page, 'export-json');
  await download(page, 'export-csv');
  await download(page, 'export-html');

  await page.reload();
  await page.getByTestId('verdict').waitFor();
  await page.getByTestId('nav-sessions').click();
  await page.getByRole('button', { name: 'Compare two sessions' }).click();
  await page.getByRole('heading', { name: 'Compare two sessions' }).waitFor();
  await page.getByTestId('nav-sessions').click();
  const first = page.getByTestId('session-item').first();
  await first.getByTestId('delete-session').click();
  await first.getByTestId('confirm-delete').click();

  const origin = new URL(s.baseURL).origin;
  const kinds = new Set(s.requests.map((u) => (u.startsWith('blob:') || u.startsWith('data:') ? u.slice(0, 5) : new URL(u).pathname.replace(/-[\w-]{8}\./, '-*.'))));
  console.log(`${s.requests.length} requests, all to ${origin} or local blob:/data:: ${[...kinds].join(' ')}`);
  expect(s.requests.length).toBeGreaterThan(5);
  expect(s.foreign()).toEqual([]);
  expect(s.errors).toEqual([]);
});
