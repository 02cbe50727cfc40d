/** The profile form's rules: each entry checked as typed and turned into its canonical form. */
import type { CountryCode } from 'libphonenumber-js';
import type { Profile } from '../../core/report/types';
import { luhn } from '../../core/scan/validate';
import { phoneLib } from './profile-phone';

/** Profile keys the form edits, in display order. */
export const PROFILE_FIELDS = [
  { key: 'imei', label: 'IMEI', hint: '15 digits (dial *#06#)', multi: true },
  { key: 'phone', label: 'Phone number', hint: 'with country code, e.g. +86 186 1142 8769', multi: true },
  { key: 'imsi', label: 'IMSI', hint: '14–15 digits', multi: true },
  { key: 'iccid', label: 'ICCID (SIM card number)', hint: '19–20 digits, printed on the SIM', multi: true },
  { key: 'contacts', label: "Contacts' phone numbers", hint: 'one per line', multi: true },
  { key: 'email', label: 'Email', hint: '', multi: true },
  { key: 'mac', label: 'Wi-Fi MAC address', hint: 'aa:bb:cc:dd:ee:ff', multi: true },
  { key: 'android_id', label: 'Android ID', hint: '16 hex digits', multi: true },
  { key: 'ad_id', label: 'Advertising ID', hint: 'UUID', multi: true },
  { key: 'serial', label: 'Serial number', hint: '', multi: true },
  { key: 'model', label: 'Device model', hint: 'e.g. HM 1S', multi: true },
  { key: 'carrier', label: 'Mobile carrier', hint: 'e.g. China Unicom', multi: true },
  { key: 'location', label: 'Home or work location', hint: 'latitude, longitude', multi: true },
] as const;

export type ProfileKey = (typeof PROFILE_FIELDS)[number]['key'];

/** What the form holds: the raw text of each field (one entry per line) and the phone region. */
export interface ProfileDraft {
  fields: Partial<Record<ProfileKey, string>>;
  /** Region for numbers typed without +country code (ISO 3166 alpha-2). */
  region: string;
}

export interface EntryCheck {
  input: string;
  /** Canonical value to search for; null when the entry is invalid (or still pending). */
  value: string | null;
  error: string | null;
  /** A phone number not checked yet: libphonenumber-js is still loading (profile-phone.ts). */
  pending?: boolean;
}

/** Fields whose entries need libphonenumber-js to be checked. */
export const PHONE_FIELDS: readonly ProfileKey[] = ['phone', 'contacts'];

/** Whether a draft has phone numbers (and so needs libphonenumber-js to be read). */
export function draftHasPhones(draft: ProfileDraft): boolean {
  return PHONE_FIELDS.some((k) => (draft.fields[k] ?? '').trim() !== '');
}

/** The Luhn check digit that completes `digits`. */
export function luhnCheckDigit(digits: string): number {
  for (let c = 0; c <= 9; c++) if (luhn(digits + c)) return c;
  return 0;
}

function digitsOnly(s: string): string {
  return s.replace(/[\s\-./]/g, '');
}

