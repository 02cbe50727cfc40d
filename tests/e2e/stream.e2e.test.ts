/** The evidence dialog's "Follow stream": the whole flow read again from the capture, value marked. */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { corpus, openCapture, shot, start, tab, useSession } from './browser';

const session = useSession();

const IMEI = '862287025963539';

/** Opens the evidence of the first IMEI finding and follows its stream. */
async function followImei(page: Page) {
  await tab(page, /Findings/);
  await page.getByTestId('filter-type').selectOption('imei');
  const list = page.getByTestId('findings-list');
  await list.getByTestId('finding-row').first().click();
  const ev = page.getByTestId('evidence');
  await ev.waitFor();
  await ev.getByTestId('follow-stream').click();
  return ev;
}

test('01-cloud-messaging: follow the stream, request and response in their colours, the IMEI marked', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await openCapture(page, join(corpus, 'captures/01-cloud-messaging.pcap'));

  const ev = await followImei(page);
  const text = ev.getByTestId('stream-text');
  await text.waitFor({ timeout: 30_000 });
  const all = (await text.textContent()) ?? '';
  // The whole request, then the server's answer after it.
  const request = all.indexOf('POST /pass/v3/device/register HTTP/1.1');
  expect(request).toBeGreaterThanOrEqual(0);
  expect(all).toContain('Host: api.account.xmsvc-cloud.cn');
  expect(all.indexOf('HTTP/1.1 200 OK')).toBeGreaterThan(request);
  // Client bytes and server bytes are told apart (and coloured differently).
  const up = text.locator('.seg[data-direction="upload"]');
  const down = text.locator('.seg[data-direction="download"]');
  expect(await up.count()).toBe(1);
  expect(await down.count()).toBe(1);
  expect(await up.first().textContent()).toContain('POST /pass/v3/device/register');
  const colours = await Promise.all([up, down].map((l) => l.first().evaluate((el) => getComputedStyle(el).backgroundColor)));
  expect(colours[0]).not.toBe(colours[1]);
  // The identifier is marked where it occurs, in the request.
  const marks = await up.first().locator('mark').allTextContents();
  expect(marks.length).toBeGreaterThan(0);
  expect(marks.every((m) => m === IMEI)).toBe(true);
  expect(await ev.getByTestId('stream-summary').textContent()).toMatch(/occurs \d+ times?/);
  await shot(page, 'stream-text-1280');

  // Hex: offsets, bytes and the same value marked.
  await ev.getByTestId('stream-mode-hex').click();
  const hex = ev.getByTestId('stream-hex');
  await hex.waitFor();
  expect(await hex.locator('.line').first().textContent()).toMatch(/^00000000 {2}50 4f 53 54/);
  expect((await hex.locator('mark').allTextContents()).join('')).toContain(IMEI);
  await shot(page, 'stream-hex-1280');
  await page.keyboard.press('Escape');
  await ev.waitFor({ state: 'hidden' });

  // After a reload the session comes back without its capture (not ticked): the stream says so.
  await page.reload();
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  const again = await followImei(page);
  const missing = again.getByTestId('stream-missing');
  await missing.waitFor({ timeout: 30_000 });
  expect(await missing.textContent()).toBe('The capture is not stored in this session; open the file again to see the stream.');
});

test('a session kept with its capture follows the stream after a reload (capture read from IndexedDB)', async () => {
  const s = await session.launch({ width: 360, height: 800 });
  const { page } = s;
  await start(s);
  await page.getByTestId('nav-sessions').click();
  await page.getByTestId('keep-captures').check();
  await openCapture(page, join(corpus, 'captures/01-cloud-messaging.pcap'));
  await page.reload();
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('session-name').textContent()).toBe('01-cloud-messaging.pcap');

  const ev = await followImei(page);
  const text = ev.getByTestId('stream-text');
  await text.waitFor({ timeout: 30_000 });
  expect(await text.textContent()).toContain('POST /pass/v3/device/register HTTP/1.1');
  expect(await text.locator('mark').first().textContent()).toBe(IMEI);
  // No sideways scroll at 360 px: the stream wraps inside the dialog.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await shot(page, 'stream-text-360');
});
