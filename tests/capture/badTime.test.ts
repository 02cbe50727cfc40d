/**
 * A timestamp a Date cannot represent (issue 15: "one bad timestamp loses the whole report"):
 * the pipeline reads the frame without a time and warns `capture-bad-time` with its frame;
 * report building never throws.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../corpus';
import { analyzeStream } from '../../src/core/engine';
import { concat, epb, idb, shb } from './build';
import { ascii, eth, ipv4, udp } from '../decode/build';
import { scannerWasm } from '../pipeline';

const le = true;
/** Ethernet/IPv4/UDP, 112 bytes: with SHB (28) + IDB (20) + EPB header (32) a 192-byte file. */
const packet = eth(0x0800, ipv4({ proto: 17 }, udp(40000, 9999, ascii('x'.repeat(70)))));
/** Microsecond ticks: 2^64 - 1 of them are 1.8e13 s, beyond a Date's ±8.64e12 s. */
const HUGE: [number, number] = [0xffffffff, 0xffffffff];
const T = 1_700_000_000; // 2023-11-14T22:13:20Z
const valid = (seconds: number): [number, number] => [Math.floor((seconds * 1e6) / 2 ** 32), (seconds * 1e6) % 2 ** 32];

async function analyze(bytes: Uint8Array) {
  return analyzeStream(
    (async function* () {
      yield bytes;
    })(),
    { name: 'bad-time.pcapng', size: bytes.length, scannerWasm: scannerWasm() },
  );
}

describe('a timestamp outside the range of a date', () => {
  it('gives a report without times and one warning citing the frame', async () => {
    const file = concat(shb(le), idb(le, 1, 0), epb(le, 0, ...HUGE, packet));
    expect(file.length).toBe(192);
    const report = await analyze(file);
    expect(report.capture.frames).toBe(1);
    expect(report.capture.start).toBeNull();
    expect(report.capture.end).toBeNull();
    expect(report.flows).toHaveLength(1);
    expect(report.flows[0]).toMatchObject({ start: null, end: null, first_frame: 1, last_frame: 1 });
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'capture-bad-time', frame: 1 })]);
  });

  it('keeps the times of the other frames', async () => {
    const file = concat(shb(le), idb(le, 1, 0), epb(le, 0, ...valid(T), packet), epb(le, 0, ...HUGE, packet), epb(le, 0, ...valid(T + 2), packet));
    const report = await analyze(file);
    expect(report.capture.frames).toBe(3);
    expect(report.capture.start).toBe('2023-11-14T22:13:20.000Z');
    expect(report.capture.end).toBe('2023-11-14T22:13:22.000Z');
    expect(report.flows[0]).toMatchObject({ start: '2023-11-14T22:13:20.000Z', end: '2023-11-14T22:13:22.000Z', packets: 3 });
    expect(report.warnings.map((w) => [w.code, w.frame])).toEqual([['capture-bad-time', 2]]);
  });

  it('a time a Date holds but RFC 3339 cannot write (year 11476) is no time either', async () => {
    const file = concat(shb(le), idb(le, 1, 0), epb(le, 0, ...valid(3e11), packet));
    const report = await analyze(file);
    expect(report.capture.start).toBeNull();
    expect(report.flows[0].start).toBeNull();
    expect(report.warnings.map((w) => [w.code, w.frame])).toEqual([['capture-bad-time', 1]]);
    // The last second of 9999 is still a time.
    const last = await analyze(concat(shb(le), idb(le, 1, 0), epb(le, 0, ...valid(253_402_300_799), packet)));
    expect(last.capture.start).toBe('9999-12-31T23:59:59.000Z');
    expect(last.warnings).toEqual([]);
  });

  it('the CLI bundle writes the report of the 192-byte file and exits 0', () => {
    execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: REPO_ROOT });
    const path = join(mkdtempSync(join(tmpdir(), 'leakscope-badtime-')), 'bad-time.pcapng');
    writeFileSync(path, concat(shb(le), idb(le, 1, 0), epb(le, 0, ...HUGE, packet)));
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'build/cli/scan.mjs'), path], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { capture: { frames: number; start: unknown }; warnings: { code: string }[] };
    expect(report.capture).toMatchObject({ frames: 1, start: null });
    expect(report.warnings.map((w) => w.code)).toEqual(['capture-bad-time']);
  }, 60_000);
});
