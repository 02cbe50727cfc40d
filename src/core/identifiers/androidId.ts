/** Android ID (Settings.Secure.ANDROID_ID, SSAID): 16 hex digits, lower-cased. */
import type { IdentifierKind } from './kind';
import { lowerCheck } from './common';

/** Android ID: 16 hex digits (SSAID), not all one digit but zero (all-zero is a placeholder, placeholders.ts). */
export function isAndroidId(s: string): boolean {
  return /^[0-9a-f]{16}$/i.test(s) && (!/^(.)\1+$/.test(s) || s[0] === '0');
}

const canonical = (t: string) => (isAndroidId(t) ? t.toLowerCase() : null);

export const androidId: IdentifierKind<'android_id', 'android_id'> = {
  type: 'android_id', label: 'Android ID', one: 'its Android ID', many: (n) => `${n} Android IDs`, weight: 6,
  profile: { key: 'android_id', label: 'Android ID', hint: '16 hex digits', position: 8, check: lowerCheck(/^[0-9a-f]{1,16}$/, 'An Android ID has up to 16 hex digits.') },
  expand(entry) {
    const l = entry.trim().toLowerCase();
    return { value: l, spellings: [l, l.toUpperCase()], transform: true };
  },
  canonical,
  // Pushwoosh's hwid is Settings.Secure.ANDROID_ID on Android.
  keys: { rule: /androidid|ssaid|^hwid$/ },
  // 16 hex digits are everywhere (hashes, trace ids): only under an Android ID key.
  tokens: { lengths: [16], hexLengths: [16], canonical, keyed: 'high' },
};
