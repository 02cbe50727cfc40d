/** IMSI: the SIM's subscriber number, MCC + MNC + up to 10 digits. */
import type { IdentifierKind } from './kind';
import { bad, digitsSpelled, formDigits, ok } from './common';

export const imsi: IdentifierKind<'imsi', 'imsi'> = {
  type: 'imsi', label: 'IMSI', one: 'its IMSI (SIM subscriber number)', many: (n) => `${n} IMSIs (SIM subscriber numbers)`, weight: 10,
  profile: {
    key: 'imsi', label: 'IMSI', hint: '14–15 digits', position: 3,
    check(raw) {
      const d = formDigits(raw);
      if (!/^\d{14,15}$/.test(d)) return bad(`An IMSI has 14–15 digits; this has ${d.replace(/\D/g, '').length}.`);
      return ok(d);
    },
  },
  expand: digitsSpelled,
  keys: { rule: /imsi|subscriberid/ },
  digits: [
    {
      lengths: [15],
      // Only under an IMSI key: bare 15-digit runs are the IMEI's to judge.
      // The MCC+MNC must be a known operator's.
      read: (d, key, _upload, env) => (key !== 'imsi' ? undefined : env.operatorOf(d) ? { value: d, confidence: 'high' } : null),
    },
  ],
};
