/** Screenshots of the main views at 1280 px and 360 px (light and dark); no sideways scrolling at 360 px. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { corpus, openCapture, shot, start, tab, useSession } from './browser';

const session = useSession();

async function noSidewaysScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll).toBeLessThanOrEqual(client);
}

for (const [width, scheme] of [[360, 'light'], [1280, 'dark'], [360, 'dark']] as const) {
  test(`main views at ${width} px, ${scheme}`, async () => {
    const s = await session.launch({ width, height: width < 500 ? 780 : 900 });
    const { page } = s;
    await page.emulateMedia({ colorScheme: scheme });
    const tag = `${width}${scheme === 'dark' ? '-dark' : ''}`;
    await start(s);
    await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(await shotDir(), `verdict-${tag}.png`) });
    await tab(page, /Findings/);
    await page.getByTestId('findings-list').scrollIntoViewIfNeeded();
    await noSidewaysScroll(page);
    await shot(page, `findings-${tag}`);
    await page.getByTestId('finding-row').first().click();
    await page.getByTestId('evidence').locator('mark').first().waitFor();
    await page.screenshot({ path: join(await shotDir(), `evidence-${tag}.png`) });
    await page.keyboard.press('Escape');
    await tab(page, /Hosts/);
    await shot(page, `hosts-${tag}`);
    await tab(page, /Capture/);
    await noSidewaysScroll(page);
    await shot(page, `capture-${tag}`);
    await page.getByTestId('nav-sessions').click();
    await noSidewaysScroll(page);
    await shot(page, `sessions-${tag}`);
    await page.getByTestId('nav-profile').click();
    await page.getByTestId('profile-imei').fill('86228702596353');
    await noSidewaysScroll(page);
    await shot(page, `profile-${tag}`);
  });
}

test('keyboard: tabs with arrow keys, findings list and evidence without a mouse', async () => {
  const s = await session.launch({ width: 360, height: 780 });
  const { page } = s;
  await start(s);
  await openCapture(page, join(corpus, 'captures/01-cloud-messaging.pcap'));
  await tab(page, /Findings/);
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-hosts');
  await page.keyboard.press('ArrowLeft');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-findings');
  // Tab moves from the tabs into the panel, through the filters, to the list.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'findings-list')) break;
  }
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('findings-list');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.getByTestId('evidence').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('evidence').waitFor({ state: 'hidden' });
});

async function shotDir(): Promise<string> {
  const { screenshots } = await import('./browser');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(screenshots, { recursive: true });
  return screenshots;
}
void tab;
