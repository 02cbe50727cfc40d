/**
 * scan --out as a resumable batch: a rerun skips captures whose report is current (same capture
 * SHA-256, same engine version in `generator`), rescans the rest, --force rescans all; failures
 * come once each at the end. Rewritten or not is told by the report's inode: reports are written
 * to a temporary file and renamed, so a rewrite always brings a new inode.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKS, REPO_ROOT as root } from '../corpus';
import Ajv from 'ajv';
import { BatchTally } from '../../src/cli/batchTally';
import { reportError } from '../../src/widget/validate';

const cli = join(root, 'build/cli/scan.mjs');
const names = ['01-cloud-messaging.pcap', '02-analytics-get.pcap', '09-dns-exfil.pcap'];
let dir: string;

beforeAll(() => {
  execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'leakscope-batch-'));
  for (const n of names) copyFileSync(join(LEAKS, 'captures', n), join(dir, n));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan --out: resumable batch', () => {
  it('skips current reports, rescans changed captures and other engines, --force rescans all', () => {
    const out = join(dir, 'out');
    const captures = names.map((n) => join(dir, n));
    const scan = (...extra: string[]) => spawnSync(process.execPath, [cli, '--jobs', '2', '--out', out, ...extra, ...captures, '/nonexistent/x.pcap'], { encoding: 'utf8' });
    const inodes = () => names.map((n) => statSync(join(out, `${n}.json`)).ino);

    const first = scan();
    expect(first.status).toBe(1); // /nonexistent/x.pcap failed
    expect(first.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^leakscope: \/nonexistent\/x\.pcap: ENOENT/), "leakscope: 1 of 4 captures could not be read (listed above); the others' reports were written"]);
    const report = JSON.parse(readFileSync(join(out, `${names[0]}.json`), 'utf8')) as { generator: { name: string; engine: string }; capture: { sha256: string } };
    expect(report.generator.name).toBe('leakscope');
    expect(report.generator.engine).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{16}$/);
    // `generator` is in the schema, for ajv and the widget's own validator alike
    const schema = JSON.parse(readFileSync(join(root, 'docs/report.schema.json'), 'utf8')) as object;
    expect(new Ajv({ allowUnionTypes: true }).compile(schema)(report)).toBe(true);
    expect(reportError(report)).toBeNull();
    expect(reportError({ ...report, generator: { ...report.generator, engine: 5 } })).not.toBeNull();
    const before = inodes();

    expect(scan().status).toBe(1);
    expect(inodes()).toEqual(before); // all three skipped

    // Other bytes under the same name, and a report from another engine: both rescanned.
    copyFileSync(join(LEAKS, 'captures', '10-mqtt.pcap'), captures[1]);
    const third = join(out, `${names[2]}.json`);
    writeFileSync(third, readFileSync(third, 'utf8').replace(report.generator.engine, '0.0.1+0000000000000000'));
    expect(scan().status).toBe(1);
    const after = inodes();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).not.toBe(before[2]);
    const mqtt = JSON.parse(readFileSync(join(out, `${names[1]}.json`), 'utf8')) as { capture: { name: string; sha256: string } };
    expect(mqtt.capture.name).toBe(names[1]);
    expect(mqtt.capture.sha256).not.toBe(report.capture.sha256);
    expect(readFileSync(third, 'utf8')).toContain(report.generator.engine);

    expect(scan('--force').status).toBe(1);
    expect(inodes().every((ino, i) => ino !== after[i])).toBe(true);
  }, 60_000);

  it('progress: one redrawn line on a terminal, nothing elsewhere; failures listed at the end', () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const tally = new BatchTally(3, tty);
    tally.ok(false);
    tally.fail('/a.pcap', 'not a pcap');
    tally.ok(true);
    tally.finish();
    expect(written[0]).toMatch(/^\rleakscope: 1\/3 · 1 done, 0 failed, 0 skipped · [\d.]+\/s( · ETA \d+s)?\x1b\[K$/);
    expect(written.at(-2)).toMatch(/^\rleakscope: 3\/3 · 1 done, 1 failed, 1 skipped · [\d.]+\/s · \d+s\x1b\[K\n$/);
    expect(written.at(-1)).toBe('leakscope: /a.pcap: not a pcap\n');

    const plain: string[] = [];
    const pipe = new BatchTally(2, { isTTY: false, write: (s: string) => plain.push(s) } as unknown as NodeJS.WriteStream);
    pipe.ok(false);
    pipe.fail('/b.pcap', 'ENOENT');
    pipe.finish();
    expect(plain).toEqual(['leakscope: /b.pcap: ENOENT\n']);
  });
});
