/** Shape checks for identifiers found without a profile. Inputs are already-isolated tokens. */
import { operatorOf, type Operator } from './mcc';

/** Luhn checksum over a digit string. */
export function luhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Reporting Body Identifiers (first two TAC digits) GSMA has allocated; others are not IMEIs.
const RBI = new Set(['01', '10', '30', '33', '35', '44', '45', '49', '50', '51', '52', '53', '54', '86', '91', '98', '99']);

/** Plausible type allocation code: allocated reporting body, not a run of one digit. */
export function plausibleTac(digits: string): boolean {
  return RBI.has(digits.slice(0, 2)) && !/^(\d)\1{7}/.test(digits);
}

/** IMEI: 15 digits, Luhn, plausible TAC. */
export function isImei(digits: string): boolean {
  return /^\d{15}$/.test(digits) && luhn(digits) && plausibleTac(digits) && !/^(\d)\1+$/.test(digits);
}

/** IMEISV: 16 digits with a plausible TAC (no check digit; the last two are the software version). */
export function isImeisv(digits: string): boolean {
  return /^\d{16}$/.test(digits) && plausibleTac(digits);
}

/** The IMEI of an IMEISV: TAC + serial + computed Luhn digit. */
export function imeiOfImeisv(digits: string): string {
  const body = digits.slice(0, 14);
  for (let d = 0; d <= 9; d++) if (luhn(body + d)) return body + d;
  return body + '0';
}

/** IMSI: 15 digits whose MCC+MNC is in the table; returns the operator or null. */
export function imsiOperator(digits: string): Operator | null {
  if (!/^\d{15}$/.test(digits)) return null;
  return operatorOf(digits);
}

/** ICCID: 19 or 20 digits, industry prefix 89, Luhn over all digits. */
export function isIccid(digits: string): boolean {
  return /^89\d{17,18}$/.test(digits) && luhn(digits);
}

/** MAC in colon, dash or bare form -> lower-case aa:bb:…, or null (also for all-zero/broadcast). */
export function canonicalMac(s: string): string | null {
  const m = /^([0-9a-f]{2})([:-]?)([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i.exec(s);
  if (!m) return null;
  const v = [m[1], m[3], m[4], m[5], m[6], m[7]].join(':').toLowerCase();
  if (v === '00:00:00:00:00:00' || v === 'ff:ff:ff:ff:ff:ff') return null;
  return v;
}

/** UUID (8-4-4-4-12 hex) -> lower-case, or null; the nil UUID is not an ID. */
export function canonicalUuid(s: string): string | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return null;
  const v = s.toLowerCase();
  return /^[0-]+$/.test(v) ? null : v;
}

/** Android ID: 16 hex digits (SSAID), not all one digit. */
export function isAndroidId(s: string): boolean {
  return /^[0-9a-f]{16}$/i.test(s) && !/^(.)\1+$/.test(s);
}

/** E-mail address with a dotted domain and an alphabetic TLD. */
export function isEmail(s: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/.test(s) &&
    !/\.\./.test(s);
}

/** Latitude/longitude pair in range, neither both zero. */
export function isLatLon(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 &&
    !(lat === 0 && lon === 0);
}
