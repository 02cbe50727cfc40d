/** The device's model name (Build.MODEL: "HM 1S", "Pixel 7"). */
import type { IdentifierKind } from './kind';
import { textCheck, UNSET } from './common';

export const model: IdentifierKind<'model', 'model'> = {
  type: 'model', label: 'Device model', one: 'its model name', many: (n) => `${n} model names`, weight: 1, public: true,
  profile: { key: 'model', label: 'Device model', hint: 'e.g. HM 1S', position: 11, check: textCheck },
  expand(entry) {
    const s = entry.trim();
    return { value: s, spellings: [s], transform: true };
  },
  keys: { literals: ['model'], compound: ['model'], rule: /model|^dm$/ },
  plausible: (v) => /\p{L}/u.test(v) && /^[\p{L}\p{N} _.+()-]{2,40}$/u.test(v) && !UNSET.test(v),
};
