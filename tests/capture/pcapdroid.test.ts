/**
 * PCAPdroid's files (../shared/corpus/formats): the pcap trailer (uid + app name per frame, cut
 * off before any later stage), the pcapng UID-map custom block, `u-<uid>` packet comments and
 * section header options, in VPN and root mode; and damaged variants of each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureError, type CaptureDevice, type CaptureFrame, type FrameApp } from '../../src/core/capture/index';
import type { Warning } from '../../src/core/warnings';
import { FORMATS } from '../corpus';
import { analyzeFile, extractCapture, flowBytes, flowCapture, forEachFrame, readChunks, readFile } from '../pipeline';
import { bitFlips, patch32, truncations, type Variant } from './variants';

const capture = (name: string) => join(FORMATS, 'captures', name);
const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));
const WEATHER = { uid: 10123, package: 'com.example.weather', name: 'Weather' };
const ADDEMO = { uid: 10187, package: 'com.adsdk.demo', name: 'Ad Demo' };
/** Frames 1-24 are the weather app's, 25-68 the ad SDK's (the truth's app_frames; pcapng numbers without the custom blocks). */
const uidOfFrame = (n: number) => (n <= 24 ? WEATHER.uid : ADDEMO.uid);

interface Read {
  frames: { number: number; linktype: number; length: number; app?: FrameApp; data: Uint8Array }[];
  apps: FrameApp[];
  devices: CaptureDevice[];
  warnings: Warning[];
}

function read(bytes: Uint8Array): Read {
  const r: Read = { frames: [], apps: [], devices: [], warnings: [] };
  readChunks([bytes], (f: CaptureFrame) => r.frames.push({ number: f.number, linktype: f.linktype, length: f.capturedLength, app: f.app, data: f.data.slice() }), {
    warn: (code, message, frame) => void r.warnings.push({ code, message, frame }),
    app: (a) => void r.apps.push(a),
    device: (d) => void r.devices.push(d),
  });
  return r;
}

describe('PCAPdroid pcap with its app trailer', () => {
  const file = capture('pcapdroid-02-trailer.pcap');
  const r = read(readFile(file));

  it('names the app of every frame from the trailer, whose CRC-32 holds in all 68', () => {
    expect(r.frames).toHaveLength(68);
    expect(r.warnings).toEqual([]);
    for (const f of r.frames) {
      const want = f.number <= 24 ? WEATHER : ADDEMO;
      expect(f.app, `frame ${f.number}`).toEqual({ source: 'pcapdroid-trailer', uid: want.uid, name: want.name });
    }
  });

  it('cuts the 32-byte trailer off: what is left is the fake header, the IP packet and up to 3 bytes of padding', () => {
    const raw: Uint8Array[] = [];
    forEachFrame(capture('pcapdroid-01-default.pcap'), (f) => void raw.push(f.data.slice()));
    expect(raw).toHaveLength(68);
    // Frame 1: the DNS query, 63 bytes of IP; 112 captured with header, padding and trailer.
    expect(r.frames[0].length).toBe(14 + 63 + 3);
    for (const f of r.frames) {
      const ip = raw[f.number - 1];
      expect(f.data.subarray(0, 14), `frame ${f.number}`).toEqual(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00]));
      expect(f.data.subarray(14, 14 + ip.length)).toEqual(ip);
      expect(f.data.length - 14 - ip.length).toBeLessThanOrEqual(3);
      expect([...f.data.subarray(14 + ip.length)].every((b) => b === 0)).toBe(true);
    }
  });

  it('hands the scanner the same bytes as the raw-IP file: no trailer reaches a payload', () => {
    const withTrailer = extractCapture(file).scans;
    const plain = extractCapture(capture('pcapdroid-01-default.pcap')).scans;
    const summary = (s: typeof plain) => s.map((i) => `${i.frame} ${i.protocol} ${i.part} ${Buffer.from(i.bytes).toString('hex')}`);
    expect(summary(withTrailer)).toEqual(summary(plain));
    // tshark: frame 30 is POST bid.mobiadx.com with Content-Length 137, the body ending in the email.
    const body = withTrailer.find((i) => i.frame === 30 && i.part === 'body')!;
    const text = Buffer.from(body.bytes).toString('latin1');
    expect(body.bytes.length).toBe(137);
    expect(text.endsWith('"user":{"email":"zhangwei.bj88@163.com"}}')).toBe(true);
  });

  it('gives every flow its app; the trailer has no package, only uid and the 19-character name', () => {
    const run = flowCapture(file);
    expect(run.apps).toEqual([
      { id: 0, uid: 10123, package: null, name: 'Weather', source: 'pcapdroid-trailer' },
      { id: 1, uid: 10187, package: null, name: 'Ad Demo', source: 'pcapdroid-trailer' },
    ]);
    expect(run.flows.length).toBe(10);
    for (const fl of run.flows) expect(fl.app, `flow ${fl.id}`).toBe(uidOfFrame(fl.firstFrame) === WEATHER.uid ? 0 : 1);
  });

  it('without the trailer (LINKTYPE_RAW, pcapdroid-01-default) no frame names an app', () => {
    const plain = read(readFile(capture('pcapdroid-01-default.pcap')));
    expect(plain.frames.map((f) => f.linktype)).toEqual(Array(68).fill(101));
    expect(plain.frames.filter((f) => f.app)).toEqual([]);
    expect(flowCapture(capture('pcapdroid-01-default.pcap')).apps).toEqual([]);
  });
});