/** Checks one entry of one field. */
export function checkEntry(key: ProfileKey, input: string, region: string): EntryCheck {
  const raw = input.trim();
  const ok = (value: string): EntryCheck => ({ input: raw, value, error: null });
  const bad = (error: string): EntryCheck => ({ input: raw, value: null, error });
  switch (key) {
    case 'imei': {
      const d = digitsOnly(raw);
      if (!/^\d+$/.test(d)) return bad('An IMEI has digits only.');
      if (d.length === 16) return ok(d); // IMEISV: no check digit
      if (d.length === 14) return bad(`An IMEI has 15 digits; the last (check) digit is missing: it would be ${luhnCheckDigit(d)}.`);
      if (d.length !== 15) return bad(`An IMEI has 15 digits; this has ${d.length}.`);
      return luhn(d) ? ok(d) : bad('The check digit is wrong (Luhn): a digit is mistyped.');
    }
    case 'iccid': {
      const d = digitsOnly(raw).replace(/f$/i, '');
      if (!/^\d+$/.test(d)) return bad('An ICCID has digits only.');
      if (d.length < 18 || d.length > 20) return bad(`An ICCID has 18–20 digits; this has ${d.length}.`);
      if (!d.startsWith('89')) return bad('An ICCID starts with 89.');
      return luhn(d) ? ok(d) : bad('The check digit is wrong (Luhn): a digit is mistyped.');
    }
    case 'imsi': {
      const d = digitsOnly(raw);
      if (!/^\d{14,15}$/.test(d)) return bad(`An IMSI has 14–15 digits; this has ${d.replace(/\D/g, '').length}.`);
      return ok(d);
    }
    case 'phone':
    case 'contacts': {
      const lib = phoneLib();
      if (!lib) return { input: raw, value: null, error: null, pending: true };
      const country = lib.isSupportedCountry(region.toUpperCase()) ? (region.toUpperCase() as CountryCode) : undefined;
      if (!raw.startsWith('+') && !raw.startsWith('00') && !country) return bad('Add the country code (+…) or pick a region.');
      const n = lib.parsePhoneNumberFromString(raw.startsWith('00') ? `+${raw.slice(2)}` : raw, country);
      if (!n || !n.isPossible()) return bad('This does not look like a phone number.');
      if (!n.isValid()) return { input: raw, value: n.number, error: null };
      return ok(n.number);
    }
    case 'mac': {
      const h = raw.toLowerCase().replace(/[^0-9a-f]/g, '');
      if (h.length !== 12 || !/^[0-9a-f:\-. ]+$/i.test(raw)) return bad('A MAC address has 12 hex digits, e.g. 64:09:80:3a:5c:7e.');
      return ok(h.match(/../g)!.join(':'));
    }
    case 'android_id': {
      const h = raw.toLowerCase();
      return /^[0-9a-f]{1,16}$/.test(h) ? ok(h) : bad('An Android ID has up to 16 hex digits.');
    }
    case 'ad_id': {
      const h = raw.toLowerCase();
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(h) ? ok(h) : bad('An advertising ID is a UUID: 8-4-4-4-12 hex digits.');
    }
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? ok(raw.toLowerCase()) : bad('This does not look like an email address.');
    case 'location': {
      const m = raw.match(/^(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)$/);
      if (!m) return bad('Type latitude, longitude, e.g. 39.9834, 116.3160.');
      const lat = Number(m[1]);
      const lon = Number(m[2]);
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return bad('Latitude is within ±90, longitude within ±180.');
      return ok(`${lat},${lon}`);
    }
    default:
      return raw.length >= 2 ? ok(raw) : bad('Too short to search for.');
  }
}

/** Every non-empty line of a field, checked. */
export function checkField(key: ProfileKey, text: string | undefined, region: string): EntryCheck[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => checkEntry(key, l, region));
}

/**
 * The profile to scan with: valid entries only, canonical forms, no empty keys. Phone numbers
 * need libphonenumber-js loaded (loadPhoneLib()) first, else they are left out.
 */
export function profileFromDraft(draft: ProfileDraft): Profile {
  const out: Profile = {};
  for (const { key } of PROFILE_FIELDS) {
    const values = [...new Set(checkField(key, draft.fields[key], draft.region).flatMap((c) => (c.value ? [c.value] : [])))];
    if (!values.length) continue;
    if (key === 'location') {
      out.location = values.map((v) => {
        const [lat, lon] = v.split(',').map(Number);
        return { lat, lon };
      });
    } else {
      out[key] = values;
    }
  }
  return out;
}

/** A profile (e.g. imported profile.json) as form text. */
export function draftFromProfile(p: Profile, region: string): ProfileDraft {
  const fields: ProfileDraft['fields'] = {};
  for (const { key } of PROFILE_FIELDS) {
    if (key === 'location') {
      if (p.location?.length) fields.location = p.location.map((l) => `${l.lat}, ${l.lon}`).join('\n');
    } else {
      const v = p[key];
      if (Array.isArray(v) && v.length) fields[key] = v.join('\n');
    }
  }
  return { fields, region };
}

/** Number of values in a profile. */
export function profileSize(p: Profile | null | undefined): number {
  if (!p) return 0;
  return Object.values(p).reduce((n, v) => n + (Array.isArray(v) ? v.length : 0), 0);
}

/** Best guess of the person's region from the browser language ("zh-CN" -> "CN"). */
export function defaultRegion(): string {
  const lang = typeof navigator !== 'undefined' ? navigator.language : '';
  const m = lang.match(/-([A-Z]{2})$/i);
  return m ? m[1].toUpperCase() : '';
}
