/** The device's model name (Build.MODEL: "HM 1S", "Pixel 7"). */
import type { IdentifierKind } from './kind';
import { textCheck, UNSET } from './common';

/**
 * Script, not a value: a model key inside JavaScript (`model:window.appModel()`, `model=new Ya`)
 * is followed by code. Calls and grouping have parentheses, and code starts with a keyword or a
 * member access; model names (Pixel 7, SM-T805, iPhone7,2, HM 1S) have neither.
 */
const CODE = /[()]|^(new|function|return|typeof|instanceof|void|var|let|const|this|window|document|self|await|async)\b|^[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*\.|=>/;

export const model: IdentifierKind<'model', 'model'> = {
  type: 'model', label: 'Device model', one: 'its model name', many: (n) => `${n} model names`, weight: 1, public: true,
  profile: { key: 'model', label: 'Device model', hint: 'e.g. HM 1S', position: 11, check: textCheck },
  expand(entry) {
    const s = entry.trim();
    return { value: s, spellings: [s], transform: true };
  },
  keys: { literals: ['model'], compound: ['model'], rule: /model|^dm$/ },
  plausible: (v) => /\p{L}/u.test(v) && /^[\p{L}\p{N} _.+()-]{2,40}$/u.test(v) && !UNSET.test(v) && !CODE.test(v),
};
