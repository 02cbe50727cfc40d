/**
 * The Hosts table fits the screen from 721 px up (issue 14, "Phones"): at 800 and 1280 px it
 * scrolled sideways and hid its Country and Findings columns; now its minor columns fold into a
 * second line of each row (DataTable `minor`) and every column left is on screen. The Flows
 * table likewise.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { corpus, formats, openCapture, shot, start, tab, useSession } from './browser';

const session = useSession();

for (const width of [800, 1280]) {
  test(`Hosts at ${width} px: no sideways scroll, country and findings on screen`, async () => {
    const s = await session.launch({ width, height: 900 });
    const { page } = s;
    await start(s);
    await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
    await tab(page, /Hosts/);
    const table = page.getByTestId('hosts-table');
    await table.waitFor();
    const fit = await table.evaluate((el) => {
      const box = el.getBoundingClientRect();
      // Sorted by findings: the first row is a host with findings and (a public address) a country.
      const row = el.querySelector('[role="option"]')!;
      const cell = (label: string) => {
        const c = row.querySelector<HTMLElement>(`[data-column="${label}"]`);
        if (!c) return null;
        const r = c.getBoundingClientRect();
        return { text: c.textContent ?? '', left: r.left, right: r.right, width: r.width };
      };
      return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, left: box.left, right: box.right, country: cell('Country'), findings: cell('Findings'), details: cell('details') };
    });
    await shot(page, `hosts-fit-${width}`);
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
    for (const c of [fit.country!, fit.findings!]) {
      expect(c).not.toBeNull();
      expect(c.width).toBeGreaterThan(0);
      expect(c.left).toBeGreaterThanOrEqual(fit.left);
      expect(c.right).toBeLessThanOrEqual(fit.right);
    }
    expect(fit.findings!.text).toMatch(/^Findings:\s*\d+/);
    expect(fit.country!.text).toMatch(/^Country:\s*\S/);
    // The folded columns are still there, named, in the row's second line.
    expect(fit.details!.text).toMatch(/Address/);
  });
}

// The Flows table the same way, on a PCAPdroid capture (its App column makes the widest table).
for (const width of [800, 1280]) {
  test(`Flows at ${width} px: no sideways scroll, host, wire and bytes on screen`, async () => {
    const s = await session.launch({ width, height: 900 });
    const { page } = s;
    await start(s);
    await openCapture(page, join(formats, 'captures/pcapdroid-03-dsb.pcapng'));
    await tab(page, /Flows/);
    const table = page.getByTestId('flows-table');
    await table.waitFor();
    const fit = await table.evaluate((el) => {
      const box = el.getBoundingClientRect();
      // A table of cells (no row opens anything): its first body row.
      const row = el.querySelector('[role="row"]:has([role="cell"])')!;
      const cell = (label: string) => {
        const c = row.querySelector<HTMLElement>(`[data-column="${label}"]`);
        if (!c) return null;
        const r = c.getBoundingClientRect();
        return { text: c.textContent ?? '', left: r.left, right: r.right, width: r.width };
      };
      return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, left: box.left, right: box.right, cells: ['App', 'Host', 'Wire', 'Bytes'].map(cell), details: cell('details') };
    });
    await shot(page, `flows-fit-${width}`);
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
    for (const c of fit.cells) {
      expect(c).not.toBeNull();
      expect(c!.width).toBeGreaterThan(0);
      expect(c!.left).toBeGreaterThanOrEqual(fit.left);
      expect(c!.right).toBeLessThanOrEqual(fit.right);
    }
    expect(fit.details!.text).toMatch(/Client/);
  });
}
