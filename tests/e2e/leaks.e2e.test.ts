/** Captures from the leak corpus handed to the file input: verdict, findings, evidence, profile. */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { corpus, openCapture, shot, start, tab, useSession, verdictLines } from './browser';

const session = useSession();

test('15-mixed.pcap: verdict in plain words, findings, filters and evidence', async () => {
  const s = await session.launch();
  const { page } = s;
  const scripts: string[] = [];
  s.context.on('request', (r) => scripts.push(new URL(r.url()).pathname));
  await start(s);
  await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
  // The engine worker scanned through its pool of scan workers (their findings are the ones below).
  expect(scripts.some((p) => /\/assets\/scan\.worker-[\w-]+\.js$/.test(p))).toBe(true);

  const lines = await verdictLines(page);
  expect(lines.length).toBeGreaterThan(2);
  // The worst line comes first: hard identifiers in clear text on an upload.
  expect(lines[0]).toMatch(/^This device sent its IMEI/);
  expect(lines[0]).toContain('unencrypted');
  expect(lines.join('\n')).toContain('api.account.xmsvc-cloud.cn');
  // Encrypted flows are counted and named by SNI.
  expect(await page.getByTestId('verdict-encrypted').textContent()).toMatch(/encrypted connection/);

  await tab(page, /Findings/);
  const list = page.getByTestId('findings-list');
  const total = Number(await list.getAttribute('data-count'));
  expect(total).toBeGreaterThanOrEqual(20);
  await shot(page, 'findings-1280');

  await page.getByTestId('filter-type').selectOption('imei');
  const imei = Number(await list.getAttribute('data-count'));
  expect(imei).toBeGreaterThan(0);
  expect(imei).toBeLessThan(total);
  const rows = await list.getByTestId('finding-row').allTextContents();
  expect(rows.every((r) => r.includes('IMEI'))).toBe(true);

  // Evidence by keyboard: focus the list, arrow to the first row, Enter.
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const ev = page.getByTestId('evidence');
  await ev.waitFor();
  const marked = await ev.locator('mark').first().textContent();
  expect(marked?.length).toBeGreaterThan(0);
  expect(await ev.getByTestId('evidence-frames').textContent()).toMatch(/^\d+/);
  await ev.getByRole('button', { name: /Show hex/ }).click();
  expect(await ev.locator('.hex .m').count()).toBeGreaterThan(0);
  await shot(page, 'evidence-1280');
  await page.keyboard.press('Escape');
  await ev.waitFor({ state: 'hidden' });

  for (const [name, id] of [[/Hosts/, 'hosts-table'], [/Flows/, 'flows-table'], [/DNS/, 'dns-table'], [/HTTP/, 'http-table'], [/TLS/, 'tls-table']] as const) {
    await tab(page, name);
    expect(Number(await page.getByTestId(id).getAttribute('data-count'))).toBeGreaterThan(0);
  }
  await tab(page, /Hosts/);
  await shot(page, 'hosts-1280');
});

test('adding an IMEI to the profile and rescanning finds its MD5 hash (02-analytics-get)', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await openCapture(page, join(corpus, 'captures/02-analytics-get.pcap'));
  await tab(page, /Findings/);
  const before = await page.getByTestId('findings-list').getByTestId('finding-row').allTextContents();
  expect(before.some((r) => /MD5/.test(r))).toBe(false);

  await page.getByTestId('nav-profile').click();
  const imei = page.getByTestId('profile-imei');
  await imei.fill('862287025963538');
  await expect.poll(() => page.locator('#pf-imei-msg').textContent()).toMatch(/Luhn/);
  await imei.fill('862287025963539');
  await expect.poll(() => page.locator('#pf-imei-msg').textContent()).toMatch(/✓/);
  await page.getByTestId('profile-phone').fill('+86 186 1142 8769');
  await expect.poll(() => page.locator('#pf-phone-msg').textContent()).toContain('+8618611428769');
  await shot(page, 'profile-1280');
  await page.getByTestId('profile-rescan').click();
  await page.getByTestId('verdict').waitFor();
  await page.getByTestId('progress').waitFor({ state: 'detached' });

  const lines = await verdictLines(page);
  expect(lines.join('\n')).toMatch(/its IMEI \(phone hardware number, hashed\)/);
  await tab(page, /Findings/);
  const after = await page.getByTestId('findings-list').getByTestId('finding-row').allTextContents();
  expect(after.some((r) => r.includes('IMEI') && r.includes('MD5'))).toBe(true);
  expect(after.length).toBeGreaterThan(before.length);
});
