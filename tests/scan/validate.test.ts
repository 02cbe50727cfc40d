import { describe, expect, it } from 'vitest';
import {
  canonicalMac, canonicalUuid, imeiOfImeisv, imsiOperator, isAndroidId, isEmail, isIccid, isImei,
  isImeisv, luhn, phoneE164,
} from '../../src/core/scan';
import { truths } from './helpers';

describe('luhn', () => {
  it.each([
    ['862287025963539', true], ['89860114529727340129', true], ['79927398713', true],
    ['869929293153592', false], ['353545552041634', false], ['862287025963538', false], ['12a4', false],
  ])('%s -> %s', (d, ok) => expect(luhn(d)).toBe(ok));
});

describe('IMEI / IMEISV', () => {
  it.each([
    ['862287025963539', true], // profile IMEI
    ['490154203237518', true], // GSMA example
    ['356938035643809', true],
    ['869929293153592', false], // decoy: fails Luhn
    ['353545552041634', false],
    ['867989133674437', false],
    ['123456789012347', false], // Luhn ok, RBI 12 not allocated
    ['86228702596353', false], // 14 digits
  ])('isImei(%s) = %s', (d, ok) => expect(isImei(d)).toBe(ok));
  it('IMEISV -> IMEI', () => {
    expect(isImeisv('8622870259635301')).toBe(true);
    expect(imeiOfImeisv('8622870259635301')).toBe('862287025963539');
  });
  it('no truth decoy of type imei passes', () => {
    for (const [, t] of truths()) for (const d of t.decoys) if (d.looks_like === 'imei') expect(isImei(d.value)).toBe(false);
  });
});

describe('IMSI', () => {
  it.each([
    ['460012835716904', 'China Unicom'], ['460001234567890', 'China Mobile'], ['460031234567890', 'China Telecom'],
    ['310260123456789', 'T-Mobile US'], ['234150123456789', 'Vodafone UK'],
  ])('%s -> %s', (d, name) => expect(imsiOperator(d)?.names[0]).toBe(name));
  it.each(['999991234567890', '000011234567890', '46001283571690', '4600128357169041'])('%s -> null', (d) =>
    expect(imsiOperator(d)).toBeNull());
});

describe('ICCID', () => {
  it.each([
    ['89860114529727340129', true], ['8986011452972734012', false], ['89860114529727340128', false],
    ['98860114529727340129', false], ['8986011452972734012911', false],
  ])('%s -> %s', (d, ok) => expect(isIccid(d)).toBe(ok));
});

describe('phone numbers (libphonenumber-js)', () => {
  it.each([
    ['+8618611428769', undefined, '+8618611428769'],
    ['%2B8618611428769'.replace('%2B', '+'), undefined, '+8618611428769'],
    ['+86 135 2187 6643', undefined, '+8613521876643'],
    ['18910264518', 'CN', '+8618910264518'],
    ['010-6852-3321', 'CN', '+861068523321'],
    ['185-1093-2216', 'CN', '+8618510932216'],
    ['008618611428769', undefined, '+8618611428769'],
    ['+86 186-1142-8769', undefined, '+8618611428769'],
    ['+1 650 253 0000', undefined, '+16502530000'],
  ] as const)('%s (%s) -> %s', (t, r, e) => expect(phoneE164(t, r)).toBe(e));
  it.each(['1773452467884', '1773454055162', '17734524', '1284376905', '+861773452467884', '12345'])('%s is not a phone', (t) =>
    expect(phoneE164(t, 'CN')).toBeNull());
  it('no truth decoy timestamp is a phone number', () => {
    for (const [, t] of truths()) for (const d of t.decoys) if (d.looks_like === 'phone') expect(phoneE164(d.value, 'CN')).toBeNull();
  });
});

describe('MAC, UUID, Android ID, e-mail', () => {
  it('canonical MAC', () => {
    expect(canonicalMac('64:09:80:3A:5C:7E')).toBe('64:09:80:3a:5c:7e');
    expect(canonicalMac('64-09-80-3a-5c-7e')).toBe('64:09:80:3a:5c:7e');
    expect(canonicalMac('6409803a5c7e')).toBe('64:09:80:3a:5c:7e');
    expect(canonicalMac('64:09-80:3a:5c:7e')).toBeNull();
    // A MAC all the same: the scanner lists it as a placeholder (identifiers/placeholders.ts).
    expect(canonicalMac('00:00:00:00:00:00')).toBe('00:00:00:00:00:00');
  });
  it('UUID', () => {
    expect(canonicalUuid('8B839AAB-6233-4FF2-B2BE-3D337ACE32A7')).toBe('8b839aab-6233-4ff2-b2be-3d337ace32a7');
    expect(canonicalUuid('00000000-0000-0000-0000-000000000000')).toBe('00000000-0000-0000-0000-000000000000');
    expect(canonicalUuid('8b839aab62334ff2b2be3d337ace32a7')).toBeNull();
  });
  it('Android ID and e-mail', () => {
    expect(isAndroidId('3066379a45367b62')).toBe(true);
    expect(isAndroidId('3066379a45367b6')).toBe(false);
    expect(isEmail('zhangwei.bj88@163.com')).toBe(true);
    expect(isEmail('icon@2x')).toBe(false);
    expect(isEmail('a..b@x.com')).toBe(false);
  });
});
