/**
 * The malformed corpus, every file: the reader gives the same frames and warnings however the
 * bytes arrive (and what capinfos reads), and the engine gives, within a time bound, either a
 * report with the warning codes recorded in malformed.expected.json or a one-line CaptureError
 * starting as recorded there. Never another exception, never a hang.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaptureError, linktypeName } from '../../src/core/capture/index';
import { isSupportedLinktype } from '../../src/core/decode/index';
import type { Report } from '../../src/core/report/types';
import { EXTERNAL, MALFORMED } from '../corpus';
import { analyzeFile, readFile } from '../pipeline';
import { loadManifest, readCapture, type Chunking, type ReadResult } from './helpers';

type Expected = { warnings: string[]; finding?: string } | { error: string };
/** Per file what the engine gives; see its "about". */
const table = JSON.parse(readFileSync(new URL('./malformed.expected.json', import.meta.url), 'utf8')) as {
  files: Record<string, Expected>;
};
const files = readdirSync(MALFORMED)
  .filter((f) => /\.(pcap|pcapng|bin)$/.test(f))
  .sort();
const manifest = new Map(loadManifest().map((m) => [m.file, m]));

/**
 * Where we knowingly count differently from capinfos. On this fuzzed file Wireshark's variant
 * heuristic scores the Red Hat "ss990417" record layout (24-byte record headers) as less bad
 * than plain pcap and reads a second, garbage record. We keep plain pcap, whose first record
 * is the real Ethernet frame, and stop at the impossible second one.
 */
const COUNT_DIFFERS: Record<string, number> = { 'sv__bug-6875-01__fuzz.pcap': 1 };

/**
 * Where capinfos stops at a damaged record length and we resync (capture/resync.ts): the frames
 * after the damage, read from the next plausible record. Measured: 6 -> 13, 6 -> 13, 18 -> 199,
 * each with one capture-resync warning and no decode warning from the recovered frames.
 */
const RESYNCED: Record<string, { frames: number; skipped: string }> = {
  'sv__bug-1450-04__tls_DER-incomplete-header.pcap': { frames: 13, skipped: 'skipped bytes 5035-5115 (80 bytes)' },
  'sv__bug-1450-05__tls_DER-incomplete-content.pcap': { frames: 13, skipped: 'skipped bytes 5035-5115 (80 bytes)' },
  'sv__smtp-to-comma__10.7.29.101_49898-178.63.41.150_25.pcap': { frames: 199, skipped: 'skipped bytes 3695-3698 (3 bytes)' },
};

type Outcome = { result: ReadResult } | { error: CaptureError };

/** A hang fails by the test's timeout: no wall-clock bound here (the machine is shared). */
function survive(bytes: Uint8Array, how: Chunking): Outcome {
  let outcome: Outcome;
  try {
    outcome = { result: readCapture(bytes, how) };
  } catch (e) {
    // Anything but a CaptureError fails the test here.
    expect(e).toBeInstanceOf(CaptureError);
    expect((e as Error).message).not.toContain('\n');
    outcome = { error: e as CaptureError };
  }
  return outcome;
}

/** The engine over one file: its report or what it threw. */
async function analyze(file: string): Promise<{ report: Report | null; error: unknown }> {
  try {
    return { report: await analyzeFile(join(MALFORMED, file)), error: null };
  } catch (error) {
    return { report: null, error };
  }
}

