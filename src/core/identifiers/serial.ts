/** The device's hardware serial number (Build.SERIAL, adb's serial). */
import type { IdentifierKind } from './kind';
import { textCheck } from './common';

export const serial: IdentifierKind<'serial', 'serial'> = {
  type: 'serial', label: 'Serial number', one: 'its serial number', many: (n) => `${n} serial numbers`, weight: 7,
  profile: { key: 'serial', label: 'Serial number', hint: '', position: 10, check: textCheck },
  expand(entry) {
    const s = entry.trim();
    return { value: s, spellings: [...new Set([s, s.toUpperCase(), s.toLowerCase()])], transform: true };
  },
  keys: {
    literals: ['serial', '"sn"', "'sn'", '&sn=', '?sn='],
    compound: ['serial'],
    rule: /serial|^sn$|serialno/,
  },
  // Letters and digits with a digit, not a short number (a counter). A bare JSON value
  // (`"serialnumber":1591219980196341`) is a number: Build.SERIAL and every hardware serial is a
  // string, so a JSON number there is a token's or a certificate's sequence number.
  plausible: (v, how) => /^[A-Za-z0-9-]{6,32}$/.test(v) && /\d/.test(v) && !/^\d{1,9}$/.test(v) && !how?.bareJson,
};

/**
 * A Netflix ESN (Electronic Serial Number: `NFAPPL-02-IPHONE6=1-8759FC…`): `NF`, 4-6 letters or
 * digits (the device family), `-`, 2-3 digits, `-`, the rest; null when `s` is none. A key id
 * (`<ESN>_8`) gives its ESN.
 */
export function netflixEsn(s: string): string | null {
  // A key id is the ESN and `_<sequence number>`.
  return /^(NF[A-Z0-9]{4,6}-\d{2,3}-[A-Za-z0-9=+-]{4,120}?)(?:_\d{1,6})?$/.exec(s)?.[1] ?? null;
}
