/**
 * axe-core over every view at 1280×900 and 360×740: the landing page, the report of 15-mixed
 * with each tab selected, Sessions, My identifiers, Compare, About, and the example advisory
 * page with its two widgets. Every view must have 0 violations; a failure lists each one's id,
 * impact and first target.
 *
 *   npx vitest run --config tests/e2e/vitest.config.ts tests/e2e/axe.e2e.test.ts
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { violations, withAxe } from './axe';
import { corpus, launch, openCapture, start, useSession } from './browser';
import { advisoryDir, buildWidget, serve, type StaticServer } from './widgetServer';

const session = useSession();
const SIZES = [
  [1280, 900],
  [360, 740],
] as const;
/** The app's runs: both sizes in the light scheme, and the phone in the dark one (its own colours). */
const RUNS = [...SIZES.map(([w, h]) => [w, h, 'light'] as const), [360, 740, 'dark'] as const];

for (const [width, height, scheme] of RUNS) {
  test(`the app has no axe violations at ${width} px, ${scheme}`, async () => {
    const s = await session.launch({ width, height });
    const { page } = s;
    await page.emulateMedia({ colorScheme: scheme });
    await withAxe(s.context);
    const all: string[] = [];
    await start(s);

    // The landing page: reached the way a person does, from an error's "Back to the start".
    await page.setInputFiles('#capture-input', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not packets\n'.repeat(50)) });
    await page.getByTestId('analysis-error').waitFor({ timeout: 30_000 });
    all.push(...(await violations(page, 'error')));
    await page.getByRole('button', { name: 'Back to the start' }).click();
    await page.getByTestId('drop-zone').waitFor();
    all.push(...(await violations(page, 'landing')));

    await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
    all.push(...(await violations(page, 'verdict')));
    const tabs = await page.getByRole('tab').evaluateAll((ts) => ts.map((t) => t.id));
    expect(tabs).toEqual(expect.arrayContaining(['tab-findings', 'tab-hosts', 'tab-flows', 'tab-map', 'tab-dns', 'tab-http', 'tab-tls', 'tab-warnings', 'tab-capture']));
    for (const id of tabs) {
      await page.locator(`#${id}`).click();
      await page.locator(`#${id}[aria-selected="true"]`).waitFor();
      if (id === 'tab-map') await page.getByTestId('map-countries').waitFor({ timeout: 30_000 }).catch(() => undefined);
      all.push(...(await violations(page, id)));
    }
    // The evidence dialog of the first finding.
    await page.locator('#tab-findings').click();
    await page.getByTestId('finding-row').first().click();
    await page.getByTestId('evidence').locator('mark').first().waitFor();
    all.push(...(await violations(page, 'evidence')));
    await page.keyboard.press('Escape');

    await page.getByTestId('nav-sessions').click();
    all.push(...(await violations(page, 'sessions')));
    await page.getByTestId('nav-profile').click();
    all.push(...(await violations(page, 'profile')));
    // Compare needs two sessions: the sample and 15-mixed.
    await page.getByTestId('nav-sessions').click();
    await page.getByRole('button', { name: 'Compare two sessions' }).click();
    const before = page.getByLabel('Before');
    const options = await before.locator('option').allTextContents();
    await before.selectOption({ label: options[1] });
    await page.getByLabel('After').selectOption({ label: options[2] });
    await page.getByTestId('compare-new').waitFor();
    // With the sideways check in violations(): both selects fit (they hold long session names and dates).
    all.push(...(await violations(page, 'compare')));
    await page.getByTestId('nav-about').click();
    all.push(...(await violations(page, 'about')));

    expect(all).toEqual([]);
  });
}

let built: ReturnType<typeof buildWidget> | undefined;
let site: StaticServer | undefined;
let widget: StaticServer | undefined;

beforeAll(async () => {
  built = buildWidget();
  widget = await serve({ dir: built.dir, cors: true });
  site = await serve({
    dir: advisoryDir,
    rewriteHtml: (_path, html) => html.replace('src="../widget/widget.js"', `src="${widget!.origin}/widget.js"`),
  });
});

afterAll(async () => {
  await widget?.close();
  await site?.close();
  built?.dispose();
});

test('the example advisory page has no axe violations at 1280 and 360 px, and asks for no /favicon.ico', async () => {
  const all: string[] = [];
  for (const [width, height] of SIZES) {
    // Not useSession: the widget's files come from a second origin on purpose.
    const s = await launch({ width, height });
    try {
      await withAxe(s.context);
      await s.page.goto(`${site!.origin}/`);
      for (const id of ['from-report', 'from-capture']) {
        await s.page.locator(`#${id} article[data-state="ready"]`).waitFor({ timeout: 60_000 });
      }
      all.push(...(await violations(s.page, `advisory-${width}`)));
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  }
  expect(all).toEqual([]);
  // Without a <link rel="icon">, a browser asks the page's origin for /favicon.ico (a 404 on most hosts).
  expect(site!.log.map((l) => l.path)).not.toContain('/favicon.ico');
});