describe('malformed corpus', () => {
  // Compiles the scanner and loads the offline tables once, outside every file's time bound.
  beforeAll(() => analyzeFile(join(EXTERNAL, 'captures', 'http-chunked__input.pcap')));

  it('has 162 capture files, a manifest row and an expected outcome for each', () => {
    expect(files.length).toBe(162);
    for (const f of files) expect(manifest.has(f)).toBe(true);
    expect(Object.keys(table.files).sort()).toEqual(files);
  });

  it('expects a warning from every report but the listed findings (89 warn, 3 errors, 70 findings)', () => {
    const kinds = { warn: 0, error: 0, finding: 0 };
    for (const [file, want] of Object.entries(table.files)) {
      if ('error' in want) {
        kinds.error++;
        expect(want.error.length, file).toBeGreaterThan(0);
      } else if (want.warnings.length > 0) {
        kinds.warn++;
        expect(want.finding, file).toBeUndefined();
      } else {
        // A damaged file read without a single warning: written down, with why, not hidden.
        kinds.finding++;
        expect(want.finding, file).toMatch(/^no warning; /);
      }
    }
    expect(kinds).toEqual({ warn: 89, error: 3, finding: 70 });
  });

  it.each(files)('%s: the engine gives the recorded warnings or error', { timeout: 30_000 }, async (file) => {
    const want = table.files[file];
    const { report, error } = await analyze(file);
    if ('error' in want) {
      expect(report, 'a report where an error is expected').toBeNull();
      expect(error).toBeInstanceOf(CaptureError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message.slice(0, want.error.length)).toBe(want.error);
      return;
    }
    expect(error).toBeNull();
    const codes = [...new Set(report!.warnings.map((w) => w.code))].sort();
    expect(codes).toEqual(want.warnings);
    for (const w of report!.warnings) expect(w.message).toMatch(/^[^\n]+$/);
    // Every frame the report cites is a frame of the file (the schema's minimum is 1; issue 15).
    const cited = [
      ...report!.findings.flatMap((f) => [f.frame, ...(f.frames ?? [])]),
      ...report!.warnings.flatMap((w) => (w.frame === undefined ? [] : [w.frame])),
      ...report!.flows.flatMap((f) => [f.first_frame, f.last_frame]),
    ];
    expect(cited.filter((n) => !(Number.isInteger(n) && n >= 1))).toEqual([]);
    const m = manifest.get(file)!;
    if (m.capinfos === 'ok') expect(report!.capture.frames).toBe(m.packets);
  });

  it.each(files)('%s: the reader, in any chunking', (file) => {
    const bytes = readFile(join(MALFORMED, file));
    const m = manifest.get(file)!;
    const one = survive(bytes, 'one');
    // The same verdict however the bytes arrive.
    for (const how of [{ seed: 7, max: 13 }, { seed: 8, max: 5000 }] as const) {
      const again = survive(bytes, how);
      if ('error' in one) expect('error' in again && again.error.message).toBe(one.error.message);
      else expect('result' in again && again.result).toEqual(one.result);
    }
    if (bytes.length <= 20_000) {
      const byByte = survive(bytes, 'bytes');
      expect(byByte).toEqual(one);
    }

    if (m.capinfos === 'ok') {
      // Readable by capinfos: same count, format and link type, and no complaint from us.
      expect('result' in one).toBe(true);
      if (!('result' in one)) return;
      const r = one.result;
      expect(r.frames.length).toBe(m.packets);
      expect(r.format).toBe(m.format === 'nsecpcap' ? 'pcap' : m.format);
      if (r.frames.length > 0) expect(linktypeName(r.frames[0].linktype)).toBe(m.linktype);
      expect(r.warnings).toEqual([]);
    } else if (m.capinfos.includes('unknown or unsupported')) {
      // Link types Wireshark does not know: we read the records; the engine refuses them.
      expect('result' in one).toBe(true);
      if (!('result' in one)) return;
      expect(one.result.frames.length).toBeGreaterThan(0);
      const lt = one.result.frames[0].linktype;
      expect(isSupportedLinktype(lt)).toBe(false);
      expect(linktypeName(lt)).toBe(`linktype-${lt}`);
    } else if (m.capinfos.startsWith('capinfos: An error occurred after reading')) {
      // Damaged record lengths: the frames capinfos read, then a warning.
      const n = COUNT_DIFFERS[file] ?? Number(/after reading (\d+) packets/.exec(m.capinfos)![1]);
      expect('result' in one).toBe(true);
      if (!('result' in one)) return;
      const resynced = RESYNCED[file];
      expect(one.result.frames.length).toBe(resynced ? resynced.frames : n);
      expect(one.result.warnings.length).toBe(1);
      expect(one.result.warnings[0].frame).toBe(n + 1);
      if (resynced) {
        expect(one.result.warnings[0].code).toBe('capture-resync');
        expect(one.result.warnings[0].message).toContain(resynced.skipped);
      } else expect(one.result.warnings[0].code).not.toBe('capture-resync');
    } else if (m.capinfos === 'cut short') {
      expect('result' in one).toBe(true);
      if (!('result' in one)) return;
      expect(one.result.warnings).toEqual([expect.objectContaining({ code: 'capture-truncated', frame: one.result.frames.length + 1 })]);
    } else {
      expect(m.capinfos).toBe('error');
      expect('error' in one).toBe(true);
    }
  });

  it('names the cut-short files precisely', () => {
    const r = readCapture(readFile(join(MALFORMED, 'own__cut__http-chunked__input.pcap')));
    expect(r.frames.length).toBe(3);
    expect(r.warnings[0].message).toBe('capture is cut short: record 4 has only 178 of 446 bytes');
    expect(() => readCapture(readFile(join(MALFORMED, 'own__text.pcap')))).toThrow('not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file (starts with 54 68 69 73)');
    expect(() => readCapture(readFile(join(MALFORMED, 'own__empty.pcap')))).toThrow('empty file: not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file');
  });

  it('names files dropped by mistake (a photo, a PDF) for what they are', () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
    expect(() => readCapture(jpeg)).toThrow('a JPEG image, not a capture: Leakscope reads a pcap, pcapng, HAR, mitmproxy or App Privacy Report file');
    expect(() => readCapture(new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3'))).toThrow('a PDF document, not a capture');
    // An iPhone photo: ISO base media, 'ftyp' at offset 4.
    expect(() => readCapture(Uint8Array.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63]))).toThrow('a HEIC/MP4 file, not a capture');
  });
});
