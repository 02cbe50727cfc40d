/**
 * Shape checks for identifiers found without a profile. Inputs are already-isolated tokens.
 * Each check lives with its kind (src/core/identifiers); this module gathers them for the
 * scanner's callers and tests.
 */
import { operatorOf, type Operator } from './mcc';

export { luhn } from '../identifiers/common';
export { isImei, isImeisv, imeiOfImeisv, plausibleTac } from '../identifiers/imei';
export { isIccid } from '../identifiers/iccid';
export { canonicalMac } from '../identifiers/mac';
export { canonicalUuid } from '../identifiers/adId';
export { isAndroidId } from '../identifiers/androidId';
export { isEmail } from '../identifiers/email';
export { isLatLon } from '../identifiers/location';

/** IMSI: 15 digits whose MCC+MNC is in the table; returns the operator or null. */
export function imsiOperator(digits: string): Operator | null {
  if (!/^\d{15}$/.test(digits)) return null;
  return operatorOf(digits);
}
