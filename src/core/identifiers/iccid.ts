/** ICCID: the SIM card's number, printed on it (89 + issuer + account + Luhn digit). */
import type { IdentifierKind } from './kind';
import { bad, digitsSpelled, formDigits, luhn, ok } from './common';

/** ICCID: 19 or 20 digits, industry prefix 89, Luhn over all digits. */
export function isIccid(digits: string): boolean {
  return /^89\d{17,18}$/.test(digits) && luhn(digits);
}

export const iccid: IdentifierKind<'iccid', 'iccid'> = {
  type: 'iccid', label: 'ICCID', one: 'its ICCID (SIM card number)', many: (n) => `${n} ICCIDs (SIM card numbers)`, weight: 9,
  profile: {
    key: 'iccid', label: 'ICCID (SIM card number)', hint: '19–20 digits, printed on the SIM', position: 4,
    check(raw) {
      const d = formDigits(raw).replace(/f$/i, '');
      if (!/^\d+$/.test(d)) return bad('An ICCID has digits only.');
      if (d.length < 18 || d.length > 20) return bad(`An ICCID has 18–20 digits; this has ${d.length}.`);
      if (!d.startsWith('89')) return bad('An ICCID starts with 89.');
      return luhn(d) ? ok(d) : bad('The check digit is wrong (Luhn): a digit is mistyped.');
    },
  },
  expand: digitsSpelled,
  keys: { rule: /iccid|simserial|simid|simno/ },
  digits: [
    {
      lengths: [19, 20],
      read: (d, key) => (isIccid(d) && (key === null || key === 'iccid') ? { value: d, confidence: key !== null ? 'high' : 'medium' } : null),
    },
  ],
};
