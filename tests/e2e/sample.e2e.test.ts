/** First visit: the page opens the bundled sample by itself and shows its inventory. */
import { expect, test } from 'vitest';
import { shot, start, tab, useSession } from './browser';

const session = useSession({ expectClean: false });

test('a first visit shows the bundled sample: verdict and capture inventory', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  // Countries come from the offline tables the worker loads from the same origin.
  expect((await page.getByTestId('verdict-line').allTextContents())[0]).toMatch(/^This device sent its IMEI.* unencrypted to api\.account\.xmsvc-cloud\.cn \(China\)\.$/);
  expect(await page.getByTestId('tables-missing').count()).toBe(0);
  expect(await page.getByTestId('scanner-missing').count()).toBe(0);
  await tab(page, /Capture/);
  const inv = page.getByTestId('inventory');
  await expect.poll(() => inv.getByTestId('inv-format').textContent()).toBe('pcap');
  expect(await inv.getByTestId('inv-name').textContent()).toBe('sample.pcap');
  expect(await inv.getByTestId('inv-linktypes').textContent()).toBe('ether');
  expect(await inv.getByTestId('inv-frames').textContent()).toBe('14');
  expect(await inv.getByTestId('inv-http').textContent()).toBe('1');
  await shot(page, 'sample-capture-1280');
  expect(s.foreign()).toEqual([]);
  expect(s.errors).toEqual([]);
});

test('the About page names the offline data sources and their licences', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await page.getByTestId('nav-about').click();
  await page.getByRole('heading', { name: 'About Leakscope' }).waitFor();
  const text = (await page.locator('.about').textContent()) ?? '';
  expect(text).toContain('CC BY-NC-SA 4.0');
  expect(text).toContain('@ip-location-db/asn');
  expect(await page.locator('a[href="https://db-ip.com"]').count()).toBeGreaterThanOrEqual(1);
  expect(await page.getByTestId('about-licences').textContent()).toContain('Number Resource Organization');
  expect(s.foreign()).toEqual([]);
});
