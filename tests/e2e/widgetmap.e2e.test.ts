/**
 * The widget's map (issue 14): reports the engine makes from two corpus captures (15-mixed with
 * the leak profile: four countries, 21 hosts, an IMEI in a DNS name; pcapdroid-03-dsb with the
 * formats profile: two apps) are shown by <capture-report> on a page of one origin, with the
 * widget's files on another. "Show the map" loads widget-map.js from the widget's origin and
 * draws the app's world map and diagram inside the shadow root, each country shaded as the
 * report says; the diagram's text lists every host; nothing is requested from a third origin;
 * axe finds nothing with the map open; the page does not scroll sideways; at 1280 and 360 px.
 *
 *   npx vitest run --config tests/e2e/vitest.config.ts tests/e2e/widgetmap.e2e.test.ts
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Report } from '../../src/core/report/types';
import { numericOf } from '../../src/present/countryGeo';
import { diagramOf, geographyOf } from '../../src/present/geography';
import { maskPlain, redactorOf } from '../../src/widget/redact';
import { FORMATS, LEAKS } from '../corpus';
import { analyzeFile } from '../pipeline';
import { violations, withAxe } from './axe';
import { root, screenshots, shot, useSession } from './browser';
import { buildWidget, plainPage, serve, type StaticServer } from './widgetServer';

const CAPTURES = [
  { file: '15-mixed.pcap', path: join(LEAKS, 'captures', '15-mixed.pcap'), profile: join(LEAKS, 'profile.json') },
  { file: 'pcapdroid-03-dsb.pcapng', path: join(FORMATS, 'captures', 'pcapdroid-03-dsb.pcapng'), profile: join(FORMATS, 'profile.json') },
];
const SIZES = [
  [1280, 900],
  [360, 740],
] as const;

const session = useSession({ expectClean: false });
const siteDir = resolve(root, `.out/e2e-widgetmap-${process.pid}`);
const reports = new Map<string, Report>();
let built: ReturnType<typeof buildWidget>;
let widget: StaticServer;
let site: StaticServer;
const pages = new Map<string, string>();

beforeAll(async () => {
  mkdirSync(siteDir, { recursive: true });
  for (const c of CAPTURES) {
    const report = await analyzeFile(c.path, { profile: JSON.parse(readFileSync(c.profile, 'utf8')) });
    reports.set(c.file, report);
    writeFileSync(join(siteDir, `${c.file}.json`), JSON.stringify(report));
  }
  built = buildWidget();
  widget = await serve({ dir: built.dir, cors: true });
  site = await serve({ dir: siteDir, pages });
});

afterAll(async () => {
  await widget?.close();
  await site?.close();
  built?.dispose();
  rmSync(siteDir, { recursive: true, force: true });
});

/** A page of the site's origin with one widget showing `file`'s report; the script from the widget's origin. */
function pageFor(file: string, redact: string): string {
  const path = `/${file}-${redact}.html`;
  pages.set(path, plainPage(`<main><h1>${file}</h1><h2>What the capture shows</h2><capture-report id="w" src="${file}.json" redact="${redact}"></capture-report></main>`, `${widget.origin}/widget.js`, {
    head: '<meta name="viewport" content="width=device-width, initial-scale=1">',
  }));
  return `${site.origin}${path}`;
}

async function openMap(page: Page): Promise<void> {
  await page.locator('#w article[data-state="ready"]').waitFor({ timeout: 60_000 });
  await page.locator('#w').getByRole('button', { name: 'Show the map' }).click();
  await page.locator('#w svg[data-testid="world-map"]').waitFor({ timeout: 30_000 });
  await page.locator('#w [data-testid="diagram-list"]').waitFor();
}

/** An element's classes but Svelte's scoping one (svelte-xxxx), in order. */
async function classes(locator: Locator): Promise<string> {
  return ((await locator.getAttribute('class')) ?? '').split(/\s+/).filter((c) => c && !c.startsWith('svelte-')).join(' ');
}

/** Every host a flow of the report went to, as the diagram names them (name, else address). */
function hostsOf(report: Report): string[] {
  return [...new Set(report.flows.map((f) => f.host ?? f.server.ip))];
}

