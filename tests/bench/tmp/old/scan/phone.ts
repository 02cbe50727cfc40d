/** Phone number parsing and spelling, on libphonenumber-js with full metadata (real validity). */
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';

export type { CountryCode };

/** A phone candidate's text -> E.164 if libphonenumber-js calls it valid, else null. */
export function phoneE164(text: string, region?: CountryCode): string | null {
  const p = parse(text, region);
  return p && p.isValid() ? p.number : null;
}

/** Parses leniently ('00' and '0086' international prefixes included); null when impossible. */
export function parse(text: string, region?: CountryCode): PhoneNumber | null {
  let t = text.trim();
  if (/^00[1-9]/.test(t)) t = '+' + t.slice(2);
  try {
    return parsePhoneNumberFromString(t, region) ?? null;
  } catch {
    return null;
  }
}

/** The region a number belongs to (for the default region of national-form candidates). */
export function regionOf(text: string): CountryCode | null {
  return parse(text)?.country ?? null;
}

/** The usual spellings of a number: E.164 with/without '+', 00 prefix, national, spaced, dashed. */
export function phoneSpellings(text: string, region?: CountryCode): string[] {
  const p = parse(text, region);
  const out = new Set<string>([text.trim()]);
  if (!p) return [...out];
  const cc = p.countryCallingCode;
  const nsn = p.nationalNumber;
  const natl = p.formatNational(); // "186 1142 8769", "010 6852 3321"
  const intl = p.formatInternational(); // "+86 186 1142 8769"
  const natlDigits = natl.replace(/\D/g, '');
  const intlRest = intl.replace(/^\+\d+\s*/, '');
  for (const s of [
    p.number, `${cc}${nsn}`, `00${cc}${nsn}`, nsn, natlDigits,
    natl, natl.replace(/ /g, '-'),
    intl, intl.replace(/ /g, '-'), `+${cc} ${intlRest.replace(/ /g, '-')}`,
    `+${cc}-${nsn}`, `+${cc} ${nsn}`, `00${cc} ${intlRest}`, `(+${cc})${nsn}`,
  ]) {
    if (s.replace(/\D/g, '').length >= 6) out.add(s);
  }
  return [...out];
}
