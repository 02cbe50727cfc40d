/** National phone numbers get their country from evidence in the capture, never a default. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { countryEvidence, placePhoneNumbers } from '../../src/core/report/phoneCountry';
import { profileRegion } from '../../src/core/scan/expand';
import type { Finding } from '../../src/core/report/types';
import type { HttpMessage } from '../../src/core/protocols/http1/records';
import { analyzeFile } from '../pipeline';
import { FORMATS, LEAKS } from '../corpus';

const finding = (more: Partial<Finding>): Finding => ({
  type: 'phone', value: '9876543210', encoding: 'plain', source: 'pattern', flow: 0, protocol: 'http', direction: 'upload',
  encrypted_on_wire: false, host: null, country: null, frame: 1, context: '', confidence: 'high', ...more,
});
const request = (uri: string, headers: [string, string][] = []): HttpMessage => ({
  flow: 0, frame: 1, direction: 'upload', kind: 'request', method: 'GET', uri, host: 'x', headers, body: new Uint8Array(), codings: [], offset: 0,
});

describe('phone country from evidence', () => {
  it('places the contacts of a capture without a profile by the IMSI the phone sent (MCC 460)', async () => {
    const report = await analyzeFile(join(LEAKS, 'captures/01-cloud-messaging.pcap'));
    const phones = report.findings.filter((f) => f.type === 'phone');
    // 18910264518 travels without a country code: its +86 comes from the IMSI 460012835716904.
    const national = phones.find((f) => f.value === '+8618910264518');
    expect(national?.country_evidence).toBe("national number; country CN from its IMSI's mobile country code 460");
    expect(phones.find((f) => f.value === '+8613521876643')?.country_evidence).toBe('written with its country code');
    expect(report.findings.some((f) => 'national' in f)).toBe(false);
  });

  it('reads the carrier code, then the locale of the requests; the carrier wins', () => {
    expect(countryEvidence([], [request('/a?mcc=404&mnc=45')])).toEqual({ country: 'IN', why: 'mobile country code 404 in its requests' });
    expect(countryEvidence([], [request('/a?sim_operator=310260')])?.country).toBe('US');
    expect(countryEvidence([], [request('/a', [['Accept-Language', 'pt-BR,pt;q=0.9']])])).toEqual({
      country: 'BR', why: 'the language pt-BR its requests accept',
    });
    expect(countryEvidence([], [request('/a?locale=de_AT')])?.country).toBe('AT');
    // "en" alone names no country; a carrier code outranks any locale.
    expect(countryEvidence([], [request('/a', [['Accept-Language', 'en']])])).toBeNull();
    expect(countryEvidence([finding({ type: 'imsi', value: '234150123456789' })], [request('/a?locale=en_US')])?.country).toBe('GB');
    // A download (a server's page) is not the device's evidence.
    expect(countryEvidence([finding({ type: 'imsi', value: '234150123456789', direction: 'download' })], [])).toBeNull();
  });

  it('gives a valid national number its E.164, drops what is not a number there, keeps a keyed one as sent', () => {
    const india = { country: 'IN' as const, why: 'x' };
    expect(placePhoneNumbers([finding({ national: true })], india)).toMatchObject([{ value: '+919876543210', country_evidence: 'national number; country IN from x' }]);
    // Not a valid Indian number: not a phone number in the device's country.
    expect(placePhoneNumbers([finding({ national: true, value: '1234567' })], india)).toEqual([]);
    // No evidence: a number under a phone key stays as sent and says so; one found by shape alone goes.
    expect(placePhoneNumbers([finding({ national: true })], null)).toMatchObject([{ value: '9876543210', country_evidence: 'national number; nothing in the capture says its country' }]);
    expect(placePhoneNumbers([finding({ national: true, confidence: 'medium' })], null)).toEqual([]);
  });

  it('takes the profile country from its own number, else its IMSI or carrier, else none', () => {
    expect(profileRegion({ phone: ['+8618611428769'] })).toBe('CN');
    expect(profileRegion({ imsi: ['310260123456789'] })).toBe('US');
    expect(profileRegion({ carrier: ['China Unicom'] })).toBe('CN');
    expect(profileRegion({ email: ['a@b.c'] })).toBeNull();
  });

  it("a page's tel: links are server content, not the device's numbers (mitmproxy dump of a vendor's home page)", async () => {
    const report = await analyzeFile(join(FORMATS, 'captures/mitm-public-dumpfile-19.mitm'), { profile: { phone: ['+8618611428769'] } });
    expect(report.findings.filter((f) => f.type === 'phone')).toEqual([]);
    const served = (report.other_findings ?? []).filter((f) => f.type === 'phone');
    expect(served.map((f) => [f.value, f.why, f.confidence]).sort()).toEqual([
      ['+16503198930', 'server content', 'medium'], ['+18889935273', 'server content', 'medium'], ['+8618889935273', 'server content', 'medium'],
    ]);
  });
});
