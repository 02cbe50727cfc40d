/**
 * Which app sent what (issue 13): a PCAPdroid pcapng names its apps, so the verdict, the findings
 * and flows tables and the Apps view speak per app; an App Privacy Report alone shows the domains
 * each app contacted; dropped beside a capture it says which app made the capture's flows.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { dropFiles, formats, shot, start, tab, useSession, verdictLines, waitForReport } from './browser';

const session = useSession();
const capture = (name: string) => join(formats, 'captures', name);

async function noSidewaysScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

test('pcapdroid-03-dsb.pcapng dropped: the verdict, the tables and the Apps view name the app', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await dropFiles(page, [capture('pcapdroid-03-dsb.pcapng')]);
  await waitForReport(page, 'pcapdroid-03-dsb.pcapng');

  const lines = await verdictLines(page);
  expect(lines).toContain('Weather (com.example.weather) sent its location unencrypted to api.tianqi-app.cn (China).');
  expect(lines).toContain("Ad Demo (com.adsdk.demo) sent its IMEI (phone hardware number), its IMSI (SIM subscriber number), its owner's email address and its model name unencrypted to bid.mobiadx.com (Singapore).");
  expect(lines.some((l) => l.startsWith('This device'))).toBe(false);

  // Findings: an App column and a filter by app.
  await tab(page, /Findings/);
  const list = page.getByTestId('findings-list');
  const total = Number(await list.getAttribute('data-count'));
  const filter = page.getByTestId('filter-app');
  expect(await filter.locator('option').first().textContent()).toBe('All apps');
  await filter.selectOption((await filter.locator('option', { hasText: /^Weather \(\d+\)$/ }).getAttribute('value'))!);
  const weather = Number(await list.getAttribute('data-count'));
  expect(weather).toBeGreaterThan(0);
  expect(weather).toBeLessThan(total);
  expect(new Set(await list.getByTestId('finding-app').allTextContents())).toEqual(new Set(['Weather']));

  // Flows: the sending app, and the protocol under its own name.
  await tab(page, /Flows/);
  const flows = page.getByTestId('flows-table');
  const headers = await flows.getByRole('columnheader').allTextContents();
  expect(headers).toContain('App');
  expect(headers).toContain('Protocol');
  expect((await flows.textContent()) ?? '').toContain('Ad Demo');

  // Apps: one card per app, what it sent and where.
  await tab(page, /Apps/);
  const cards = page.getByTestId('app-card');
  expect(await cards.count()).toBe(2);
  const weatherCard = page.getByRole('region', { name: 'Weather (com.example.weather)' });
  expect(await weatherCard.getByTestId('app-summary').textContent()).toMatch(/^Weather \(com\.example\.weather\) sent \d+ identifiers? \(Location.*\) to api\.tianqi-app\.cn.*, all unencrypted\.$/);
  expect(await weatherCard.getByTestId('app-hosts').textContent()).toContain('China (CN)');
  await shot(page, 'apps-pcapdroid-1280');
});

test('app-privacy-report-01.ndjson dropped alone: per-app domains, not a "no traffic" dead end', async () => {
  const s = await session.launch({ width: 360, height: 780 });
  const { page } = s;
  await start(s);
  await dropFiles(page, [capture('app-privacy-report-01.ndjson')]);
  await waitForReport(page, 'app-privacy-report-01.ndjson');

  const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
  expect(verdict).toContain('This App Privacy Report lists 2 apps and 4 domains they contacted; 1 app accessed protected data.');
  expect(verdict).not.toContain('No traffic was found');
  // The Apps view opens by itself: it is the answer this file has.
  expect(await page.getByRole('tab', { name: /Apps/ }).getAttribute('aria-selected')).toBe('true');

  const ad = page.getByRole('region', { name: 'com.adsdk.demo' });
  const rows = ad.getByTestId('app-domain');
  expect(await rows.locator('td:nth-child(1)').allTextContents()).toEqual(['bid.mobiadx.com', 'stat.adtrackr.com', 't.appflowtrack.com']);
  // Hits and owner (this file names no owner).
  expect(await rows.first().locator('td:nth-child(2)').textContent()).toBe('1');
  expect(await rows.first().locator('td:nth-child(3)').textContent()).toBe('—');
  const weather = page.getByRole('region', { name: 'com.example.weather' });
  expect(await weather.getByTestId('app-summary').textContent()).toBe('The App Privacy Report lists 2 domains it contacted (2 hits). It accessed: location.');
  expect(await weather.getByTestId('app-domains').textContent()).toContain('api.tianqi-app.cn');
  expect(await weather.getByTestId('app-access').textContent()).toContain('location');
  await noSidewaysScroll(page);
  await shot(page, 'apps-app-privacy-report-360');
});

test('a capture and its App Privacy Report dropped together: the report says which app made the flows', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await dropFiles(page, [capture('app-privacy-report-02.ndjson'), capture('ios-pcapd-01-pymobiledevice3.pcap')]);
  await waitForReport(page, 'ios-pcapd-01-pymobiledevice3.pcap');
  expect(await verdictLines(page)).toContain('com.example.weather sent its location unencrypted to api.tianqi-app.cn (China).');
  await tab(page, /Apps/);
  const weather = page.getByRole('region', { name: 'com.example.weather' });
  expect(await weather.getByTestId('app-domains').textContent()).toContain('api.tianqi-app.cn');
});
