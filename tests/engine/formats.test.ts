/**
 * The files people have (../shared/corpus/formats, issue 13): PCAPdroid pcap and pcapng, PKTAP,
 * iOS pcapd, HAR, mitmproxy dumps and App Privacy Reports, with the formats' profile. The shared
 * tool scores; this test runs it and states what it cannot reach.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../corpus';
import { runTool } from './sharedTool';
import { analyzeFile } from '../pipeline';

describe('formats corpus (the files real users have)', () => {
  const out = mkdtempSync(join(tmpdir(), 'leakscope-formats-'));
  const files = readdirSync(join(FORMATS, 'captures')).sort();
  const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));
  const failed: string[] = [];

  beforeAll(async () => {
    for (const name of files) {
      try {
        writeFileSync(join(out, `${name}.json`), JSON.stringify(await analyzeFile(join(FORMATS, 'captures', name), { profile })));
      } catch (e) {
        failed.push(`${name}: ${(e as Error).message}`);
      }
    }
  }, 120_000);

  it('reads every file', () => {
    expect(files.length).toBe(17);
    expect(failed).toEqual([]);
  });

  it('finds every planted identifier, no decoy', () => {
    const { output, status } = runTool('compare-leaks.mjs', [join(FORMATS, 'truth'), out, '--mode', 'profile', '--min-recall', '100', '--list']);
    expect(output).toContain('leaks recall 100.0%, decoys reported 0');
    expect(status).toBe(0);
  });

  it('names the app of every finding, as the shared tool checks it', () => {
    // PKTAP names processes ("AdDemo", pid 538), not bundle IDs; the apps' own requests name
    // theirs (pkg=com.adsdk.demo), which is how the PKTAP findings get their packages.
    const { output, status } = runTool('compare-leaks.mjs', [join(FORMATS, 'truth'), out, '--mode', 'profile', '--apps', '--min-recall', '100', '--list']);
    expect(output.split('\n').filter((l) => l.startsWith('missed'))).toEqual([]);
    expect(output).toMatch(/planted 99, found 99/);
    expect(status).toBe(0);
  });
});
