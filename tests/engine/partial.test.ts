/**
 * Findings appear while the capture is read (issue 14): the engine hands out a partial report as
 * soon as the scanner holds its first finding, not at the next 2-second tick or at the end.
 * Asserted as an order (which bytes had been read when the first finding came out), never a time.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStream } from '../../src/core/engine';
import type { Report } from '../../src/core/report/types';
import { LEAKS } from '../corpus';
import { scannerWasm } from '../pipeline';
import { writeBigCapture } from '../bench/bigCapture';

describe('partial reports while reading', () => {
  it('the first finding is handed out before the capture is read to the end', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'leakscope-partial-')), 'big.pcap');
    writeBigCapture(join(LEAKS, 'captures', '02-analytics-get.pcap'), path, 6 << 20);
    const bytes = readFileSync(path);
    let read = 0;
    let readAtFirst = -1;
    const partials: Report[] = [];
    const report = await analyzeStream((async function* () {
      for (let i = 0; i < bytes.length; i += 64 << 10) {
        read = Math.min(bytes.length, i + (64 << 10));
        yield bytes.subarray(i, read);
      }
    })(), {
      name: 'big.pcap', size: bytes.length, scannerWasm: scannerWasm(),
      onPartial: (r) => {
        partials.push(r);
        if (readAtFirst < 0 && r.findings.length > 0) readAtFirst = read;
      },
    });
    expect(report.findings.length).toBeGreaterThan(0);
    // The capture repeats a 2 kB request a few thousand times: its first copy holds a finding,
    // so the first partial with one comes within the first chunk or two, not near the end.
    expect(readAtFirst).toBeGreaterThan(0);
    expect(readAtFirst).toBeLessThanOrEqual(2 * (64 << 10));
    expect(partials[0].findings[0].type).toBe(report.findings[0].type);
  }, 60_000);
});
