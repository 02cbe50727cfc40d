/** Screenshots of the main views at 1280 px and 360 px (light and dark); no sideways scrolling at 360 px. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { WILD } from '../corpus';
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

/** The selected tab lies wholly inside the visible part of the tab bar (not under its faded edges). */
async function selectedTabShown(page: Page): Promise<{ id: string; inside: boolean }> {
  return page.evaluate(() => {
    const list = document.querySelector('[role="tablist"]')!.getBoundingClientRect();
    const t = document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')!;
    const r = t.getBoundingClientRect();
    const edges = [...document.querySelectorAll('[data-testid^="tabs-more-"]')].map((e) => e.getBoundingClientRect());
    const covered = edges.some((e) => r.left < e.right - 1 && r.right > e.left + 1);
    return { id: t.id, inside: r.left >= list.left - 1 && r.right <= list.right + 1 && !covered };
  });
}

test('360 px: every view fits, Hosts and Flows are cards, every tab is reachable and the bar shows it scrolls', async () => {
  const s = await session.launch({ width: 360, height: 740 });
  const { page } = s;
  await start(s);
  await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
  const bar = page.getByTestId('tabbar');
  // More tabs than fit: the right edge says so, the left one does not (nothing is hidden there yet).
  expect(await bar.getAttribute('data-more-right')).toBe('true');
  expect(await bar.getAttribute('data-more-left')).toBe('false');
  const ids = await page.getByRole('tab').evaluateAll((ts) => ts.map((t) => t.id));
  expect(ids.length).toBeGreaterThanOrEqual(9);
  // By keyboard (ARIA tabs): ArrowRight from the first tab reaches each one, scrolled into view.
  await page.locator(`#${ids[0]}`).click();
  const seen: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (i > 0) await page.keyboard.press('ArrowRight');
    // The bar reveals the selected tab in the next frame (Tabs.svelte), and its edge arrows
    // follow the scroll a render later: a CI run read the tab under the fading edge in between.
    await expect.poll(() => selectedTabShown(page)).toEqual({ id: ids[i], inside: true });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(ids[i]);
    await noSidewaysScroll(page);
    seen.push(ids[i]);
  }
  expect(seen).toEqual(ids);
  // At the last tab the bar has scrolled: the left edge shows, the right one is gone.
  expect(await bar.getAttribute('data-more-left')).toBe('true');
  expect(await bar.getAttribute('data-more-right')).toBe('false');
  // By pointer: the edge arrow scrolls the bar back.
  const scrolled = () => page.locator('[role="tablist"]').evaluate((l) => l.scrollLeft);
  const before = await scrolled();
  await page.getByTestId('tabs-more-left').click();
  await expect.poll(scrolled).toBeLessThan(before);

  // Hosts and Flows: cards, no column headers, no sideways scroll inside the list either.
  for (const [name, id] of [[/Hosts/, 'hosts-table'], [/Flows/, 'flows-table']] as const) {
    await tab(page, name);
    const list = page.getByTestId(id);
    await list.getByTestId(`${id}-card`).first().waitFor();
    expect(await list.getByTestId(`${id}-card`).count()).toBeGreaterThan(0);
    expect(await list.getByRole('columnheader').count()).toBe(0);
    expect(await list.evaluate((l) => l.scrollWidth <= l.clientWidth)).toBe(true);
    await noSidewaysScroll(page);
    await shot(page, `${id}-cards-360`);
  }
  // Hosts: the country and the findings are on the card, not past a scroll.
  await tab(page, /Hosts/);
  const first = (await page.getByTestId('hosts-table-card').first().textContent()) ?? '';
  expect(first).toMatch(/\d+ findings?/);
  expect(first).toMatch(/\([A-Z]{2}\)|country unknown/);

  for (const nav of ['nav-sessions', 'nav-profile', 'nav-about']) {
    await page.getByTestId(nav).click();
    await noSidewaysScroll(page);
  }
});

test('1280 px: Hosts and Flows stay tables; the tab bar has no arrows when every tab fits', async () => {
  const s = await session.launch({ width: 1280, height: 900 });
  const { page } = s;
  await start(s);
  await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
  expect(await page.getByTestId('tabbar').getAttribute('data-more-right')).toBe('false');
  expect(await page.getByTestId('tabs-more-right').count()).toBe(0);
  await tab(page, /Hosts/);
  expect(await page.getByTestId('hosts-table-card').count()).toBe(0);
  await tab(page, /Flows/);
  expect(await page.getByTestId('flows-table').getByRole('columnheader').count()).toBeGreaterThan(5);
});

for (const width of [360, 1280]) {
  test(`a capture from the wild (reddit) at ${width} px: verdict, hosts, findings`, async () => {
    const s = await session.launch({ width, height: width < 500 ? 740 : 900 });
    const { page } = s;
    await start(s);
    await openCapture(page, join(WILD, 'captures/ntop-nDPI__reddit.pcap'));
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(await shotDir(), `wild-verdict-${width}.png`) });
    await tab(page, /Hosts/);
    await noSidewaysScroll(page);
    expect(Number(await page.getByTestId('hosts-table').getAttribute('data-count'))).toBeGreaterThan(3);
    await shot(page, `wild-hosts-${width}`);
    await tab(page, /Findings/);
    await noSidewaysScroll(page);
    await shot(page, `wild-findings-${width}`);
  });
}

async function shotDir(): Promise<string> {
  const { screenshots } = await import('./browser');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(screenshots, { recursive: true });
  return screenshots;
}
void tab;
