/**
 * Damaged App Privacy Reports, generated from the corpus's real files: truncated at every
 * length class, bit-flipped, and oversized (a line far past MAX_LINE, a file of many copies).
 * Each gives a report with warnings or a one-line CaptureError, never another exception, never
 * a hang.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../corpus';
import { analyzeStream } from '../../src/core/engine';
import { CaptureError } from '../../src/core/capture/index';
import { MAX_LINE } from '../../src/core/appreport/reader';
import type { Report } from '../../src/core/report/types';

const FILES = ['app-privacy-report-01.ndjson', 'app-privacy-report-02.ndjson', 'app-privacy-report-03-plaso-sample.ndjson'];
const real = (f: string) => new Uint8Array(readFileSync(join(FORMATS, 'captures', f)));

/** One run; a hang is caught by the test's timeout, not by timing the run (the machine is shared). */
async function run(bytes: Uint8Array, chunk = 4096, appReport?: string): Promise<Report | CaptureError> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  try {
    return await analyzeStream(chunks(), { name: 'x', appReport });
  } catch (e) {
    expect(e).toBeInstanceOf(CaptureError);
    expect((e as Error).message).not.toContain('\n');
    return e as CaptureError;
  }
}

/** A deterministic generator (xorshift32), so a failure names its case. */
function rng(seed: number): () => number {
  let x = seed || 1;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}

const codes = (r: Report) => [...new Set(r.warnings.map((w) => w.code))].sort();

describe('damaged App Privacy Reports', () => {
  it.each(FILES)('%s truncated: the lines before the cut are read, the cut one warns with its number', async (file) => {
    const bytes = real(file);
    for (const cut of [1, 3, 100, 511, 512, 513, Math.floor(bytes.length / 2), bytes.length - 7, bytes.length - 1]) {
      const r = await run(bytes.subarray(0, cut));
      const head = new TextDecoder().decode(bytes.subarray(0, cut));
      const whole = head.split('\n').length - 1;
      if (r instanceof CaptureError) {
        // No whole record's field names in sight: not recognised, as any unknown file.
        expect([cut, r.message]).toEqual([cut, expect.stringMatching(/^(too short to be a capture|not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file)/)]);
        expect(cut).toBeLessThan(20);
        continue;
      }
      expect(r.capture.format).toBe('app-privacy-report');
      // Every line of these files is a record: the whole ones are all read; the cut one warns,
      // unless only its newline was cut (then it is whole JSON and read too).
      const cutParses = cut === bytes.length - 1;
      // An access interval is two lines (its begin and its end).
      const read = (r.app_activity ?? []).reduce((n, a) => n + a.domains.length + a.access.reduce((k, x) => k + (x.start ? 1 : 0) + (x.end ? 1 : 0), 0), 0);
      expect(read).toBe(whole + (cutParses ? 1 : 0));
      expect(r.warnings.map((w) => w.message.replace(/ \(.*\)$/, ''))).toEqual(cutParses ? [] : [`app privacy report line ${whole + 1}: not JSON`]);
    }
  });

  it.each(FILES)('%s bit-flipped 200 times: a report or a clear error, good lines still read', async (file) => {
    const bytes = real(file);
    const next = rng(FILES.indexOf(file) + 11);
    let reports = 0;
    for (let i = 0; i < 200; i++) {
      const copy = bytes.slice();
      for (let k = 0; k < 1 + (i % 4); k++) copy[Math.floor(next() * copy.length)] ^= 1 << Math.floor(next() * 8);
      const r = await run(copy, 1 + (i % 7) * 97);
      if (r instanceof CaptureError) continue;
      reports++;
      expect(r.capture.format).toBe('app-privacy-report');
      for (const w of r.warnings) expect(['app-report-bad-line', 'app-report-skipped', 'app-report-long-line']).toContain(w.code);
    }
    expect(reports).toBeGreaterThan(150);
  });

  it('a line past MAX_LINE is skipped with a warning, the lines around it read', async () => {
    const bytes = real('app-privacy-report-01.ndjson');
    const text = new TextDecoder().decode(bytes);
    const [first, ...rest] = text.split('\n');
    const huge = `{"bundleID":"x","pad":"${'a'.repeat(MAX_LINE + 10)}"}`;
    const r = (await run(new TextEncoder().encode([first, huge, ...rest].join('\n')), 65536)) as Report;
    expect(codes(r)).toEqual(['app-report-long-line']);
    expect(r.warnings[0].message).toBe(`app privacy report line 2: longer than ${MAX_LINE} bytes, skipped`);
    expect(r.app_activity!.map((a) => [a.package, a.domains.length, a.access.length])).toEqual([['com.example.weather', 2, 1], ['com.adsdk.demo', 3, 0]]);
    // No newline at all after the record: everything from there on is one long line.
    const endless = new Uint8Array(8 << 20).fill(0x61);
    endless.set(bytes.subarray(0, bytes.indexOf(0x0a) + 1));
    const e = (await run(endless, 1 << 20)) as Report;
    expect(codes(e)).toEqual(['app-report-long-line']);
    expect(e.app_activity![0].access).toEqual([{ category: 'location', start: '2026-03-14T01:30:00.413Z', end: null }]);
  });

  it('an oversized report (the plaso export 3,000 times, 69 MB) streams through', async () => {
    const one = real('app-privacy-report-03-plaso-sample.ndjson');
    const times = 3000;
    const big = new Uint8Array(one.length * times);
    for (let i = 0; i < times; i++) big.set(one, i * one.length);
    const r = (await run(big, 1 << 20)) as Report;
    expect(r.warnings).toEqual([]);
    expect(r.apps!.length).toBe(9);
    expect(r.app_activity!.reduce((n, a) => n + a.domains.length, 0)).toBe(64 * times);
  }, 30_000);

  it('lines that are not JSON warn with their number; the rest is read (also given beside a capture)', async () => {
    const text = new TextDecoder().decode(real('app-privacy-report-01.ndjson')).split('\n');
    text.splice(3, 0, 'not json at all', '[1,2]', '{"type":"somethingNew"}');
    const bytes = new TextEncoder().encode(text.join('\n'));
    const r = (await run(bytes)) as Report;
    expect(r.warnings.map((w) => [w.code, w.message.replace(/ \(.*\)$/, '')])).toEqual([
      ['app-report-bad-line', 'app privacy report line 4: not JSON'],
      ['app-report-bad-line', 'app privacy report line 5: not JSON'],
      ['app-report-skipped', 'app privacy report: 1 line(s) skipped'],
    ]);
    expect(r.app_activity!.reduce((n, a) => n + a.domains.length, 0)).toBe(5);
    // Given beside a capture, the same warnings come in the capture's report.
    const joined = await analyzeStream((async function* () { yield real('app-privacy-report-01.ndjson').subarray(0, 0); })(), { name: 'x', appReport: text.join('\n') }).catch((e: Error) => e);
    expect((joined as Error).message).toBe('empty file: not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file');
    const pcap = new Uint8Array(readFileSync(join(FORMATS, 'captures', 'ios-pcapd-01-pymobiledevice3.pcap')));
    const withCapture = (await run(pcap, 4096, text.join('\n'))) as Report;
    expect(codes(withCapture)).toEqual(['app-report-bad-line', 'app-report-skipped']);
    expect(withCapture.flows.filter((f) => f.app !== null).length).toBe(3);
  });
});
