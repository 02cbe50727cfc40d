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

test('the files for sharing (HTML, CSV, JSON) hide every identifier of 15-mixed in every spelling', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await openCapture(page, join(corpus, 'captures/15-mixed.pcap'));
  const report = JSON.parse((await download(page, 'export-json')).text) as { findings: { type: string; value: string; match?: string; context: string }[] };
  // Every value and every spelling the scanner matched, and the two leaks: the location
  // beside the IMSI, the carrier cut off beside a phone number.
  const bad = new Set(['39.983424', '116.315963', 'China+Uni', '+86 186-1142-876', '6409803a5c7e']);
  for (const f of report.findings) for (const v of [f.value, f.match ?? '']) if (v.length >= 4) bad.add(v);
  expect(report.findings.some((f) => f.type === 'imsi' && f.context.includes('"geo":{"lat":39.983424'))).toBe(true);

  const html = await download(page, 'export-html');
  const csv = await download(page, 'export-csv-redacted');
  const json = await download(page, 'export-json-redacted');
  expect([html.name, csv.name, json.name]).toEqual(['15-mixed.redacted.html', '15-mixed.redacted.findings.csv', '15-mixed.redacted.report.json']);
  const texts = {
    html: html.text.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'"),
    csv: parseCsv(csv.text).flat().join('\n'),
    json: JSON.stringify(JSON.parse(json.text), null, 0) + '\n' + (JSON.parse(json.text) as { findings: { context: string }[] }).findings.map((f) => f.context).join('\n'),
  };
  for (const [name, text] of Object.entries(texts)) {
    expect([...bad].filter((b) => text.toLowerCase().includes(b.toLowerCase())), name).toEqual([]);
  }
  // Still readable: masked values keep their shape, hosts stay, the CSV stays formula-safe.
  expect(html.text).toContain('86•••••••••••39');
  expect(html.text).toContain('bid.mobiadx.com');
  const rows = parseCsv(csv.text);
  expect(rows.length).toBe(report.findings.length + 1);
  expect(rows.slice(1).flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  expect(JSON.parse(json.text).findings.length).toBe(report.findings.length);
  expect(s.errors).toEqual([]);
});
