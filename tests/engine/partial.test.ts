/**
 * Findings appear while the capture is read (issue 14): the engine hands out a partial report as
 * soon as the scanner holds its first finding, not at the next 2-second tick or at the end.
 * Asserted as an order (which bytes had been read when the first finding came out), never a time.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startScanPool } from '../../src/cli/scanPool';
import { WORKERS_ONLY } from '../scan/helpers';
import { analyzeStream } from '../../src/core/engine';
import type { Report } from '../../src/core/report/types';
import { LEAKS } from '../corpus';
import { scannerWasm } from '../pipeline';
import { writeBigCapture } from '../bench/bigCapture';

const path = join(mkdtempSync(join(tmpdir(), 'leakscope-partial-')), 'big.pcap');

describe('partial reports while reading', () => {
  let pool: ReturnType<typeof startScanPool> | undefined;
  afterAll(() => pool?.terminate());

  it.each(['inline', 'pool'])('the first finding is handed out before the capture is read to the end (scanner %s)', async (how) => {
    if (how === 'pool') pool = startScanPool(2, WORKERS_ONLY);
    writeBigCapture(join(LEAKS, 'captures', '02-analytics-get.pcap'), path, 6 << 20);
    const bytes = readFileSync(path);
    let read = 0;
    let readAtFirst = -1;
    const partials: Report[] = [];
    let shown: () => void = () => undefined;
    const firstShown = new Promise<void>((r) => (shown = r));
    const half = Math.floor(bytes.length / 2);
    let waited = false;
    const report = await analyzeStream((async function* () {
      for (let i = 0; i < bytes.length; i += 64 << 10) {
        // Pooled, scan workers answer in real time: the second half of the file waits (up to 20 s,
        // however loaded the machine) for the first partial with a finding. An engine that hands
        // findings out only at the end still fails: its first comes after the last chunk.
        if (how === 'pool' && i >= half && !waited) {
          waited = true;
          await Promise.race([firstShown, new Promise((r) => setTimeout(r, 20_000))]);
        }
        read = Math.min(bytes.length, i + (64 << 10));
        yield bytes.subarray(i, read);
      }
    })(), {
      name: 'big.pcap', size: bytes.length, scannerWasm: scannerWasm(), scanPool: how === 'pool' ? pool : undefined,
      onPartial: (r) => {
        partials.push(r);
        if (readAtFirst < 0 && r.findings.length > 0) {
          readAtFirst = read;
          shown();
        }
      },
    });
    expect(report.findings.length).toBeGreaterThan(0);
    // The capture repeats a 2 kB request a few thousand times: its first copy holds a finding,
    // so the first partial with one comes within the first chunk or two, not near the end.
    expect(readAtFirst).toBeGreaterThan(0);
    // Inline, the scanner has it as the chunk is pushed; pooled, within the first half.
    if (how === 'inline') expect(readAtFirst).toBeLessThanOrEqual(2 * (64 << 10));
    else expect(readAtFirst).toBeLessThanOrEqual(half + (64 << 10));
    // What the partial showed is what the report says, not a draft: the same first finding.
    expect(partials.find((r) => r.findings.length > 0)!.findings[0].type).toBe(report.findings[0].type);
  }, 60_000);

  // The first partial comes 50 ms in, findings or not. A file that is not a capture must not get
  // one (it would be an empty report beside the error); a capture read as slowly does.
  const readSlowly = (name: string, bytes: Uint8Array, onPartial: () => void) => {
    const step = Math.ceil(bytes.length / 4);
    return analyzeStream((async function* () {
      for (let i = 0; i < bytes.length; i += step) {
        yield bytes.subarray(i, i + step);
        await new Promise((r) => setTimeout(r, 80));
      }
    })(), { name, size: bytes.length, scannerWasm: scannerWasm(), onPartial });
  };

  it('a text file read slowly: no partial report, the one-line error', async () => {
    let partials = 0;
    await expect(readSlowly('notes.txt', Buffer.from('not packets\n'.repeat(50)), () => partials++)).rejects.toThrow(/^not a pcap, pcapng/);
    expect(partials).toBe(0);
  });

  it('a capture read slowly: partial reports, then its findings', async () => {
    let partials = 0;
    const report = await readSlowly('02-analytics-get.pcap', readFileSync(join(LEAKS, 'captures', '02-analytics-get.pcap')), () => partials++);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(partials).toBeGreaterThanOrEqual(1);
  });
});
