/** The verdict says when the capture stops early, and what a profile would add. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../pipeline';
import { LEAKS } from '../corpus';
import { verdictOf } from '../../src/present/verdict';
import { incompleteText, PROFILE_HINT } from '../../src/present/incomplete';

const dir = mkdtempSync(join(tmpdir(), 'leakscope-incomplete-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Offsets where each pcap record starts (24-byte file header, 16-byte record headers), read here independently of the engine. */
function pcapRecords(bytes: Buffer): number[] {
  const le = bytes.readUInt32LE(0) === 0xa1b2c3d4 || bytes.readUInt32LE(0) === 0xa1b23c4d;
  const starts: number[] = [];
  for (let p = 24; p + 16 <= bytes.length; ) {
    starts.push(p);
    p += 16 + (le ? bytes.readUInt32LE(p + 8) : bytes.readUInt32BE(p + 8));
  }
  return starts;
}

/** Offsets of each pcapng packet block (enhanced 6, simple 3, obsolete 2). */
function pcapngPackets(bytes: Buffer): number[] {
  const starts: number[] = [];
  for (let p = 0; p + 12 <= bytes.length; ) {
    const type = bytes.readUInt32LE(p);
    if (type === 6 || type === 3 || type === 2) starts.push(p);
    p += bytes.readUInt32LE(p + 4);
  }
  return starts;
}

function cut(name: string, bytes: Buffer, at: number): string {
  const path = join(dir, name);
  writeFileSync(path, bytes.subarray(0, at));
  return path;
}

describe('a capture cut short', () => {
  it('01-cloud-messaging.pcap cut inside its 7th record: "ends inside frame 7"', async () => {
    const bytes = readFileSync(join(LEAKS, 'captures/01-cloud-messaging.pcap'));
    const records = pcapRecords(bytes);
    expect(records.length).toBeGreaterThan(7);
    const path = cut('01-cut.pcap', bytes, records[6] + 20); // header and 4 bytes of frame 7
    const report = await analyzeFile(path);
    expect(report.capture.frames).toBe(6);
    const v = verdictOf(report);
    expect(v.incomplete).toBe('The capture ends inside frame 7: what came after is unknown.');
    // The whole file says nothing of the kind.
    expect(verdictOf(await analyzeFile(join(LEAKS, 'captures/01-cloud-messaging.pcap'))).incomplete).toBe('');
  });

  it('08-https-dsb.pcapng cut inside a packet block: the frame number is the block it ends in', async () => {
    const bytes = readFileSync(join(LEAKS, 'captures/08-https-dsb.pcapng'));
    const packets = pcapngPackets(bytes);
    const k = Math.floor(packets.length / 2);
    const report = await analyzeFile(cut('08-cut.pcapng', bytes, packets[k] + 30));
    expect(verdictOf(report).incomplete).toBe(`The capture ends inside frame ${k + 1}: what came after is unknown.`);
  });

  it('a reader that gave up and a damaged block say so with their frame; a skipped record is not an end', () => {
    expect(incompleteText({ warnings: [{ code: 'unreadable', message: 'bad header', frame: 40 }] })).toBe('The capture could not be read after frame 40 (bad header): what came after is unknown.');
    expect(incompleteText({ warnings: [{ code: 'capture-bad-block', message: 'x', frame: 9 }] })).toBe('The capture is damaged at frame 9: what came after is unknown.');
    expect(incompleteText({ warnings: [{ code: 'capture-truncated', message: 'HAR file ends inside entry 3' }] })).toBe('The capture is cut short (HAR file ends inside entry 3): what came after is unknown.');
    expect(incompleteText({ warnings: [{ code: 'capture-bad-record', message: 'HAR entry 2 is not valid JSON; skipped', frame: 2 }] })).toBe('');
  });
});

describe('without a profile', () => {
  it('one line says what a profile would add, only when the caller knows there was none', async () => {
    const report = await analyzeFile(join(LEAKS, 'captures/01-cloud-messaging.pcap'));
    expect(verdictOf(report, { profile: false }).profile).toBe(PROFILE_HINT);
    expect(PROFILE_HINT).toMatch(/contacts' numbers written in local format, hashed forms of your identifiers, and your own number in national form/);
    expect(verdictOf(report, { profile: true }).profile).toBe('');
    expect(verdictOf(report).profile).toBe('');
  });
});
