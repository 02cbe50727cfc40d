/**
 * The Map tab (issue 14): 15-mixed dropped, the world map is drawn from the bundled outlines (no
 * tiles, no request elsewhere: useSession checks), China is shaded as clear text, the countries and
 * the diagram are listed in words, and at 360 px nothing scrolls sideways but the diagram's own box.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { corpus, dropFiles, shot, start, tab, useSession, waitForReport } from './browser';

const session = useSession();
const CAPTURE = join(corpus, 'captures', '15-mixed.pcap');

async function openMap(page: Page): Promise<void> {
  await dropFiles(page, [CAPTURE]);
  await waitForReport(page, '15-mixed.pcap');
  await tab(page, /^Map/);
  await page.getByTestId('world-map').waitFor();
}

test('15-mixed: countries shaded, China in clear text, a text equivalent for each picture', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  const before = s.requests.length;
  await openMap(page);
  // The map's code and outlines came in their own chunk when the tab opened.
  expect(s.requests.slice(before).some((u) => /\/assets\/MapView-[\w-]+\.js$/.test(u))).toBe(true);

  const map = page.getByTestId('world-map');
  expect(await map.getAttribute('role')).toBe('img');
  expect(await map.getAttribute('aria-label')).toMatch(/^World map: traffic went to \d+ countries; identifiers in clear text to China/);
  expect(await map.locator('path.country').count()).toBeGreaterThan(170);
  const china = map.locator('path[data-code="CN"]');
  expect(await china.getAttribute('class')).toContain('clear');
  expect(await china.getAttribute('data-id')).toBe('156');
  expect(await china.locator('title').textContent()).toMatch(/^China: \d+ hosts, .*IMEI.* in clear text/);
  // Singapore has no outline at 1:110m: a dot marks it.
  expect(await map.locator('circle[data-code="SG"]').count()).toBe(1);
  // A country nothing went to keeps the neutral shade and its name.
  const france = map.locator('path[data-id="250"]');
  expect(await france.getAttribute('class')).toContain('none');
  expect(await france.locator('title').textContent()).toBe('France');

  const countries = page.getByTestId('map-countries').locator('li');
  const codes = await countries.evaluateAll((li) => li.map((l) => l.getAttribute('data-code')));
  expect(codes).toEqual(expect.arrayContaining(['CN', 'US', 'SG', 'DE']));
  expect(codes[0]).toBe('CN');
  expect(await countries.first().textContent()).toMatch(/^China: \d+ hosts, \d+ connections, .* sent; IMEI.* in clear text\.$/);

  const diagram = page.getByTestId('flow-diagram');
  expect(await diagram.locator('[data-node="device"]').count()).toBe(1);
  expect(await diagram.locator('[data-node="country:CN"]').getAttribute('class')).toContain('clear');
  expect(await diagram.locator('path.link').count()).toBeGreaterThan(10);
  const list = (await page.getByTestId('diagram-list').textContent()) ?? '';
  expect(list).toContain('Unknown app: 43 connections to 21 hosts');
  expect(list).toContain('(China): 1 connection, not encrypted; IMEI');
  await shot(page, 'map-15-mixed-1280');
});

test('360 px: no sideways scroll of the page; the diagram scrolls in its own box', async () => {
  const s = await session.launch({ width: 360, height: 780 });
  const { page } = s;
  await start(s);
  await openMap(page);
  const m = await page.evaluate(() => {
    const box = document.querySelector('[data-testid="diagram-box"]')!;
    const svg = document.querySelector('[data-testid="world-map"]')!;
    return { scroll: document.documentElement.scrollWidth, box: [box.scrollWidth, box.clientWidth], map: svg.getBoundingClientRect().width };
  });
  expect(m.scroll).toBeLessThanOrEqual(360);
  expect(m.box[0]).toBeGreaterThan(m.box[1]);
  expect(m.map).toBeLessThanOrEqual(360);
  expect(m.map).toBeGreaterThan(250);
  expect(await page.getByText('Scroll sideways inside the box').isVisible()).toBe(true);
  await shot(page, 'map-15-mixed-360');
});
