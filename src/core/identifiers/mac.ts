/** The Wi-Fi (or Bluetooth, Ethernet) MAC address, lower-case aa:bb:cc:dd:ee:ff. */
import type { IdentifierKind } from './kind';
import { bad, ok } from './common';

/**
 * MAC in colon, dash or bare form -> lower-case aa:bb:…, or null. All-zero, broadcast and
 * Android's 02:00:00:00:00:00 are MACs too: the scanner lists them as placeholders.
 */
export function canonicalMac(s: string): string | null {
  const m = /^([0-9a-f]{2})([:-]?)([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i.exec(s);
  if (!m) return null;
  return [m[1], m[3], m[4], m[5], m[6], m[7]].join(':').toLowerCase();
}

export const mac: IdentifierKind<'mac', 'mac'> = {
  type: 'mac', label: 'MAC address', one: 'its Wi-Fi MAC address', many: (n) => `${n} MAC addresses`, weight: 7,
  profile: {
    key: 'mac', label: 'Wi-Fi MAC address', hint: 'aa:bb:cc:dd:ee:ff', position: 7,
    check(raw) {
      const h = raw.toLowerCase().replace(/[^0-9a-f]/g, '');
      if (h.length !== 12 || !/^[0-9a-f:\-. ]+$/i.test(raw)) return bad('A MAC address has 12 hex digits, e.g. 64:09:80:3a:5c:7e.');
      return ok(h.match(/../g)!.join(':'));
    },
  },
  expand(entry) {
    const m = canonicalMac(entry.trim());
    if (!m) return null;
    const sp = new Set<string>();
    for (const sep of [':', '-', '']) {
      const s = m.split(':').join(sep);
      sp.add(s);
      sp.add(s.toUpperCase());
    }
    return { value: m, spellings: [...sp], transform: true };
  },
  canonical: canonicalMac,
  keys: { rule: /^mac$|macaddr|^mac|mac$|bssid|wifimac|wlanmac|ethmac/ },
  // aa-bb-cc-dd-ee-ff anywhere; 12 bare hex digits only under a MAC key.
  tokens: { lengths: [17, 12], hexLengths: [12], canonical: canonicalMac, keyed: 'medium', bare: { lengths: [17], confidence: 'medium' } },
};

/**
 * The MAC inside a time-based (version 1, RFC 4122) UUID: its node field, when the node's
 * multicast bit is clear (a random node sets it) and it is not all zero. Null otherwise.
 */
export function macOfUuid(uuid: string): string | null {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(uuid.trim());
  if (!m || m[3][0] !== '1' || !/^[89ab]/i.test(m[4])) return null;
  const node = m[5].toLowerCase();
  if (parseInt(node.slice(0, 2), 16) & 1) return null;
  return canonicalMac(node);
}
