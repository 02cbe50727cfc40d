/** The mobile operator's name (China Unicom, 中国联通). */
import type { IdentifierKind } from './kind';
import { textCheck, UNSET } from './common';

/**
 * Words apps write into a carrier field when there is no operator: the platform (the Android
 * Emulator's operator is even called "Android", see placeholders.ts), the connection type, or an
 * empty-value word. A carrier value must name an operator (T-Mobile, 中国联通, AT&T).
 */
const NOT_OPERATOR = /^(android|ios|ipados|iphone ?os|harmony ?os|windows|linux|macos|os ?x|web|browser|wifi|wi-fi|wlan|ethernet|cellular|mobile|[2345]g|lte|nr|edge|gprs|umts|hspa\+?|no ?service|no ?sim|sim|emergency( calls)?( only)?|n\/a|na|nil|empty|default|-+|\?+)$/i;

export const carrier: IdentifierKind<'carrier', 'carrier'> = {
  type: 'carrier', label: 'Carrier', one: 'its mobile carrier', many: (n) => `${n} carrier names`, weight: 2, public: true,
  profile: { key: 'carrier', label: 'Mobile carrier', hint: 'e.g. China Unicom', position: 12, check: textCheck },
  expand(entry, env) {
    const s = entry.trim();
    // Other names of the same operator (e.g. 中国联通 for China Unicom) count as the same carrier.
    const op = env.operators.find((o) => o.names.some((n) => n.toLowerCase() === s.toLowerCase()));
    return { value: s, spellings: [...new Set([s, ...(op?.names ?? [])])], transform: true };
  },
  keys: {
    literals: ['carrier', 'operator', '"isp"', '&isp=', '?isp='],
    compound: ['carrier', 'operator'],
    rule: /carrier|operator|^isp$|networkname|simopname/,
  },
  values: (env) => env.operatorNames,
  plausible: (v) => /\p{L}/u.test(v) && !UNSET.test(v) && !NOT_OPERATOR.test(v.trim()),
};
