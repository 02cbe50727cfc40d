/**
 * Apple PKTAP (LINKTYPE 258) on ../shared/corpus/formats: the packet behind the header decoded
 * with its own link type (Ethernet on en0, raw IP on pdp_ip0), the process from the header (the
 * effective one when mDNSResponder resolves for an app), and damaged variants. Values checked
 * with tshark 4.0 (pktap.pid/cmdname/epid/ecmdname/dlt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/core/capture/index';
import type { Warning } from '../../src/core/warnings';
import { FORMATS } from '../corpus';
import { analyzeFile, decodeCapture, extractCapture, flowBytes, flowCapture, readFile } from '../pipeline';
import { bitFlips, patch32, truncations, type Variant } from './variants';

const capture = (name: string) => join(FORMATS, 'captures', name);
const profile = JSON.parse(readFileSync(join(FORMATS, 'profile.json'), 'utf8'));
const WEATHER = { source: 'pktap', pid: 412, name: 'Weather' };
const ADDEMO = { source: 'pktap', pid: 538, name: 'AdDemo' };
/** tshark: frames 1-24 are pid/epid 412 "Weather", 25-68 pid/epid 538 "AdDemo". */
const appOfFrame = (n: number) => (n <= 24 ? WEATHER : ADDEMO);
/** tshark: the DNS frames, sent by mDNSResponder (pid 63) with PTH_FLAG_PROC_DELEGATED. */
const DELEGATED = [1, 2, 13, 14, 25, 26, 37, 38, 49, 50];

describe.each(['pktap-01-rvi0.pcap', 'pktap-02-wifi-cell.pcap'])('%s', (name) => {
  const d = decodeCapture(capture(name));

  it('decodes the packet of every one of the 68 frames, without a warning', () => {
    expect(d.frames).toBe(68);
    expect(d.linktypes).toEqual(new Set([258]));
    expect(d.warnings).toEqual([]);
    expect(d.packets).toHaveLength(68);
    expect(d.packets.filter((p) => p.transport === 'udp').map((p) => p.frame)).toEqual(DELEGATED);
  });

  it('names the process of each frame; delegated DNS is the app mDNSResponder resolved for', () => {
    d.frameApps.forEach((app, i) => expect(app, `frame ${i + 1}`).toEqual(appOfFrame(i + 1)));
    const run = flowCapture(capture(name));
    expect(run.apps).toEqual([
      { id: 0, uid: null, package: null, name: 'Weather', source: 'pktap', pid: 412 },
      { id: 1, uid: null, package: null, name: 'AdDemo', source: 'pktap', pid: 538 },
    ]);
    expect(run.flows).toHaveLength(10);
    for (const fl of run.flows) expect(fl.app, `flow ${fl.id}`).toBe(fl.firstFrame <= 24 ? 0 : 1);
  });

  it('reaches the scanner with the HTTP body tshark shows, no header bytes around it', () => {
    const body = extractCapture(capture(name)).scans.find((i) => i.frame === 30 && i.part === 'body')!;
    expect(body.bytes.length).toBe(137); // tshark: POST bid.mobiadx.com, Content-Length 137
    expect(Buffer.from(body.bytes).toString('latin1').endsWith('"user":{"email":"zhangwei.bj88@163.com"}}')).toBe(true);
  });
});

describe('pktap in the report', () => {
  it('keeps the link type, finds the planted identifiers and gives each its process', async () => {
    const report = await analyzeFile(capture('pktap-02-wifi-cell.pcap'), { profile });
    expect(report.capture.linktypes).toEqual(['pktap']);
    expect(report.warnings).toEqual([]);
    const names = new Map((report.apps ?? []).map((a) => [a.id, `${a.name}/${a.pid}`]));
    const of = (type: string) => [...new Set(report.findings.filter((f) => f.type === type).map((f) => names.get(f.app!)))];
    expect(of('imei')).toEqual(['AdDemo/538']);
    expect(of('imsi')).toEqual(['AdDemo/538']);
    expect(of('location')).toEqual(['Weather/412']);
    expect(of('android_id')).toEqual(['Weather/412']);
    // Both the Wi-Fi and the cellular address open flows (en0 Ethernet, pdp_ip0 raw IP).
    expect(report.device?.ips.slice().sort()).toEqual(['10.62.118.203', '192.168.31.105']);
  });
});

function survives(v: Variant): Warning[] {
  const warnings: Warning[] = [];
  try {
    flowBytes(v.bytes, { warn: (code, message, frame) => void warnings.push({ code, message, frame }) });
  } catch (e) {
    expect(e, v.name).toBeInstanceOf(CaptureError);
    expect((e as Error).message).not.toContain('\n');
  }
  return warnings;
}

describe('damaged PKTAP files', () => {
  const bytes = readFile(capture('pktap-01-rvi0.pcap'));
  /** Record 1's PKTAP header starts at 40 (24-byte file header, 16-byte record header). */
  const H = 40;

  it('cut and bit-flipped variants read or fail with a CaptureError, never crash', () => {
    for (const v of truncations(bytes)) survives(v);
    for (const v of bitFlips(bytes, 60, 6, 24)) survives(v);
  });

  it.each([
    ['pth_length past the frame', 0, 0xffffffff, ['pktap-short']],
    ['pth_length below the struct', 0, 20, ['pktap-short']],
    ['a record type that is no packet', 4, 2, []],
    ['an unknown inner link type', 8, 9999, ['linktype']],
    ['PKTAP inside PKTAP', 8, 258, ['pktap-short']],
  ] as const)('%s: frame 1 gives no packet and the warnings %j', (_, at, value, codes) => {
    const warnings = survives({ name: _, bytes: patch32(bytes, H + at, value, true) });
    expect([...new Set(warnings.map((w) => w.code))]).toEqual(codes);
    for (const w of warnings) expect(w.frame).toBe(1);
  });

  it('an impossible pth_length costs that frame only: its flow starts at frame 2, with the app', () => {
    const run = flowBytes(patch32(bytes, H, 0xffffffff, true), { warn: () => {} });
    expect(run.apps.map((a) => a.pid)).toEqual([412, 538]);
    expect(run.flows).toHaveLength(10);
    expect(run.flows[0]).toMatchObject({ firstFrame: 2, app: 0, transport: 'udp' });
  });
});

describe('iOS pcapd as pymobiledevice3 writes it (fake Ethernet header, no process data)', () => {
  it('reads every frame and finds each planted identifier visible without keys, with no app', async () => {
    const report = await analyzeFile(capture('ios-pcapd-01-pymobiledevice3.pcap'), { profile });
    expect(report.capture.linktypes).toEqual(['ether']);
    expect(report.capture.frames).toBe(68);
    expect(report.apps).toEqual([]);
    const found = report.findings.map((f) => `${f.type} ${f.value} ${f.frame} ${f.app}`);
    // The truth's planted items outside TLS (ios-pcapd-01-pymobiledevice3.truth.json), by frame.
    for (const want of [
      'location 39.983424,116.315963 6 null',
      'android_id 3066379a45367b62 6 null',
      'ad_id 8b839aab-6233-4ff2-b2be-3d337ace32a7 18 null',
      'imei 862287025963539 30 null',
      'imsi 460012835716904 30 null',
      'model HM 1S 30 null',
      'email zhangwei.bj88@163.com 30 null',
      'ad_id 8b839aab-6233-4ff2-b2be-3d337ace32a7 42 null',
      'mac 64:09:80:3a:5c:7e 42 null',
    ]) expect(found).toContain(want);
  });
});