for (const c of CAPTURES) {
  for (const [width, height] of SIZES) {
    test(`${c.file} at ${width} px: the map and the diagram as the report says, from the widget's origin, 0 axe violations`, async () => {
      const report = reports.get(c.file)!;
      const s = await session.launch({ width, height });
      await withAxe(s.context);
      const mapLoads = () => widget.log.filter((r) => r.path === '/widget-map.js').length;
      const loadsBefore = mapLoads();
      await s.page.goto(pageFor(c.file, 'none'));
      await s.page.locator('#w article[data-state="ready"]').waitFor({ timeout: 60_000 });
      // Report mode loads no map until it is asked for.
      expect(mapLoads()).toBe(loadsBefore);
      expect(await s.page.locator('#w svg').count()).toBe(0);
      await openMap(s.page);
      expect(mapLoads()).toBe(loadsBefore + 1);
      expect(await s.page.locator('#w').getByRole('button', { name: 'Hide the map' }).getAttribute('aria-expanded')).toBe('true');

      // Each country of the report, shaded as the report's geography says: a path by ISO numeric
      // id when the outline exists at 1:110m, else a dot.
      const map = s.page.locator('#w svg[data-testid="world-map"]');
      expect(await map.locator('path.country').count()).toBeGreaterThan(170);
      const countries = geographyOf(report).countries;
      expect(countries.length).toBeGreaterThan(1);
      let paths = 0;
      for (const country of countries) {
        const id = numericOf(country.code)!;
        const path = map.locator(`path.country[data-id="${id}"]`);
        if (await path.count()) {
          paths++;
          expect(await classes(path), country.code).toBe(`country ${country.shade}`);
          expect(await path.getAttribute('data-code')).toBe(country.code);
          expect(await path.locator('title').textContent()).toBe(country.text);
        } else {
          expect(await classes(map.locator(`circle[data-code="${country.code}"]`)), country.code).toBe(`dot ${country.shade}`);
        }
      }
      expect(paths).toBeGreaterThan(0);
      // China, where both captures send identifiers in clear text.
      const china = countries.find((x) => x.code === 'CN')!;
      expect(china.shade).toBe('clear');
      expect(await classes(map.locator('path.country[data-id="156"]'))).toBe('country clear');
      // A country neither capture went to keeps the neutral shade.
      expect(countries.some((x) => x.code === 'FR')).toBe(false);
      expect(await classes(map.locator('path.country[data-id="250"]'))).toBe('country none');

      // The diagram: one device node, a node per country, and in words every host of the report.
      const diagram = s.page.locator('#w [data-testid="flow-diagram"]');
      expect(await diagram.locator('[data-node="device"]').count()).toBe(1);
      // Every node shaded as the report's diagram says (dsb's t.appflowtrack.com only inside encrypted traffic).
      const nodes = diagramOf(report).nodes;
      if (c.file.startsWith('pcapdroid')) expect(nodes.find((n) => n.id === 'host:t.appflowtrack.com')?.shade).toBe('encrypted');
      for (const n of nodes) expect(await classes(diagram.locator(`rect[data-node="${n.id}"]`)), n.id).toBe(`node ${n.shade}`);
      for (const country of countries) expect(await classes(diagram.locator(`[data-node="country:${country.code}"]`))).toBe(`node ${country.shade}`);
      const list = (await s.page.locator('#w [data-testid="diagram-list"]').textContent()) ?? '';
      const hosts = hostsOf(report);
      expect(hosts.length).toBeGreaterThan(2);
      for (const host of hosts) expect(list, host).toContain(host);
      // The sentences stay: the widget's own countries list is still there beside the picture.
      expect(await s.page.locator('#w [data-role="countries"] li').allTextContents()).toEqual(countries.map((x) => x.text));

      // Its styles went into the shadow root, not the page.
      expect(await s.page.evaluate(() => document.head.querySelectorAll('style, script').length)).toBe(0);
      // Nothing but the page's origin and the widget's.
      expect(s.foreign([site.origin, widget.origin])).toEqual([]);
      expect(s.requests).toContain(`${widget.origin}/widget-map.js`);
      expect(s.errors).toEqual([]);

      // 0 axe violations with the map open, and no sideways scroll of the page.
      expect(await violations(s.page, `${c.file}-${width}`)).toEqual([]);
      const fit = await s.page.evaluate(() => {
        const w = document.getElementById('w')!.shadowRoot!;
        const box = w.querySelector('[data-testid="diagram-box"]')!;
        return { map: w.querySelector('[data-testid="world-map"]')!.getBoundingClientRect().width, box: [box.scrollWidth, box.clientWidth] };
      });
      if (width === 360) {
        // The map fits the phone; the diagram scrolls inside its own box.
        expect(fit.map).toBeLessThanOrEqual(360);
        expect(fit.map).toBeGreaterThan(250);
        expect(fit.box[0]).toBeGreaterThan(fit.box[1]);
      }
      await shot(s.page, `widget-map-${c.file}-${width}`);
      await s.page.locator('#w section[part="where"]').screenshot({ path: join(screenshots, `widget-map-${c.file}-${width}-where.png`) });

      // Hidden again, then shown again without a second load.
      await s.page.locator('#w').getByRole('button', { name: 'Hide the map' }).click();
      expect(await s.page.locator('#w svg[data-testid="world-map"]').count()).toBe(0);
      await openMap(s.page);
      expect(mapLoads()).toBe(loadsBefore + 1);
      console.log(`${c.file} ${width} px: ${countries.map((x) => `${x.code}=${x.shade}`).join(' ')}; ${hosts.length} hosts in the diagram's list; map ${Math.round(fit.map)} px`);
    });
  }
}

