/**
 * Several files, one session (issue 13): a phone's pcap and a HAR (or mitmproxy dump) of the
 * same session read as one capture: findings of both, frames numbered on, capture.files.
 */
import Ajv from 'ajv';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS, REPO_ROOT } from '../corpus';
import { analyzeFile, analyzeFiles } from '../pipeline';
import type { Report } from '../../src/core/report/types';
import { extractFlowStream } from '../../src/core/flowStream';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'docs/report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);
const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));
const capture = (name: string) => join(FORMATS, 'captures', name);
const PCAP = capture('pcapdroid-01-default.pcap');
const HAR = capture('har-01-tracker.har');
const MITM = capture('mitm-02-https.mitm');
const sha = (...paths: string[]) => {
  const h = createHash('sha256');
  for (const p of paths) h.update(readFileSync(p));
  return h.digest('hex');
};
const has = (r: Report, type: string, value: string) => r.findings.filter((f) => f.type === type && f.value === value);

describe('several files as one session', () => {
  it('pcap + HAR: findings of both, frames numbered on, capture.files', async () => {
    const [alone, session] = await Promise.all([analyzeFile(PCAP, { profile }), analyzeFiles([PCAP, HAR], { profile })]);
    const pcapFrames = alone.capture.frames;
    expect(pcapFrames).toBeGreaterThan(40);
    const c = session.capture;
    expect(c.name).toBe('pcapdroid-01-default.pcap + har-01-tracker.har');
    expect(c.format).toBe('pcap + har');
    expect(c.bytes).toBe(statSync(PCAP).size + statSync(HAR).size);
    expect(c.sha256).toBe(sha(PCAP, HAR));
    // The HAR's 7 entries follow the pcap's frames.
    expect(c.frames).toBe(pcapFrames + 7);
    expect(c.files).toEqual([
      { name: 'pcapdroid-01-default.pcap', bytes: statSync(PCAP).size, sha256: sha(PCAP), format: 'pcap', first_frame: 1, last_frame: pcapFrames },
      { name: 'har-01-tracker.har', bytes: statSync(HAR).size, sha256: sha(HAR), format: 'har', first_frame: pcapFrames + 1, last_frame: pcapFrames + 7 },
    ]);
    // Planted in the pcap only (truth: frame 42): the MAC, at the pcap's own frame.
    expect(has(session, 'mac', '64:09:80:3a:5c:7e').map((f) => f.frame)).toEqual([42]);
    // Planted in the HAR only: the serial (entry 3) and the carrier (entry 2), numbered after the pcap.
    expect(has(session, 'serial', 'c7a2f9d4').map((f) => f.frame)).toEqual([pcapFrames + 4]);
    expect(has(session, 'carrier', 'China Unicom').map((f) => f.frame)).toEqual([pcapFrames + 3]);
    // One flow table: the pcap's flows come first, unchanged, then the HAR's.
    expect(session.flows.slice(0, alone.flows.length).map((f) => [f.server.ip, f.first_frame])).toEqual(alone.flows.map((f) => [f.server.ip, f.first_frame]));
    expect(session.flows.length).toBe(alone.flows.length + 7);
    expect(session.flows.slice(alone.flows.length).every((f) => f.first_frame > pcapFrames)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(session)))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('pcap + mitmproxy dump: the HTTPS content the pcap lacks', async () => {
    const session = await analyzeFiles([PCAP, MITM], { profile });
    const files = session.capture.files!;
    expect(files.map((f) => [f.name, f.format])).toEqual([['pcapdroid-01-default.pcap', 'pcap'], ['mitm-02-https.mitm', 'mitmproxy']]);
    // The ICCID is planted in the dump only, decrypted by the proxy.
    const iccid = has(session, 'iccid', '89860114529727340129');
    expect(iccid.length).toBe(1);
    expect(iccid[0].frame).toBeGreaterThan(files[0].last_frame!);
    expect(iccid[0].encrypted_on_wire).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(session)))).toBe(true);
  });

  it('a file that is not a capture is a warning naming it; the others are read', async () => {
    const notCapture = join(REPO_ROOT, 'package.json');
    const session = await analyzeFiles([notCapture, HAR], { profile });
    expect(session.warnings.filter((w) => w.code === 'unreadable').map((w) => w.message.split(':')[0])).toEqual(['package.json was not read']);
    expect(session.capture.files!.map((f) => [f.format, f.first_frame, f.last_frame])).toEqual([[null, null, null], ['har', 1, 7]]);
    expect(has(session, 'serial', 'c7a2f9d4').map((f) => f.frame)).toEqual([4]);
    expect(validate(JSON.parse(JSON.stringify(session)))).toBe(true);
  });

  it('none a capture: one line naming each', async () => {
    const a = join(REPO_ROOT, 'package.json');
    const b = join(REPO_ROOT, 'README.md');
    await expect(analyzeFiles([a, b])).rejects.toThrow(/^none of the files is a capture: package\.json: .+; README\.md: .+/);
  });

  it('one file through analyzeFiles is the report analyzeFile writes', async () => {
    const [one, via] = await Promise.all([analyzeFile(HAR, { profile }), analyzeFiles([HAR], { profile })]);
    expect(via.capture.files).toBeUndefined();
    expect(JSON.stringify(via)).toBe(JSON.stringify(one));
  });

  it('follow stream reads every file in order: a flow of the second file, numbered as the session numbers it', async () => {
    const session = await analyzeFiles([HAR, PCAP], { profile });
    // The pcap's first HTTP upload, in the session (after the HAR's 7 flows) and alone.
    const i = session.flows.findIndex((f) => f.protocol === 'http' && f.first_frame > 7);
    expect(i).toBeGreaterThanOrEqual(7);
    const flow = session.flows[i];
    const open = (p: string) => createReadStream(p, { highWaterMark: 1 << 12 });
    const inSession = await extractFlowStream([open(HAR), open(PCAP)], { flowId: i, lastFrame: flow.last_frame });
    const alone = await extractFlowStream(open(PCAP), { flowId: i - 7 });
    expect(inSession.server).toEqual(flow.server);
    expect(inSession.segments.length).toBeGreaterThan(0);
    expect(inSession.segments.map((g) => [g.direction, g.frame - 7, Buffer.from(g.bytes).toString('latin1')])).toEqual(
      alone.segments.map((g) => [g.direction, g.frame, Buffer.from(g.bytes).toString('latin1')]),
    );
  });
});
