/** Advertising ID (Google's GAID/AAID, Apple's IDFA, OAID): a UUID, lower-cased. */
import type { IdentifierKind } from './kind';
import { lowerCheck } from './common';

/** UUID (8-4-4-4-12 hex) -> lower-case, or null. The nil UUID is a placeholder (placeholders.ts). */
export function canonicalUuid(s: string): string | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return null;
  return s.toLowerCase();
}

export const adId: IdentifierKind<'ad_id', 'ad_id'> = {
  type: 'ad_id', label: 'Advertising ID', one: 'its advertising ID', many: (n) => `${n} advertising IDs`, weight: 5,
  profile: {
    key: 'ad_id', label: 'Advertising ID', hint: 'UUID', position: 9,
    check: lowerCheck(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'An advertising ID is a UUID: 8-4-4-4-12 hex digits.'),
  },
  expand(entry) {
    const l = entry.trim().toLowerCase();
    const bare = l.replace(/-/g, '');
    return { value: l, spellings: [l, l.toUpperCase(), bare, bare.toUpperCase()], transform: true };
  },
  canonical: canonicalUuid,
  keys: { rule: /gaid|^adid|advertisingid|^idfa|^aaid|^oaid|adsid|^ifa$|googleadid/ },
  // UUIDs name everything (requests, sessions): only under an advertising-ID key.
  tokens: { lengths: [36], canonical: canonicalUuid, keyed: 'high' },
};
