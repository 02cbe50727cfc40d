/** Unreadable and damaged input: a clear one-line message, never a broken page. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { MALFORMED as malformed } from '../corpus';
import { openCapture, root, start, tab, useSession } from './browser';

const session = useSession();

test('a file that is not a capture gives a one-line error and the page keeps working', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  await page.setInputFiles('#capture-input', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('these are not packets\n'.repeat(50)) });
  const err = page.getByTestId('analysis-error');
  await err.waitFor({ timeout: 30_000 });
  const text = (await err.textContent()) ?? '';
  expect(text.length).toBeGreaterThan(5);
  expect(text).not.toContain('\n');
  await page.getByRole('button', { name: 'Back to the start' }).click();
  await page.getByTestId('drop-zone').waitFor();
});

test('damaged captures from the malformed corpus end in a report or a one-line error, never a hang', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  const files = readdirSync(malformed).filter((f) => /\.(pcap|pcapng)$/.test(f)).slice(0, 10);
  let reports = 0;
  let errors = 0;
  for (const f of files) {
    await page.setInputFiles('#capture-input', join(malformed, f));
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="progress"]') && (document.querySelector('[data-testid="verdict"]') || document.querySelector('[data-testid="analysis-error"]')),
      null,
      { timeout: 30_000 },
    );
    const err = page.getByTestId('analysis-error');
    if (await err.count()) {
      errors++;
      expect(await err.textContent()).not.toContain('\n');
    } else {
      reports++;
      await tab(page, /Capture/);
      expect(Number(await page.getByTestId('inv-frames').textContent())).toBeGreaterThan(0);
    }
  }
  console.log(`${files.length} malformed captures: ${reports} reports, ${errors} one-line errors`);
  expect(reports + errors).toBe(files.length);
  // And the page still reads a good capture afterwards.
  await openCapture(page, join(root, 'public/sample.pcap'));
});
