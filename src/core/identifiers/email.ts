/** E-mail address, lower-cased. */
import type { IdentifierKind } from './kind';
import { bad, ok } from './common';

/** E-mail address with a dotted domain and an alphabetic TLD. */
export function isEmail(s: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$/.test(s) &&
    !/\.\./.test(s);
}

/** icon@2x.png: a file name, not an address. */
const FILE_EXT = /^(png|jpe?g|gif|svg|webp|ico|js|css|html?|json|xml|php|aspx?)$/i;

export const email: IdentifierKind<'email', 'email'> = {
  type: 'email', label: 'Email', one: "its owner's email address", many: (n) => `${n} email addresses`, weight: 8,
  profile: {
    key: 'email', label: 'Email', hint: '', position: 6,
    check: (raw) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw) ? ok(raw.toLowerCase()) : bad('This does not look like an email address.')),
  },
  expand(entry) {
    const s = entry.trim();
    return { value: s.toLowerCase(), spellings: [...new Set([s, s.toLowerCase()])], transform: true };
  },
  /** The text around an '@' the scanner isolated. */
  canonical(text) {
    if (!isEmail(text)) return null;
    return FILE_EXT.test(text.slice(text.lastIndexOf('.') + 1)) ? null : text.toLowerCase();
  },
};
