/**
 * Each identifier kind on real wire spellings: texts taken from the leak captures
 * (../shared/corpus/leaks), each checked against the capture's bytes (or, inside gzip, against
 * the truth file's `wire`), then read by the scanner and by the kind's own parts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as phoneLib from 'libphonenumber-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { LeakScanner, expandProfile, type ScannerWasm } from '../../src/core/scan';
import { engineEnv } from '../../src/core/scan/env';
import { classifyKey } from '../../src/core/scan/keys';
import { kindOf } from '../../src/core/identifiers/registry';
import type { Finding, FindingType } from '../../src/core/report/types';
import { LEAKS, corpusProfile, input, scannerWasm, truths } from '../scan/helpers';

interface Wire {
  type: FindingType;
  capture: string;
  /** pattern: no profile; profile: the corpus profile. */
  mode: 'pattern' | 'profile';
  text: string;
  value: string;
  encoding: string;
  confidence: 'high' | 'medium' | 'low';
  /** The capture's bytes hold the text as is (false inside gzip: the truth's wire must be in it). */
  raw?: boolean;
  direction?: 'upload' | 'download';
  protocol?: string;
}

const W = (
  type: FindingType, capture: string, mode: Wire['mode'], text: string, value: string, encoding: string, confidence: Wire['confidence'],
  more: Partial<Wire> = {},
): Wire => ({ type, capture, mode, text, value, encoding, confidence, raw: true, ...more });

/** Per kind, spellings as they left the phone. */
const WIRES: Wire[] = [
  W('imei', '01-cloud-messaging.pcap', 'pattern', 'imei=862287025963539&imsi=460012835716904&phone=', '862287025963539', 'plain', 'high'),
  W('imei', '11-udp-custom.pcap', 'pattern', '{"t":"hb","imei":"862287025963539","iccid"', '862287025963539', 'plain', 'high', { protocol: 'udp' }),
  W('imei', '10-mqtt.pcap', 'pattern', '\u0000\u0017android_862287025963539', '862287025963539', 'plain', 'medium', { protocol: 'mqtt' }),
  W('imei', '09-dns-exfil.pcap', 'pattern', '\u001e383632323837303235393633353339\u0001i\u0008f37d85b2', '862287025963539', 'hex', 'medium', { protocol: 'dns' }),
  W('imei', '02-analytics-get.pcap', 'profile', '&im=8cc26b9a18f51ad58ebe8830a9897fa5&mc=', '862287025963539', 'md5', 'high'),
  W('imei', '04-base64-form.pcap', 'pattern', 'd=eyJpbWVpIjoiODYyMjg3MDI1OTYzNTM5IiwicGhvbmUiOiIrODYxODYxMTQyODc2OSIsInZlciI6IjUuMSIsInRzIjoxNzczNDUyNDgwNzMwfQ', '862287025963539', 'base64', 'high'),
  W('imsi', '01-cloud-messaging.pcap', 'pattern', '&imsi=460012835716904&phone=', '460012835716904', 'plain', 'high'),
  W('imsi', '10-mqtt.pcap', 'pattern', '/status{"imsi":"460012835716904","sn"', '460012835716904', 'plain', 'high', { protocol: 'mqtt' }),
  W('iccid', '11-udp-custom.pcap', 'pattern', '"iccid":"89860114529727340129","ts"', '89860114529727340129', 'plain', 'high', { protocol: 'udp' }),
  W('phone', '01-cloud-messaging.pcap', 'pattern', '&phone=%2B8618611428769&operator=', '+8618611428769', 'url', 'high'),
  W('phone', '12-ipv6-http.pcap', 'pattern', '"mobile":"+86 186-1142-8769","region"', '+8618611428769', 'plain', 'high'),
  W('phone', '10-mqtt.pcap', 'profile', 'user/18611428769/status', '+8618611428769', 'plain', 'high', { protocol: 'mqtt' }),
  W('phone', '09-dns-exfil.pcap', 'pattern', '\u0017fm4dmmjygyytcnbsha3tmoi\u0001p', '+8618611428769', 'base32', 'medium', { protocol: 'dns' }),
  // Found by shape a contact is a phone number; with the profile it is the contact it is.
  W('phone', '01-cloud-messaging.pcap', 'pattern', '&contacts=%2B86+135+2187+6643&contacts=', '+8613521876643', 'url', 'high'),
  W('contact_phone', '01-cloud-messaging.pcap', 'profile', '&contacts=%2B86+135+2187+6643&contacts=', '+8613521876643', 'url', 'high'),
  W('contact_phone', '01-cloud-messaging.pcap', 'profile', '&contacts=010-6852-3321&contacts=', '+861068523321', 'plain', 'high'),
  W('contact_phone', '01-cloud-messaging.pcap', 'profile', '&contacts=185-1093-2216&ts=', '+8618510932216', 'plain', 'high'),
  W('email', '12-ipv6-http.pcap', 'pattern', 'mail":"zhangwei.bj88@163.com","mobile"', 'zhangwei.bj88@163.com', 'plain', 'high'),
  W('email', '03-ad-post-gzip.pcap', 'pattern', '"user":{"email":"zhangwei.bj88@163.com"},"imp"', 'zhangwei.bj88@163.com', 'plain', 'high', { raw: false }),
  W('location', '03-ad-post-gzip.pcap', 'pattern', '"geo":{"lat":39.983424,"lon":116.315963,"type":1}', '39.983424,116.315963', 'plain', 'high', { raw: false }),
  W('serial', '10-mqtt.pcap', 'pattern', '"imsi":"460012835716904","sn":"c7a2f9d4","bat":87', 'c7a2f9d4', 'plain', 'medium', { protocol: 'mqtt' }),
  W('mac', '02-analytics-get.pcap', 'profile', '&mc=005b45977de7e7320bb39410a7e8193755e8bcb2&aid=', '64:09:80:3a:5c:7e', 'sha1', 'high'),
  W('android_id', '02-analytics-get.pcap', 'profile', '&aid=fda0aa799f66395186d6a7efef76580b0641ccfc5b7a6ddce7350f9f05ab3b3c&gaid=', '3066379a45367b62', 'sha256', 'high'),
  W('ad_id', '02-analytics-get.pcap', 'pattern', '&gaid=8b839aab-6233-4ff2-b2be-3d337ace32a7&seq=', '8b839aab-6233-4ff2-b2be-3d337ace32a7', 'plain', 'high'),
  W('carrier', '01-cloud-messaging.pcap', 'pattern', '&operator=China+Unicom&mcc=460', 'China Unicom', 'url', 'medium'),
  W('model', '03-ad-post-gzip.pcap', 'pattern', '"make":"Xiaomi","model":"HM 1S","os":"android"', 'HM 1S', 'plain', 'medium', { raw: false }),
];

