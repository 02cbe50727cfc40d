/**
 * Key names: which field an identifier sits in. Key context raises confidence, unlocks
 * shape-less types (carrier, model, serial, location) and vetoes fields known to hold
 * counters and timestamps.
 */
import type { FindingType } from '../report/types';

/** Key literals handed to the wasm matcher (case-insensitive, >= 4 bytes), with what they lead to. */
export const KEY_LITERALS: readonly { text: string; type: FindingType; compound: boolean }[] = [
  { text: 'carrier', type: 'carrier', compound: true },
  { text: 'operator', type: 'carrier', compound: true },
  { text: '"isp"', type: 'carrier', compound: false },
  { text: '&isp=', type: 'carrier', compound: false },
  { text: '?isp=', type: 'carrier', compound: false },
  { text: 'model', type: 'model', compound: true },
  { text: 'serial', type: 'serial', compound: true },
  { text: '"sn"', type: 'serial', compound: false },
  { text: "'sn'", type: 'serial', compound: false },
  { text: '&sn=', type: 'serial', compound: false },
  { text: '?sn=', type: 'serial', compound: false },
  { text: '"lat"', type: 'location', compound: false },
  { text: "'lat'", type: 'location', compound: false },
  { text: '&lat=', type: 'location', compound: false },
  { text: '?lat=', type: 'location', compound: false },
  { text: 'latitude', type: 'location', compound: true },
];

/** What a key name says about its value. */
export type KeyClass = FindingType | 'negative' | null;

const RULES: [RegExp, KeyClass][] = [
  [/^(ts|t|time|timestamp|seq|seqno|order|orderid|orderno|id|uid|userid|nonce|token|csrf|csrftoken|sign|sig|signature|ver|version|v|date|reqid|requestid|crc|size|len|length|count|_|cb|rnd|rand|random|session|sessionid|sid|price|amount|qq)$/, 'negative'],
  [/imeisv|imei|meid|deviceid|devid|^dev$|^did$|hardwareid/, 'imei'],
  [/imsi|subscriberid/, 'imsi'],
  [/iccid|simserial|simid|simno/, 'iccid'],
  [/androidid|ssaid/, 'android_id'],
  [/gaid|^adid|advertisingid|^idfa|^aaid|^oaid|adsid|^ifa$|googleadid/, 'ad_id'],
  [/msisdn|phone|mobile|^tel|tel$|contact|^mdn$|^mob$|callee|caller|msisdn|^number$|^num$|cellnum|^cell$/, 'phone'],
  [/^mac$|macaddr|^mac|mac$|bssid|wifimac|wlanmac|ethmac/, 'mac'],
  [/carrier|operator|^isp$|networkname|simopname/, 'carrier'],
  [/serial|^sn$|serialno/, 'serial'],
  [/model|^dm$/, 'model'],
  [/^lat$|latitude|^lng$|^lon$|longitude/, 'location'],
];

/** Classifies a key name (case, '_', '-' and '.' ignored). */
export function classifyKey(key: string | null): KeyClass {
  if (!key) return null;
  const k = key.toLowerCase().replace(/[_.\-]/g, '');
  for (const [re, c] of RULES) if (re.test(k)) return c;
  return null;
}

function isKeyChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f || c === 0x2d || c === 0x2e;
}

/**
 * The key of the field whose value starts at `start`: `key=`, `"key":"`, `key: `, `<key>`,
 * or the previous path segment in `/key/value`. Looks back at most 48 bytes.
 */
export function keyBefore(b: Uint8Array, start: number): string | null {
  let i = start - 1;
  const floor = Math.max(0, start - 48);
  // A '+' or "%2B" in front of a phone number belongs to the value.
  if (i >= 2 && b[i] === 0x42 && b[i - 1] === 0x32 && b[i - 2] === 0x25) i -= 3;
  else if (i >= 2 && b[i] === 0x62 && b[i - 1] === 0x32 && b[i - 2] === 0x25) i -= 3;
  if (i >= 0 && b[i] === 0x2b) i--;
  while (i >= floor && (b[i] === 0x22 || b[i] === 0x27 || b[i] === 0x20 || b[i] === 0x09)) i--;
  if (i < floor) return null;
  const sep = b[i];
  if (sep !== 0x3d && sep !== 0x3a && sep !== 0x3e && sep !== 0x2f) return null; // = : > /
  i--;
  while (i >= floor && (b[i] === 0x22 || b[i] === 0x27 || b[i] === 0x20)) i--;
  const end = i + 1;
  while (i >= floor && isKeyChar(b[i])) i--;
  if (end - (i + 1) <= 0) return null;
  let key = '';
  for (let k = i + 1; k < end; k++) key += String.fromCharCode(b[k]);
  return key;
}
