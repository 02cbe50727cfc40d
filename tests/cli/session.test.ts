/** `npm run scan -- --session`: several captures of one session, one report (issue 13). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, REPO_ROOT as root } from '../corpus';
import type { Report } from '../../src/core/report/types';

const cli = join(root, 'build/cli/scan.mjs');
const profile = join(FORMATS, 'profile.json');
const PCAP = join(FORMATS, 'captures/pcapdroid-01-default.pcap');
const HAR = join(FORMATS, 'captures/har-01-tracker.har');
const scan = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

beforeAll(() => {
  execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
}, 60_000);

describe('npm run scan -- --session', () => {
  it('--out DIR: one report, <first capture>.session.json, findings of both files', () => {
    const out = mkdtempSync(join(tmpdir(), 'leakscope-session-'));
    const r = scan(['--session', '--profile', profile, '--out', out, PCAP, HAR]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out)).toEqual(['pcapdroid-01-default.pcap.session.json']);
    const report = JSON.parse(readFileSync(join(out, 'pcapdroid-01-default.pcap.session.json'), 'utf8')) as Report;
    expect(report.capture.name).toBe('pcapdroid-01-default.pcap + har-01-tracker.har');
    const files = report.capture.files!;
    expect(files.map((f) => f.format)).toEqual(['pcap', 'har']);
    expect(files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(report.capture.sha256).not.toBe(files[0].sha256);
    // The pcap's MAC and the HAR's serial, each in its file's frames.
    const frameOf = (type: string) => report.findings.find((f) => f.type === type)?.frame ?? 0;
    expect(frameOf('mac')).toBeLessThanOrEqual(files[0].last_frame!);
    expect(frameOf('serial')).toBeGreaterThanOrEqual(files[1].first_frame!);
    expect(report.findings.find((f) => f.type === 'serial')?.value).toBe('c7a2f9d4');
  }, 60_000);

  it('without --out: the one report on stdout; without --session each capture its own', () => {
    const one = scan(['--session', PCAP, HAR]);
    expect(one.status).toBe(0);
    expect((JSON.parse(one.stdout) as Report).capture.files).toHaveLength(2);
    const each = scan(['--jobs', '1', PCAP, HAR]);
    expect(each.status).toBe(0);
    const lines = each.stdout.trim().split('\n').map((l) => JSON.parse(l) as Report);
    expect(lines.map((r) => [r.capture.name, r.capture.files])).toEqual([['pcapdroid-01-default.pcap', undefined], ['har-01-tracker.har', undefined]]);
  }, 60_000);

  it('no file a capture: exit 1 and one line naming each', () => {
    const r = scan(['--session', join(root, 'package.json'), join(root, 'README.md')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^leakscope: none of the files is a capture: package\.json: .+; README\.md: .+$/);
  });
});