const truth = new Map(truths().map(([, t]) => [t.capture, t]));
const captureBytes = (name: string) => readFileSync(join(LEAKS, 'captures', name)).toString('latin1');

let wasm: ScannerWasm;
beforeAll(async () => {
  wasm = await scannerWasm();
});

function scan(w: Wire): Finding[] {
  const s = new LeakScanner(wasm, w.mode === 'profile' ? corpusProfile() : undefined);
  s.scan(input(w.text, { direction: w.direction ?? 'upload', protocol: w.protocol ?? 'http' }));
  return s.findings();
}

describe.each(WIRES.map((w) => [`${w.type} ${w.encoding} (${w.mode}) in ${w.capture}`, w] as const))('%s', (_, w) => {
  it('is a real spelling of that capture', () => {
    const t = truth.get(w.capture)!;
    const planted = t.planted.filter((p) => p.value === w.value || (w.mode === 'pattern' && p.type === 'contact_phone' && p.value === w.value));
    expect(planted.length, 'the truth file plants this value').toBeGreaterThan(0);
    if (w.raw) expect(captureBytes(w.capture)).toContain(w.text);
    else expect(planted.some((p) => w.text.includes(p.wire))).toBe(true);
  });

  it(`is found as ${w.type} ${w.value}, ${w.confidence} confidence`, () => {
    const found = scan(w).map((f) => ({ type: f.type, value: f.value, encoding: f.encoding, confidence: f.confidence }));
    expect(found).toContainEqual({ type: w.type, value: w.value, encoding: w.encoding, confidence: w.confidence });
  });
});

