/** A TLS key log (SSLKEYLOGFILE) given with the capture: dropped together, or picked on its own. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { corpus, dropFiles, openCapture, shot, start, tab, useSession } from './browser';

const session = useSession();

const CAPTURE = join(corpus, 'captures/08-https-dsb-keylog.pcap');
const KEYLOG = join(corpus, 'keys/08-https-dsb-keylog.keylog');

async function waitForReport(page: Page): Promise<void> {
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="saving"]'), undefined, { timeout: 60_000 });
}

/** The "Encrypted flows decrypted: N of M" line, as numbers. */
async function decrypted(page: Page): Promise<{ n: number; of: number }> {
  const text = (await page.getByTestId('keylog-decrypted').textContent()) ?? '';
  const m = /encrypted flows decrypted: (\d+) of (\d+)/i.exec(text);
  expect(m, text).not.toBeNull();
  return { n: Number(m![1]), of: Number(m![2]) };
}

/** When the engine decrypted something, its findings are there and marked as read with keys. */
async function checkDecryptedFindings(page: Page, n: number): Promise<void> {
  if (n === 0) return; // decryption not in this build yet: the key log is still accepted and kept
  await tab(page, /Findings/);
  await page.getByTestId('filter-wire').selectOption('encrypted');
  const rows = await page.getByTestId('findings-list').getByTestId('finding-row').allTextContents();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.join('\n')).toMatch(/IMEI/);
}

test('08-https: capture and key log dropped together; the key log is used, shown and kept with the session', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  // Order does not matter: the file that parses as a key log is the key log.
  await dropFiles(page, [KEYLOG, CAPTURE]);
  await waitForReport(page);
  expect(await page.getByTestId('session-name').textContent()).toBe('08-https-dsb-keylog.pcap');

  const used = page.getByTestId('keylog-used');
  expect(await used.textContent()).toMatch(/TLS key log 08-https-dsb-keylog\.keylog \(2 TLS sessions, \d+ secrets\)/);
  const { n, of } = await decrypted(page);
  expect(of).toBeGreaterThanOrEqual(2); // two HTTPS connections in this capture
  expect(n).toBeLessThanOrEqual(of);
  console.log(`08-https-dsb-keylog: encrypted flows decrypted: ${n} of ${of}`);
  await checkDecryptedFindings(page, n);
  await shot(page, 'keylog-1280');

  // After a reload the report still says which key log it used; the secrets themselves are
  // kept only with the capture ("keep captures" not ticked here).
  await page.reload();
  await waitForReport(page);
  expect(await page.getByTestId('session-name').textContent()).toBe('08-https-dsb-keylog.pcap');
  expect(await page.getByText('read with a TLS key log (not kept)').count()).toBe(1);
  expect(await page.getByText('TLS key log kept').count()).toBe(0);
  expect(await page.getByTestId('keylog-used').textContent()).toContain('08-https-dsb-keylog.keylog');
  expect((await decrypted(page)).n).toBe(n);
  const stored = () => page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => Object.assign(indexedDB.open('leakscope'), { onsuccess(this: IDBRequest<IDBDatabase>) { ok(this.result); }, onerror: ko }));
    const all = await new Promise<{ keylog?: { text: string } }[]>((ok) => Object.assign(db.transaction('sessions').objectStore('sessions').getAll(), { onsuccess(this: IDBRequest) { ok(this.result); } }));
    db.close();
    return all.filter((m) => m.keylog).map((m) => m.keylog!.text.length);
  });
  expect(await stored()).toEqual([0]);

  // With "keep captures" ticked, the key log is kept with the capture, secrets and all.
  await page.getByTestId('nav-sessions').click();
  await page.getByTestId('keep-captures').check();
  await dropFiles(page, [CAPTURE, KEYLOG]);
  await waitForReport(page);
  await page.reload();
  await waitForReport(page);
  expect(await page.getByText('TLS key log kept').count()).toBe(1);
  expect((await stored()).sort((a, b) => a - b)).toEqual([0, readFileSync(KEYLOG, 'utf8').length]);

  // Follow stream on a finding read from decrypted TLS: decrypted first, the value marked; the
  // bytes as sent hold no trace of it.
  await tab(page, /Findings/);
  await page.getByTestId('filter-wire').selectOption('encrypted');
  await page.getByTestId('findings-list').getByTestId('finding-row').first().click();
  const ev = page.getByTestId('evidence');
  await ev.getByTestId('follow-stream').click();
  const text = ev.getByTestId('stream-text');
  await text.waitFor({ timeout: 30_000 });
  expect(await ev.getByTestId('stream-view-decrypted').getAttribute('aria-pressed')).toBe('true');
  expect(await text.textContent()).toMatch(/^(GET|POST) \S+ HTTP\/1\.1/);
  expect(await text.locator('mark').count()).toBeGreaterThan(0);
  expect(await ev.getByTestId('stream-summary').textContent()).toMatch(/^Decrypted with the TLS keys/);
  await shot(page, 'stream-decrypted-1280');
  await ev.getByTestId('stream-view-sent').click();
  await expect.poll(() => text.locator('mark').count()).toBe(0);
  expect(await ev.getByTestId('stream-summary').textContent()).toMatch(/bytes as sent, encrypted/);
});

test('a key log picked with its own input reads the capture on screen again at once; a non-key-log is refused', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await openCapture(page, CAPTURE);
  expect(await page.getByTestId('keylog-used').count()).toBe(0);

  // Not a key log: said so, nothing kept.
  await page.setInputFiles('#keylog-input', join(corpus, 'README.md'));
  await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/README\.md is not a TLS key log/);
  expect(await page.getByTestId('keylog-label').count()).toBe(0);

  // Added to the capture on screen: read again at once, no rescan click.
  const summary = async () => ((await page.getByTestId('verdict-summary').textContent()) ?? '').replace(/\s+/g, ' ');
  expect(await summary()).toMatch(/4 flows \(2 encrypted\), 0 findings/);
  await page.setInputFiles('#keylog-input', KEYLOG);
  await expect.poll(() => page.getByTestId('keylog-used').count(), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 60_000 }).toMatch(/TLS key log 08-https-dsb-keylog\.keylog \(2 TLS sessions, \d+ secrets\): 2 of 2 encrypted flows decrypted; 3 new findings\./);
  expect(await summary()).toMatch(/4 flows \(2 encrypted, 2 of them decrypted\), 3 findings/);
  expect(await page.getByTestId('verdict-line').count()).toBeGreaterThan(0);
  expect((await decrypted(page))).toEqual({ n: 2, of: 2 });
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
  const { n } = await decrypted(page);
  await checkDecryptedFindings(page, n);

  // Removed: captures opened from now on are read without it.
  await page.getByTestId('keylog-remove').click();
  expect(await page.getByTestId('keylog-label').count()).toBe(0);
});