test('15-mixed, partial redaction: the phone model is masked in the diagram as in the findings, and follows a redaction change', async () => {
  const report = reports.get('15-mixed.pcap')!;
  const model = report.findings.find((f) => f.type === 'model')!.value;
  const device = diagramOf(report).tree.label;
  expect(device).toBe(`This device (${model})`);
  const masked = maskPlain(device, redactorOf(report.findings, 'partial'));
  expect(masked).not.toContain(model);
  // Every spelling of every personal value that could give it away (as widget.e2e's redaction test).
  const personal = report.findings.filter((f) => f.type !== 'carrier' && f.type !== 'model');
  const secrets = [...new Set(personal.flatMap((f) => [f.value, f.value.replace(/\D/g, ''), f.match ?? ''].filter((v) => v.length >= 6)))];

  const s = await session.launch();
  await s.page.goto(pageFor('15-mixed.pcap', 'partial'));
  await openMap(s.page);
  const shadow = () => s.page.evaluate(() => {
    const r = document.getElementById('w')!.shadowRoot!;
    return `${r.textContent}\n${r.innerHTML}`;
  });
  const deviceNode = () => s.page.locator('#w [data-testid="flow-diagram"] text.label title').first().textContent();
  const text = await shadow();
  expect(text).toContain(masked);
  expect(text).not.toContain(model);
  for (const secret of secrets) expect(text, secret).not.toContain(secret);
  expect(await deviceNode()).toBe(masked);
  // The attribute is live: the map is drawn again with the values shown.
  await s.page.evaluate(() => document.getElementById('w')!.setAttribute('redact', 'none'));
  await expect.poll(deviceNode).toBe(device);
  expect(await s.page.locator('#w svg[data-testid="world-map"]').count()).toBe(1);
  expect(s.foreign([site.origin, widget.origin])).toEqual([]);
  expect(s.errors).toEqual([]);
});

test('the ES module build, two widgets on a page: widget-map.js loaded once, both maps drawn, 0 axe violations', async () => {
  const s = await session.launch({ width: 1280, height: 900 });
  await withAxe(s.context);
  const path = '/two-module.html';
  pages.set(path, plainPage(
    `<main><h1>Two reports</h1><h2>First</h2><capture-report id="a" src="15-mixed.pcap.json"></capture-report>
     <h2>Second</h2><capture-report id="b" src="pcapdroid-03-dsb.pcapng.json" redact="full"></capture-report></main>`,
    `${widget.origin}/widget.mjs`,
    { module: true },
  ));
  const loadsBefore = widget.log.filter((r) => r.path === '/widget-map.js').length;
  await s.page.goto(`${site.origin}${path}`);
  for (const id of ['a', 'b']) {
    await s.page.locator(`#${id} article[data-state="ready"]`).waitFor({ timeout: 60_000 });
    await s.page.locator(`#${id}`).getByRole('button', { name: 'Show the map' }).click();
    await s.page.locator(`#${id} svg[data-testid="world-map"]`).waitFor({ timeout: 30_000 });
  }
  expect(widget.log.filter((r) => r.path === '/widget-map.js').length).toBe(loadsBefore + 1);
  expect(s.requests.some((u) => u === `${widget.origin}/widget.js`)).toBe(false);
  const china = (id: string) => classes(s.page.locator(`#${id} path.country[data-id="156"]`));
  expect(await china('a')).toBe(`country ${geographyOf(reports.get('15-mixed.pcap')!).countries.find((x) => x.code === 'CN')!.shade}`);
  expect(await china('b')).toBe(`country ${geographyOf(reports.get('pcapdroid-03-dsb.pcapng')!).countries.find((x) => x.code === 'CN')!.shade}`);
  expect(await violations(s.page, 'two-module')).toEqual([]);
  expect(s.foreign([site.origin, widget.origin])).toEqual([]);
  expect(s.errors).toEqual([]);
});

test('widget-map.js missing where `engine` points: one line in the where section, the button offers it again', async () => {
  const s = await session.launch({ width: 1280, height: 900 });
  const path = '/missing-map.html';
  pages.set(path, plainPage(`<main><h1>No map</h1><h2>Report</h2><capture-report id="w" src="15-mixed.pcap.json" engine="${widget.origin}/nowhere/"></capture-report></main>`, `${widget.origin}/widget.js`));
  await s.page.goto(`${site.origin}${path}`);
  await s.page.locator('#w article[data-state="ready"]').waitFor({ timeout: 60_000 });
  await s.page.locator('#w').getByRole('button', { name: 'Show the map' }).click();
  const status = s.page.locator('#w section[part="where"] [role="status"]');
  await expect.poll(() => status.textContent()).toBe(`The map could not be shown: ${widget.origin}/nowhere/widget-map.js could not be loaded.`);
  expect(await s.page.locator('#w').getByRole('button', { name: 'Show the map' }).getAttribute('aria-expanded')).toBe('false');
  expect(await s.page.locator('#w svg').count()).toBe(0);
  expect(widget.log.some((r) => r.path === '/nowhere/widget-map.js')).toBe(true);
  // The only console error is the browser's own note about the 404.
  expect(s.errors.filter((e) => !/404/.test(e))).toEqual([]);
});
