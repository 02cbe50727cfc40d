/** Helpers several identifier kinds share: check digits, form checks, plain spellings. */
import type { FieldCheck, Spelled } from './kind';

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

/** The Luhn check digit that completes `digits`. */
export function luhnCheckDigit(digits: string): number {
  for (let c = 0; c <= 9; c++) if (luhn(digits + c)) return c;
  return 0;
}

/** A typed number without its spaces, dashes, dots and slashes. */
export function formDigits(s: string): string {
  return s.replace(/[\s\-./]/g, '');
}

/** A form entry that is usable, as `value`. */
export const ok = (value: string): FieldCheck => ({ value, error: null });
/** A form entry that is not, and why. */
export const bad = (error: string): FieldCheck => ({ value: null, error });

/** A check: the entry lower-cased when it then matches `shape`, else `error`. */
export function lowerCheck(shape: RegExp, error: string): (raw: string) => FieldCheck {
  return (raw) => {
    const h = raw.toLowerCase();
    return shape.test(h) ? ok(h) : bad(error);
  };
}

/** Free text (serial, model, carrier): anything of two characters or more. */
export function textCheck(raw: string): FieldCheck {
  return raw.length >= 2 ? ok(raw) : bad('Too short to search for.');
}

/** Digits-only identifiers: the entry's digits, spelled as they are. */
export function digitsSpelled(entry: string): Spelled | null {
  const d = entry.replace(/\D/g, '');
  return d ? { value: d, spellings: [d], transform: true } : null;
}

/** Placeholder values apps send for an unknown name. */
export const UNSET = /^(null|none|unknown|true|false|undefined)$/i;
