/** The device's own phone number (MSISDN), in E.164. */
import type { CountryCode } from 'libphonenumber-js';
import type { Confidence, EngineEnv, FieldCheck, FormEnv, IdentifierKind, KindMatch, Spelled } from './kind';
import { bad, ok } from './common';

/** A typed phone number, checked with the form's phone library (also for contacts). */
export function phoneCheck(raw: string, { region, phone: lib }: FormEnv): FieldCheck {
  if (!lib) return { value: null, error: null, pending: true };
  const country = lib.isSupportedCountry(region.toUpperCase()) ? (region.toUpperCase() as CountryCode) : undefined;
  if (!raw.startsWith('+') && !raw.startsWith('00') && !country) return bad('Add the country code (+…) or pick a region.');
  const n = lib.parsePhoneNumberFromString(raw.startsWith('00') ? `+${raw.slice(2)}` : raw, country);
  if (!n || !n.isPossible()) return bad('This does not look like a phone number.');
  // Possible but not valid (a new number range): searched for as typed.
  return ok(n.number);
}

/** A profile number in E.164 (as typed, digits only, when invalid) with its usual spellings. */
export function phoneSpelled(entry: string, env: EngineEnv): Spelled {
  const region = env.region ?? undefined;
  const e164 = env.e164(entry, region) ?? '+' + entry.replace(/\D/g, '');
  return { value: e164, spellings: env.spellings(entry, region), transform: true };
}

/**
 * A number's E.164 in env's region; with no region yet, a national number's digits as a
 * `national` match for the scanner to place (the country comes from evidence, never a default).
 */
function reading(text: string, intl: boolean, confidence: Confidence, env: EngineEnv): KindMatch | null {
  if (intl || /^\s*00[1-9]/.test(text)) {
    const e164 = env.e164(intl ? text : text.trim().replace(/^00/, '+'));
    return e164 ? { value: e164, confidence } : null;
  }
  if (!env.region) return { value: text.replace(/\D/g, ''), confidence, national: true };
  const e164 = env.e164(text, env.region);
  return e164 ? { value: e164, confidence, placedIn: env.region } : null;
}

/** Digit groups that can be one number; dates (2024-01-31, 12-31-2024) are not. */
function plausibleGrouping(groups: readonly string[], intl: boolean): boolean {
  if (groups.length > 6) return false;
  const first = intl ? 1 : 0;
  for (let i = first; i < groups.length; i++) if (groups[i].length < 2 || groups[i].length > 8) return false;
  if (groups.length === 3 && (groups[0].length === 4 || groups[2].length === 4) && groups.some((g) => g.length === 2) &&
    groups.join('').length === 8) return false;
  return true;
}

export const phone: IdentifierKind<'phone', 'phone'> = {
  type: 'phone', label: 'Phone number', one: 'its phone number', many: (n) => `${n} phone numbers`, weight: 9,
  profile: { key: 'phone', label: 'Phone number', hint: 'with country code, e.g. +86 186 1142 8769', position: 2, check: phoneCheck, usesPhoneLib: true },
  expand: phoneSpelled,
  keys: { rule: /msisdn|phone|mobile|^tel|tel$|contact|^mdn$|^mob$|callee|caller|msisdn|^number$|^num$|cellnum|^cell$/ },
  digits: [
    {
      lengths: [7, 8, 9, 10, 11, 12],
      read(d, key, upload, env) {
        // Bare national numbers are everywhere (ids, prices): without a phone key only a full
        // mobile-length number (>= 11 digits, e.g. a Chinese mobile) sent by the device counts.
        if (!(key === 'phone' || (key === null && d.length >= 11 && upload))) return undefined;
        return reading(d, false, key === 'phone' ? 'high' : 'medium', env);
      },
    },
  ],
  grouped: {
    read(groups, intl, key, upload, env) {
      let total = 0;
      for (const g of groups) total += g.length;
      if (total < 7 || total > 15) return null;
      if (groups.length > 1 && !plausibleGrouping(groups, intl)) return null;
      // Without a phone key, want an unmistakable number: international, sent by the device.
      // Formatted national digits ("77864-78159") and numbers on downloaded pages are too common.
      if (key !== 'phone' && (key !== null || !intl || !upload)) return null;
      return reading((intl ? '+' : '') + groups.join(' '), intl, key === 'phone' ? 'high' : 'medium', env);
    },
  },
};
