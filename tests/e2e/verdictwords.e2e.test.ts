/** The verdict says what the report knows: a capture cut short, and a file that is no capture named as what it is. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { corpus, start, useSession } from './browser';

const session = useSession();

/** Offset of the n-th (1-based) pcap record, read here from the record headers. */
function recordOffset(bytes: Buffer, n: number): number {
  let p = 24;
  for (let i = 1; i < n; i++) p += 16 + bytes.readUInt32LE(p + 8);
  return p;
}

test('a truncated capture: the verdict says where it ends and that the rest is unknown', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  const bytes = readFileSync(join(corpus, 'captures/01-cloud-messaging.pcap'));
  const cut = bytes.subarray(0, recordOffset(bytes, 5) + 10);
  await page.setInputFiles('#capture-input', { name: '01-cut.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: Buffer.from(cut) });
  await page.getByTestId('session-name').filter({ hasText: '01-cut.pcap' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('progress').waitFor({ state: 'detached', timeout: 60_000 });
  await expect.poll(() => page.getByTestId('verdict-incomplete').textContent()).toMatch(/^Incomplete The capture ends inside frame 5: what came after is unknown\.$/);
  // No profile in this fresh browser: one line says what one would add.
  expect(await page.getByTestId('verdict-profile').textContent()).toMatch(/^No profile was given: .*contacts' numbers written in local format/);
});

test('a JPEG dropped by mistake is named as one in the headline', async () => {
  const s = await session.launch();
  const { page } = s;
  await start(s);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(600, 7)]);
  await page.setInputFiles('#capture-input', { name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  const head = page.getByTestId('error-headline');
  await head.waitFor({ timeout: 30_000 });
  expect(await head.textContent()).toBe('holiday.jpg is a JPEG image, not a capture.');
  expect(await page.getByTestId('analysis-error').textContent()).toMatch(/^Leakscope reads a pcap, pcapng/);
});
