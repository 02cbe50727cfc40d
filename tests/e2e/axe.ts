/** axe-core in a browser test: injected before the page's scripts, then run over the whole page. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { root } from './browser';

const AXE = readFileSync(resolve(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * axe as an init script: the app's CSP (script-src 'self') blocks an inline <script> added to
 * the page, but init scripts are injected by the browser itself and run before the page's own.
 */
export async function withAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: AXE });
}

/** One line per violation on this view: "view: id (impact) first-target — help". */
export async function violations(page: Page, view: string): Promise<string[]> {
  // Let transitions and lazily loaded parts (the map) settle before measuring contrast.
  await page.waitForTimeout(300);
  const found = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, target: JSON.stringify(v.nodes[0]?.target ?? []), n: v.nodes.length }));
  });
  const lines = found.map((v) => `${view}: ${v.id} (${v.impact}) ${v.target} ×${v.n} — ${v.help}`);
  // No view may scroll the whole page sideways (a phone's 360 px included).
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  if (scroll > client) lines.push(`${view}: the page scrolls sideways (${scroll} px wide in ${client} px)`);
  return lines;
}
