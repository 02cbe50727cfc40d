/** What each finding type is called and how much it matters. */
import type { Finding, FindingType } from '../core/report/types';

interface TypeInfo {
  /** Short label for tables and filters. */
  label: string;
  /** Phrase for the verdict, one value: "its IMEI". */
  one: string;
  /** Phrase for several values: (n) => "3 contacts' numbers". */
  many: (n: number) => string;
  /** 0..10: how hard an identifier it is (can it be tied to the person or device for good?). */
  weight: number;
}

export const TYPES: Record<FindingType, TypeInfo> = {
  imei: { label: 'IMEI', one: 'its IMEI', many: (n) => `${n} IMEIs`, weight: 10 },
  imsi: { label: 'IMSI', one: 'its IMSI (SIM subscriber number)', many: (n) => `${n} IMSIs`, weight: 10 },
  iccid: { label: 'ICCID', one: 'its SIM card number (ICCID)', many: (n) => `${n} SIM card numbers`, weight: 9 },
  phone: { label: 'Phone number', one: 'its phone number', many: (n) => `${n} phone numbers`, weight: 9 },
  contact_phone: { label: 'Contact number', one: "1 contact's number", many: (n) => `${n} contacts' numbers`, weight: 8 },
  email: { label: 'Email', one: "its owner's email address", many: (n) => `${n} email addresses`, weight: 8 },
  location: { label: 'Location', one: 'its location', many: (n) => `${n} locations`, weight: 8 },
  serial: { label: 'Serial number', one: 'its serial number', many: (n) => `${n} serial numbers`, weight: 7 },
  mac: { label: 'MAC address', one: 'its Wi-Fi MAC address', many: (n) => `${n} MAC addresses`, weight: 7 },
  android_id: { label: 'Android ID', one: 'its Android ID', many: (n) => `${n} Android IDs`, weight: 6 },
  ad_id: { label: 'Advertising ID', one: 'its advertising ID', many: (n) => `${n} advertising IDs`, weight: 5 },
  carrier: { label: 'Carrier', one: 'its mobile carrier', many: (n) => `${n} carrier names`, weight: 2 },
  model: { label: 'Device model', one: 'its model name', many: (n) => `${n} model names`, weight: 1 },
};

const fallback: TypeInfo = { label: 'Identifier', one: 'an identifier', many: (n) => `${n} identifiers`, weight: 3 };

/** Description of a finding type, tolerant of types added after this page was built. */
export function typeInfo(type: string): TypeInfo {
  return (TYPES as Record<string, TypeInfo>)[type] ?? { ...fallback, label: type };
}

/** Types in order of weight, for filters and legends. */
export const TYPE_ORDER = (Object.keys(TYPES) as FindingType[]).sort((a, b) => TYPES[b].weight - TYPES[a].weight);

/** Severity of one finding: hard identifiers, in clear text, uploaded, rank highest. */
export function severity(f: Finding): number {
  const clear = f.encrypted_on_wire ? 1 : 2;
  const dir = f.direction === 'upload' ? 1 : 0.6;
  const conf = f.confidence === 'low' ? 0.5 : f.confidence === 'medium' ? 0.8 : 1;
  return typeInfo(f.type).weight * clear * dir * conf;
}

/** Human words for an encoding. */
export function encodingLabel(encoding: string): string {
  switch (encoding) {
    case 'plain': return 'plain text';
    case 'url': return 'URL-encoded';
    case 'md5': case 'sha1': case 'sha256': return `hashed (${encoding.toUpperCase().replace('SHA', 'SHA-')})`;
    case 'hex': return 'hex-encoded';
    default: return encoding;
  }
}

/** True for encodings that are one-way hashes: the value itself is not on the wire. */
export function isHash(encoding: string): boolean {
  return /^(md5|sha1|sha224|sha256|sha384|sha512|crc32)$/i.test(encoding);
}
