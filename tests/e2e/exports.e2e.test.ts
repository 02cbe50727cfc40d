/** The three exports download and parse; the HTML report masks identifiers unless asked. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { corpus, openCapture, start, useSession } from './browser';
import { parseCsv } from '../csv';

const session = useSession();

async function download(page: Page, testid: string): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test('JSON report, findings CSV and redacted HTML', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await openCapture(page, join(corpus, 'captures/01-cloud-messaging.pcap'));

  const json = await download(page, 'export-json');
  expect(json.name).toBe('01-cloud-messaging.report.json');
  const report = JSON.parse(json.text);
  expect(report.format).toBe('capture-report');
  expect(report.version).toBe(2);
  expect(report.capture.frames).toBe(14);
  // Hashed by a scan worker reading the same file: the file's own SHA-256.
  expect(report.capture.sha256).toBe(createHash('sha256').update(readFileSync(join(corpus, 'captures/01-cloud-messaging.pcap'))).digest('hex'));
  const n = report.findings.length;
  expect(n).toBeGreaterThan(5);

  const csv = await download(page, 'export-csv');
  const rows = parseCsv(csv.text);
  expect(rows[0].slice(0, 3)).toEqual(['type', 'value', 'encoding']);
  expect(rows.length).toBe(n + 1);
  expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
  expect(rows.map((r) => r[1])).toContain('862287025963539');
  // Formula-like cells (OWASP: = + - @ tab CR) open as text: the phone number behind a quote.
  expect(rows.map((r) => r[1])).toContain("'+8618611428769");
  expect(rows.slice(1).flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);

  const masked = await download(page, 'export-html');
  expect(masked.name).toBe('01-cloud-messaging.redacted.html');
  expect(masked.text).toMatch(/^<!doctype html>/);
  expect(masked.text).not.toMatch(/<script|src=|href=|@import|url\(/i);
  expect(masked.text).not.toContain('862287025963539');
  expect(masked.text).not.toContain('460012835716904');
  expect(masked.text).toContain('86•••••••••••39');
  expect(masked.text).toContain('api.account.xmsvc-cloud.cn');

  await page.getByTestId('export-unmasked').check();
  const plain = await download(page, 'export-html');
  expect(plain.name).toBe('01-cloud-messaging.unmasked.html');
  expect(plain.text).toContain('862287025963539');

  // The exported JSON opens again in the page, as a report.
  await page.setInputFiles('#capture-input', { name: 'again.json', mimeType: 'application/json', buffer: Buffer.from(json.text) });
  await page.getByTestId('verdict').waitFor();
  await expect.poll(async () => (await page.getByTestId('verdict-line').allTextContents())[0]).toMatch(/IMEI/);
});
