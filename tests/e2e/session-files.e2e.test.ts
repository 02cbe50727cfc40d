/**
 * Several capture files dropped at once are one session (issue 13): a phone's pcap and a HAR of
 * the same traffic read together, findings of both, kept together, followed after a reload.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { dropFiles, formats, start, tab, useSession, waitForReport } from './browser';

const session = useSession();
const capture = (name: string) => join(formats, 'captures', name);
const NAME = 'har-01-tracker.har + pcapdroid-01-default.pcap';

/** Findings of one type in the list (the type filter). */
async function ofType(page: Page, type: string): Promise<string[]> {
  await page.getByTestId('filter-type').selectOption(type);
  return page.getByTestId('findings-list').getByTestId('finding-row').allTextContents();
}

test('a HAR and a pcap dropped together: one session with the findings of both, kept and followed after a reload', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await page.getByTestId('nav-sessions').click();
  await page.getByTestId('keep-captures').check();
  await dropFiles(page, [capture('har-01-tracker.har'), capture('pcapdroid-01-default.pcap')]);
  await waitForReport(page, NAME);
  expect(await page.getByTestId('notice').count()).toBe(0);

  await tab(page, /Findings/);
  // The serial is planted in the HAR only, the MAC in the pcap only.
  const serial = await ofType(page, 'serial');
  expect(serial.length).toBe(1);
  expect(serial[0]).toContain('c7a2f9d4');
  const mac = await ofType(page, 'mac');
  expect(mac.length).toBe(1);
  expect(mac[0]).toContain('64:09:80:3a:5c:7e');

  // Reopened from IndexedDB: the session keeps both files, and the pcap's flow (the second file)
  // is read again from them in order.
  await page.reload();
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('session-name').textContent()).toBe(NAME);
  await tab(page, /Findings/);
  await ofType(page, 'mac');
  await page.getByTestId('findings-list').getByTestId('finding-row').first().click();
  const ev = page.getByTestId('evidence');
  await ev.waitFor();
  await ev.getByTestId('follow-stream').click();
  const text = ev.getByTestId('stream-text');
  await text.waitFor({ timeout: 30_000 });
  expect(await text.textContent()).toContain('Host: stat.adtrackr.com');
  // Marked as sent on the wire: URL-encoded in the request.
  expect(await text.locator('mark').first().textContent()).toBe('64%3A09%3A80%3A3a%3A5c%3A7e');
});
