/**
 * `leakscope scan` over several captures where some cannot be read (issue 16, "exit status
 * summarising them"): the readable ones are still read and written, the failures listed, and
 * the run exits 1 — on the batch path (--jobs 2, worker threads) and one capture at a time
 * (--jobs 1). All readable: 0. It exited 0 whenever one capture had been read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKS, MALFORMED, REPO_ROOT as root } from '../corpus';

const cli = join(root, 'build/cli/scan.mjs');
const good = [join(LEAKS, 'captures/01-cloud-messaging.pcap'), join(LEAKS, 'captures/09-dns-exfil.pcap')];
const text = join(MALFORMED, 'own__text.pcap'); // a text file: not a capture
const empty = join(MALFORMED, 'own__empty.pcap');
let dir: string;

beforeAll(() => {
  execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
  dir = mkdtempSync(join(tmpdir(), 'leakscope-exit-'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scan(jobs: number, out: string, captures: string[]) {
  return spawnSync(process.execPath, [cli, '--jobs', String(jobs), '--out', out, ...captures], { encoding: 'utf8' });
}

describe('scan: exit status over several captures', () => {
  for (const jobs of [1, 2]) {
    it(`--jobs ${jobs}: some fail -> 1, the others written, failures listed with a count`, () => {
      const out = join(dir, `mixed-${jobs}`);
      const r = scan(jobs, out, [good[0], text, good[1], empty]);
      expect(r.status).toBe(1);
      for (const g of good) expect(existsSync(join(out, `${g.split('/').pop()}.json`))).toBe(true);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toEqual([
        `leakscope: ${text}: not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file (starts with 54 68 69 73)`,
        `leakscope: ${empty}: empty file: not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file`,
        "leakscope: 2 of 4 captures could not be read (listed above); the others' reports were written",
      ]);
    }, 60_000);

    it(`--jobs ${jobs}: all read -> 0; none read -> 1`, () => {
      expect(scan(jobs, join(dir, `good-${jobs}`), good).status).toBe(0);
      const none = scan(jobs, join(dir, `none-${jobs}`), [text, empty]);
      expect(none.status).toBe(1);
      expect(none.stderr).not.toMatch(/captures could not be read/); // nothing else was written
    }, 60_000);
  }
});