describe.each([
  ['pcapdroid-03-dsb.pcapng', 'VPN mode'],
  ['pcapdroid-04-root.pcapng', 'root mode'],
])('PCAPdroid pcapng %s (%s)', (name) => {
  const r = read(readFile(capture(name)));

  it('reads the UID map blocks, the u-<uid> comment of each of the 68 packets and the section header', () => {
    expect(r.warnings).toEqual([]);
    expect(r.apps).toEqual([
      { source: 'pcapdroid-pcapng', ...WEATHER },
      { source: 'pcapdroid-pcapng', ...ADDEMO },
    ]);
    expect(r.devices).toEqual([{ hardware: 'Xiaomi HM 1S', os: 'Android 4.4.2 (SDK 19)', application: 'PCAPdroid v1.9.1' }]);
    expect(r.frames).toHaveLength(68);
    for (const f of r.frames) expect(f.app, `frame ${f.number}`).toEqual({ source: 'pcapdroid-pcapng', uid: uidOfFrame(f.number) });
    // Raw IP on both interfaces (root mode: IDB 1 "wlan0", where every packet is).
    expect(new Set(r.frames.map((f) => f.linktype))).toEqual(new Set([101]));
  });

  it('completes the apps with package and name from the UID map', () => {
    const run = flowCapture(capture(name));
    expect(run.apps).toEqual([
      { id: 0, source: 'pcapdroid-pcapng', ...WEATHER },
      { id: 1, source: 'pcapdroid-pcapng', ...ADDEMO },
    ]);
    expect(run.flows.map((f) => f.app)).toEqual(run.flows.map((f) => (uidOfFrame(f.firstFrame) === WEATHER.uid ? 0 : 1)));
  });

  it('attributes the findings to their apps in the report, and the device to the section header', async () => {
    const report = await analyzeFile(capture(name), { profile });
    const apps = new Map((report.apps ?? []).map((a) => [a.id, a.package]));
    const of = (type: string) => [...new Set(report.findings.filter((f) => f.type === type).map((f) => apps.get(f.app!)))];
    expect(of('imei')).toEqual(['com.adsdk.demo']);
    expect(of('email')).toEqual(['com.adsdk.demo']);
    expect(of('android_id')).toEqual(['com.example.weather']);
    expect(of('location')).toEqual(['com.example.weather']);
    expect(report.device?.os).toBe('Android 4.4.2 (SDK 19)');
  });
});

