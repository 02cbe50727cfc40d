/**
 * The Hosts table fits the screen from 721 px up (issue 14, "Phones"): at 800 and 1280 px it
 * scrolled sideways and hid its Country and Findings columns; now its minor columns fold into a
 * second line of each row (DataTable `minor`) and every column left is on screen. The Flows
 * table likewise (before: scrollWidth 1260 at 800 and 1280 px).
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { corpus, formats, openCapture, shot, start, tab, useSession } from './browser';

const session = useSession();

const tables = [
  // Sorted by findings: the first row is a host with findings and (a public address) a country.
  { name: 'Hosts', capture: join(corpus, 'captures/15-mixed.pcap'), testid: 'hosts-table', row: '[role="option"]', cells: ['Country', 'Findings'], folded: /Address/ },
  // A PCAPdroid capture: its App column makes the widest Flows table; rows are cells (nothing opens).
  { name: 'Flows', capture: join(formats, 'captures/pcapdroid-03-dsb.pcapng'), testid: 'flows-table', row: '[role="row"]:has([role="cell"])', cells: ['App', 'Host', 'Wire', 'Bytes'], folded: /Client/ },
];

for (const t of tables) {
  for (const width of [800, 1280]) {
    test(`${t.name} at ${width} px: no sideways scroll, ${t.cells.join(', ')} on screen`, async () => {
      const s = await session.launch({ width, height: 900 });
      const { page } = s;
      await start(s);
      await openCapture(page, t.capture);
      await tab(page, new RegExp(t.name));
      const table = page.getByTestId(t.testid);
      await table.waitFor();
      const fit = await table.evaluate((el, { rowSelector, labels }) => {
        const box = el.getBoundingClientRect();
        const row = el.querySelector(rowSelector)!;
        const cell = (label: string) => {
          const c = row.querySelector<HTMLElement>(`[data-column="${label}"]`);
          if (!c) return null;
          const r = c.getBoundingClientRect();
          return { text: c.textContent ?? '', left: r.left, right: r.right, width: r.width };
        };
        return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, left: box.left, right: box.right, cells: labels.map(cell), details: cell('details') };
      }, { rowSelector: t.row, labels: t.cells });
      await shot(page, `${t.name.toLowerCase()}-fit-${width}`);
      expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
      for (const c of fit.cells) {
        expect(c).not.toBeNull();
        expect(c!.width).toBeGreaterThan(0);
        expect(c!.left).toBeGreaterThanOrEqual(fit.left);
        expect(c!.right).toBeLessThanOrEqual(fit.right);
      }
      if (t.name === 'Hosts') {
        // In a listbox each value says its column (hidden from sight).
        expect(fit.cells[1]!.text).toMatch(/^Findings:\s*\d+/);
        expect(fit.cells[0]!.text).toMatch(/^Country:\s*\S/);
      }
      // The folded columns are still there, named, in the row's second line.
      expect(fit.details!.text).toMatch(t.folded);
    });
  }
}
