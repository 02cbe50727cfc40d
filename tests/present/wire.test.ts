/**
 * One count of encrypted and decrypted flows (present/wire.ts) behind every screen. 15-mixed.pcap
 * with its key log once read "decrypted 3 of 7" beside the key log (flows with findings),
 * "43 flows (0 encrypted)" in the verdict (unread ones) while the JSON said 7 decrypted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../pipeline';
import { LEAKS } from '../corpus';
import { verdictOf } from '../../src/present/verdict';
import { wireCounts, wireOf, wireText } from '../../src/present/wire';
import { hostsOf } from '../../src/present/hosts';
import { summaryLine } from '../../src/widget/model';

const capture = join(LEAKS, 'captures/15-mixed.pcap');
const keylog = readFileSync(join(LEAKS, 'keys/15-mixed.keylog'), 'utf8');

describe('15-mixed.pcap: decryption counts agree', () => {
  it('with its key log: 7 of 7 encrypted flows decrypted, everywhere', async () => {
    const report = await analyzeFile(capture, { keylog });
    const c = wireCounts(report);
    expect(c).toEqual({ flows: 43, encrypted: 7, decrypted: 7, unread: 0 });
    // The JSON's own flags are the definition.
    expect(report.flows.filter((f) => f.decrypted).length).toBe(c.decrypted);
    expect(report.flows.filter((f) => wireOf(f) === 'decrypted').map((f) => f.id)).toEqual(report.flows.filter((f) => f.decrypted).map((f) => f.id));
    // More flows were decrypted than gave findings: the count is not "flows with findings".
    expect(new Set(report.findings.filter((f) => f.encrypted_on_wire).map((f) => f.flow)).size).toBeLessThan(c.decrypted);
    expect(verdictOf(report).encrypted.flows).toBe(c.unread);
    expect(wireText(c)).toBe('7 encrypted, 7 of them decrypted');
    expect(summaryLine(report, verdictOf(report))).toBe(`7,594 frames, 43 flows (7 encrypted, 7 of them decrypted), ${report.findings.length} findings.`);
    // Encrypted bytes on the Hosts tab: decrypted flows still went encrypted.
    const encBytes = hostsOf(report).reduce((n, h) => n + h.encryptedBytes, 0);
    expect(encBytes).toBe(report.flows.filter((f) => f.encrypted).reduce((n, f) => n + f.bytes, 0));
  });

  it('without it: 7 encrypted, none decrypted, 7 unread', async () => {
    const report = await analyzeFile(capture);
    expect(wireCounts(report)).toEqual({ flows: 43, encrypted: 7, decrypted: 0, unread: 7 });
    expect(verdictOf(report).encrypted.flows).toBe(7);
    expect(wireText(wireCounts(report))).toBe('7 encrypted');
  });
});
