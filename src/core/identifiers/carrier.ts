/** The mobile operator's name (China Unicom, 中国联通). */
import type { IdentifierKind } from './kind';
import { textCheck, UNSET } from './common';

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
  plausible: (v) => /\p{L}/u.test(v) && !UNSET.test(v),
};
