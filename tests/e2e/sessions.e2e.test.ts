/** Sessions survive a reload; they can be renamed, annotated and deleted. */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { corpus, openCapture, shot, start, useSession } from './browser';

const session = useSession();

test('reload finds the session; rename, notes and delete persist', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s); // first visit: the sample becomes session 1
  await openCapture(page, join(corpus, 'captures/01-cloud-messaging.pcap'));
  expect(await page.getByTestId('session-name').textContent()).toBe('01-cloud-messaging.pcap');

  await page.locator('summary', { hasText: 'Notes' }).click();
  await page.locator('#session-notes').fill('Redmi 1S, MIUI V5, after first boot');
  await page.getByRole('button', { name: 'Save notes' }).click();
  await expect.poll(() => page.locator('summary', { hasText: 'Notes' }).textContent()).toContain('Redmi 1S');

  await page.reload();
  // The last session is reopened as it was: report, name and notes.
  await page.getByTestId('verdict').waitFor();
  expect(await page.getByTestId('session-name').textContent()).toBe('01-cloud-messaging.pcap');
  expect(await page.locator('summary', { hasText: 'Notes' }).textContent()).toContain('Redmi 1S');
  expect((await page.getByTestId('verdict-line').allTextContents())[0]).toMatch(/IMEI/);

  await page.getByTestId('nav-sessions').click();
  const items = page.getByTestId('session-item');
  await expect.poll(() => items.count()).toBe(2);
  expect(await page.getByTestId('storage-use').textContent()).toMatch(/Storage used: .*B/);
  await shot(page, 'sessions-1280');

  const mine = items.filter({ hasText: '01-cloud-messaging.pcap' });
  await mine.getByRole('button', { name: 'Rename' }).click();
  await page.locator('input[id^="rename-"]').fill('Before the update');
  await page.locator('input[id^="rename-"]').press('Enter');
  await expect.poll(() => items.filter({ hasText: 'Before the update' }).count()).toBe(1);

  await page.reload();
  await page.getByTestId('verdict').waitFor();
  expect(await page.getByTestId('session-name').textContent()).toBe('Before the update');

  await page.getByTestId('nav-sessions').click();
  const renamed = items.filter({ hasText: 'Before the update' });
  await renamed.getByTestId('delete-session').click();
  await renamed.getByTestId('confirm-delete').click();
  await expect.poll(() => items.count()).toBe(1);

  await page.reload();
  await page.getByTestId('nav-sessions').click();
  await expect.poll(() => items.count()).toBe(1);
  expect(await items.first().textContent()).toContain('sample.pcap');
  expect(await page.getByText('Before the update').count()).toBe(0);
});

test('compare two sessions: what stopped, what is new', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await openCapture(page, join(corpus, 'captures/01-cloud-messaging.pcap'));
  await openCapture(page, join(corpus, 'captures/02-analytics-get.pcap'));
  await page.getByTestId('nav-sessions').click();
  await page.getByRole('button', { name: 'Compare two sessions' }).click();
  const options = await page.locator('select').first().locator('option').allTextContents();
  const pick = (name: string) => options.find((o) => o.startsWith(name))!;
  await page.getByLabel('Before').selectOption({ label: pick('01-cloud-messaging.pcap') });
  await page.getByLabel('After').selectOption({ label: pick('02-analytics-get.pcap') });
  const stopped = page.getByTestId('compare-stopped');
  await stopped.waitFor();
  expect(await stopped.textContent()).toMatch(/IMEI.*862287025963539.*api\.account\.xmsvc-cloud\.cn/);
  expect(await page.getByTestId('compare-new').textContent()).toMatch(/Advertising ID.*stat\.adtrackr\.com/);
  await shot(page, 'compare-1280');
});