describe('key names from the captures name their kind', () => {
  it.each([
    ['imei', 'imei'], ['device_id', 'imei'], ['dev', 'imei'], ['imsi', 'imsi'], ['iccid', 'iccid'], ['phone', 'phone'],
    ['mobile', 'phone'], ['contacts', 'phone'], ['operator', 'carrier'], ['gaid', 'ad_id'], ['sn', 'serial'],
    ['model', 'model'], ['lat', 'location'], ['email', null], ['mc', null],
  ])('%s -> %s', (key, cls) => expect(classifyKey(key)).toBe(cls));

  it('every field the truth files name with a kind\'s key is classified as that kind', () => {
    let checked = 0;
    for (const [, t] of truths()) {
      for (const p of t.planted) {
        // Field names only ("device.imsi" -> imsi), not descriptions ("CONNECT client id").
        if (!p.field || !/^[\w.]+$/.test(p.field) || p.encoding !== 'plain' || !kindOf(p.type)?.keys?.rule) continue;
        const key = p.field.split('.').pop()!;
        const cls = classifyKey(key);
        if (cls === null) continue; // a name no rule claims (client id, payload): found by shape
        expect([p.type, kindOf(p.type)!.shapeOf], `${t.capture} ${p.field}`).toContain(cls);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('profile form checks: typed as the corpus person would, canonical as the truth files', () => {
  const form = { region: 'CN', phone: phoneLib };
  it.each([
    ['imei', '862 287 025 963 539', '862287025963539'],
    ['imsi', '460012835716904', '460012835716904'],
    ['iccid', '8986 0114 5297 2734 0129', '89860114529727340129'],
    ['phone', '+86 186-1142-8769', '+8618611428769'],
    ['phone', '18611428769', '+8618611428769'],
    ['contact_phone', '010-6852-3321', '+861068523321'],
    ['contact_phone', '+86 135 2187 6643', '+8613521876643'],
    ['email', 'zhangwei.bj88@163.com', 'zhangwei.bj88@163.com'],
    ['location', '39.983424, 116.315963', '39.983424,116.315963'],
    ['serial', 'c7a2f9d4', 'c7a2f9d4'],
    ['mac', '64-09-80-3A-5C-7E', '64:09:80:3a:5c:7e'],
    ['android_id', '3066379A45367B62', '3066379a45367b62'],
    ['ad_id', '8B839AAB-6233-4FF2-B2BE-3D337ACE32A7', '8b839aab-6233-4ff2-b2be-3d337ace32a7'],
    ['carrier', 'China Unicom', 'China Unicom'],
    ['model', 'HM 1S', 'HM 1S'],
  ] as const)('%s %s -> %s', (type, typed, value) => {
    expect(kindOf(type)!.profile!.check(typed, form)).toMatchObject({ value, error: null });
  });

  it.each([
    ['imei', '86228702596353', 'it would be 9'], ['imei', '862287025963538', 'Luhn'], // check digit missing, wrong
    ['iccid', '98860114529727340129', 'starts with 89'], ['mac', '64:09:80:3a:5c', '12 hex digits'],
    ['location', '39.98, 196.3', '±180'], ['serial', 'x', 'Too short'],
  ] as const)('%s %s is refused (%s)', (type, typed, why) => {
    const c = kindOf(type)!.profile!.check(typed, form);
    expect(c.value).toBeNull();
    expect(c.error).toContain(why);
  });

  it('phone numbers wait for the phone library', () => {
    expect(kindOf('phone')!.profile!.check('+8618611428769', { region: 'CN', phone: null })).toMatchObject({ value: null, pending: true });
  });
});

describe('profile expansion spells each entry as the captures wrote it', () => {
  const env = engineEnv('CN');
  const profile = corpusProfile();
  it.each([
    ['phone', profile.phone![0], ['+86 186-1142-8769', '18611428769', '+8618611428769']],
    ['contact_phone', profile.contacts![0], ['+86 135 2187 6643', '+8613521876643']],
    ['contact_phone', profile.contacts![2], ['010-6852-3321', '01068523321']],
    ['mac', profile.mac![0], ['64:09:80:3a:5c:7e', '6409803a5c7e', '64-09-80-3A-5C-7E']],
    ['ad_id', profile.ad_id![0], ['8b839aab-6233-4ff2-b2be-3d337ace32a7', '8B839AAB62334FF2B2BE3D337ACE32A7']],
    ['carrier', profile.carrier![0], ['China Unicom', '中国联通', 'CHN-UNICOM']],
    ['location', profile.location![0], ['39.983424', '116.315963', '39.9834']],
  ] as const)('%s', (type, entry, spellings) => {
    const out = kindOf(type)!.expand!(entry as never, env)!;
    for (const s of spellings) expect(out.spellings).toContain(s);
  });

  it('the matcher gets the digests the captures carry', () => {
    const texts = new Set(expandProfile(profile).map((l) => `${l.type} ${l.encoding} ${l.text}`));
    expect(texts).toContain('imei md5 8cc26b9a18f51ad5'); // 02-analytics-get, im=
    expect(texts).toContain('mac sha1 005b45977de7e732'); // mc=, sha1 of the lower-case colon form
    expect(texts).toContain('android_id sha256 fda0aa799f663951'); // aid=
  });
});

describe('shapes without a key', () => {
  it.each([
    ['862287025963539', 'imei'], // Luhn, allocated TAC
    ['869929293153592', null], // the truth's decoy: fails Luhn
    ['460012835716904', null], // an IMSI only under an IMSI key
    ['89860114529727340129', 'iccid'],
    ['18611428769', 'phone'], // a full mobile number sent by the device
  ])('%s -> %s', (digits, type) => {
    const s = new LeakScanner(wasm);
    s.scan(input(`x ${digits} y`));
    expect(s.findings().map((f) => f.type)[0] ?? null).toBe(type);
  });

  it('tokens: a UUID or 16 hex digits need their key, a dashed MAC does not', () => {
    const s = new LeakScanner(wasm);
    s.scan(input('req=8b839aab-6233-4ff2-b2be-3d337ace32a7&h=3066379a45367b62&w=64-09-80-3a-5c-7e&android_id=3066379a45367b62'));
    expect(s.findings().map((f) => `${f.type} ${f.value}`).sort()).toEqual(['android_id 3066379a45367b62', 'mac 64:09:80:3a:5c:7e']);
  });
});