/** Every variant reads to frames or a one-line CaptureError, and runs through the pipeline. */
function survives(v: Variant): Read | null {
  let r: Read | null = null;
  try {
    r = read(v.bytes);
  } catch (e) {
    expect(e, v.name).toBeInstanceOf(CaptureError);
    expect((e as Error).message).not.toContain('\n');
  }
  try {
    flowBytes(v.bytes, { warn: () => {} });
  } catch (e) {
    expect(e, v.name).toBeInstanceOf(CaptureError);
  }
  for (const f of r?.frames ?? []) if (f.app?.uid != null) expect(Number.isInteger(f.app.uid)).toBe(true);
  return r;
}

describe('damaged PCAPdroid files', () => {
  it.each(['pcapdroid-02-trailer.pcap', 'pcapdroid-03-dsb.pcapng', 'pcapdroid-04-root.pcapng'])('%s: cut and bit-flipped variants', (name) => {
    const bytes = readFile(capture(name));
    const cut = truncations(bytes);
    for (const v of cut) {
      const r = survives(v);
      // A cut past the file header always warns that the last record is incomplete.
      if (r && v.bytes.length > 96) expect(r.warnings.map((w) => w.code), v.name).toContain('capture-truncated');
    }
    for (const v of bitFlips(bytes, 60, 6, 24)) survives(v);
  });

  it('a trailer whose CRC-32 fails warns and keeps the app; an impossible record length is skipped to the next record', () => {
    const bytes = readFile(capture('pcapdroid-02-trailer.pcap'));
    // Record 1 starts at 24; its 112 bytes at 40; the fcs is its last 4 bytes.
    const badCrc = survives({ name: 'crc', bytes: patch32(bytes, 40 + 112 - 4, 0, true) })!;
    expect(badCrc.warnings.map((w) => [w.code, w.frame])).toEqual([['capture-app-trailer', 1]]);
    expect(badCrc.frames[0].app).toEqual({ source: 'pcapdroid-trailer', uid: 10123, name: 'Weather' });
    expect(badCrc.frames[0].length).toBe(80);
    const huge = survives({ name: 'incl_len', bytes: patch32(bytes, 24 + 8, 0xffffff00, true) })!;
    // The damaged first record is skipped: reading resumes at record 2 (capture/resync.ts).
    expect(huge.frames.length).toBe(67);
    expect(huge.warnings.map((w) => [w.code, w.frame])).toEqual([['capture-resync', 1]]);
    expect(huge.warnings[0].message).toBe('record 1 at byte 24 claims 4294967040 captured bytes (more than 262144): skipped bytes 24-152 (128 bytes) to the next plausible record; reading resumed');
  });

  it('oversized counts and lengths in the UID map, the comment and the section header give no app, no device, no crash', () => {
    const bytes = readFile(capture('pcapdroid-03-dsb.pcapng'));
    // The first UID map block is at 116: PEN at 124, type and count at 128, entry at 132.
    const count = survives({ name: 'count', bytes: patch32(bytes, 128, 0xffff0001, true) })!;
    expect(count.apps).toEqual([{ source: 'pcapdroid-pcapng', ...WEATHER }, { source: 'pcapdroid-pcapng', ...ADDEMO }]);
    const lengths = survives({ name: 'lengths', bytes: patch32(bytes, 136, 0x0000ffff, true) })!; // pkg/name lengths 255
    expect(lengths.apps).toEqual([{ source: 'pcapdroid-pcapng', ...ADDEMO }]);
    const pen = survives({ name: 'pen', bytes: patch32(bytes, 124, 1, true) })!;
    expect(pen.apps).toHaveLength(1);
    // The first EPB is at 168 with 63 bytes of data: its comment option at 168 + 28 + 64 = 260.
    const comment = survives({ name: 'comment', bytes: patch32(bytes, 260, 0xfff00001, true) })!;
    expect(comment.frames[0].app).toBeUndefined();
    expect(comment.frames[1].app).toEqual({ source: 'pcapdroid-pcapng', uid: 10123 });
    // The SHB's first option (shb_hardware) at 24: a length past the block.
    const shb = survives({ name: 'shb option', bytes: patch32(bytes, 24, 0xff000002, true) })!;
    expect(shb.devices).toEqual([]);
    expect(shb.frames).toHaveLength(68);
  });
});
