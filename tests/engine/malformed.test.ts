/** Every broken capture ends in a report with warnings or a one-line error, quickly. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MALFORMED } from '../corpus';
import { analyzeFile } from '../pipeline';

// Every file but the corpus's own documentation (README, licence, manifest).
const files = readdirSync(MALFORMED).filter((f) => !/\.(md|txt|tsv)$/i.test(f)).sort();

describe('malformed corpus', () => {
  it('has the files', () => expect(files.length).toBe(162));

  // The timeout is a hang guard, not a speed measure (speed lives in npm run bench).
  it.each(files)('%s: report or one clear error', { timeout: 30_000 }, async (name) => {
    let outcome: 'report' | 'error';
    try {
      const report = await analyzeFile(join(MALFORMED, name));
      outcome = 'report';
      // A capture that was read accounts for its frames; damage shows up as warnings.
      expect(report.capture.frames).toBeGreaterThanOrEqual(0);
      expect(['pcap', 'pcapng']).toContain(report.capture.format);
    } catch (e) {
      outcome = 'error';
      expect(e).toBeInstanceOf(Error);
      const message = (e as Error).message;
      expect(message.length).toBeGreaterThan(10);
      expect(message).not.toContain('\n');
      expect((e as Error).name).toBe('CaptureError');
    }
    expect(['report', 'error']).toContain(outcome);
  });
});
