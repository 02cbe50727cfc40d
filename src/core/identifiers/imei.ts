/** IMEI: the handset's 15-digit serial (IMEISV: 16 digits, the last two a software version). */
import type { FieldCheck, IdentifierKind } from './kind';
import { bad, digitsSpelled, formDigits, luhn, luhnCheckDigit, ok } from './common';

// Reporting Body Identifiers (first two TAC digits) GSMA has allocated, current and former
// (GSMA TS.06 "IMEI Allocation and Approval Process", Appendix A; Wikipedia "Reporting Body
// Identifier"): 01 CTIA, 10 DECT, 30 Iridium, 33 DGPT, 35/44 BABT, 45 NTA, 49-54 German bodies,
// 86 TAF, 91 MSAI, 98 reserved (a few early TACs), 99 GHA. 00 and 02-09 are test IMEIs; the
// other prefixes were never allocated, so such runs are not IMEIs.
const RBI = new Set(['01', '10', '30', '33', '35', '44', '45', '49', '50', '51', '52', '53', '54', '86', '91', '98', '99']);

/** Plausible type allocation code: allocated reporting body, not a run of one digit. */
export function plausibleTac(digits: string): boolean {
  return RBI.has(digits.slice(0, 2)) && !/^(\d)\1{7}/.test(digits);
}

/** IMEI: 15 digits, Luhn, plausible TAC. */
export function isImei(digits: string): boolean {
  return /^\d{15}$/.test(digits) && luhn(digits) && plausibleTac(digits) && !/^(\d)\1+$/.test(digits);
}

/**
 * IMEISV: 16 digits with a plausible TAC (no check digit; the last two are the software version
 * number, whose value 99 3GPP TS 23.003 reserves).
 */
export function isImeisv(digits: string): boolean {
  return /^\d{16}$/.test(digits) && plausibleTac(digits) && !digits.endsWith('99');
}

/**
 * A key that names the IMEI itself (imei, imeisv, IMEI_SV), not a generic device id. An IMEISV
 * has no check digit: 16 digits are one in six to have an allocated reporting body by chance, so
 * a generic `device_id` (a firewall's serial, `NetScreen device_id=0185082008001541`) is no
 * evidence; a key saying IMEI is.
 */
const IMEI_WORD = /imei/i;

/** The IMEI of an IMEISV: TAC + serial + computed Luhn digit. */
export function imeiOfImeisv(digits: string): string {
  const body = digits.slice(0, 14);
  for (let d = 0; d <= 9; d++) if (luhn(body + d)) return body + d;
  return body + '0';
}

/** A typed IMEI: 15 digits with a right check digit, or an IMEISV's 16. */
function checkImei(raw: string): FieldCheck {
  const d = formDigits(raw);
  if (!/^\d+$/.test(d)) return bad('An IMEI has digits only.');
  if (d.length === 16) return ok(d); // IMEISV: no check digit
  if (d.length === 14) return bad(`An IMEI has 15 digits; the last (check) digit is missing: it would be ${luhnCheckDigit(d)}.`);
  if (d.length !== 15) return bad(`An IMEI has 15 digits; this has ${d.length}.`);
  return luhn(d) ? ok(d) : bad('The check digit is wrong (Luhn): a digit is mistyped.');
}

export const imei: IdentifierKind<'imei', 'imei'> = {
  type: 'imei', label: 'IMEI', one: 'its IMEI (phone hardware number)', many: (n) => `${n} IMEIs (phone hardware numbers)`, weight: 10,
  profile: { key: 'imei', label: 'IMEI', hint: '15 digits (dial *#06#)', position: 1, check: checkImei },
  expand: digitsSpelled,
  keys: { rule: /imeisv|imei|meid|deviceid|devid|^dev$|^did$|hardwareid/ },
  digits: [
    {
      lengths: [15],
      // 15 digits failing the checks (or under another kind's key): an order number, nothing.
      read: (d, key) => (isImei(d) && (key === null || key === 'imei') ? { value: d, confidence: key !== null ? 'high' : 'medium' } : null),
    },
    {
      lengths: [16],
      read: (d, key, _upload, _env, keyName) =>
        (key === 'imei' && IMEI_WORD.test(keyName ?? '') && isImeisv(d) ? { value: imeiOfImeisv(d), confidence: 'high' } : null),
    },
  ],
};
