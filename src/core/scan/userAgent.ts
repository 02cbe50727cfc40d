/**
 * Device models written in User-Agent strings and Apple model codes, wherever uploaded text
 * holds them (HTTP headers, JSON bodies, gQUIC UAIDs, syslog lines): the scanner finds the
 * anchors (ANCHORS, wasm literals) and reads the model after them; modelsIn() reads a whole
 * string (an SSDP SERVER or mDNS TXT value) the same way.
 *
 *   Android:  `(Linux; [U; ]Android <ver>; [<locale>; ]<MODEL> Build/…)`, `… <MODEL> MIUI/…`,
 *             `Android <ver>; <MODEL>)` (Chrome), `Android 8.0.0; BND-L21` (gQUIC UAID)
 *   brand:    `samsung; GT-I9505`, `(Android 9; samsung; SM-G960F)`, `FBDV/SM-G960F;`
 *   Apple:    `iPhone7,2`, `iPad6,11`, `Watch5,1`, `iMac11,3`, `MacBookPro16,1` (whole code)
 */
import type { Confidence } from '../identifiers/kind';

/** A model read after an anchor: offsets within the tail handed to the reader. */
export interface ModelMatch {
  value: string;
  /** [start, end) of the value within the tail. */
  start: number;
  end: number;
  confidence: Confidence;
}

/** Brands that UAs write before the model (`samsung; SM-G960F`). */
const BRANDS = ['samsung', 'huawei', 'xiaomi', 'oppo', 'vivo', 'oneplus', 'motorola', 'lge', 'sony', 'google', 'asus', 'nokia', 'htc', 'zte', 'lenovo', 'realme', 'honor', 'meizu'];
const BRAND = new Set(BRANDS);

/** Apple model code prefixes (a code is prefix + major + ',' + minor). */
const APPLE = ['iPhone', 'iPad', 'iPod', 'Watch', 'AppleTV', 'iMac', 'iMacPro', 'MacBook', 'MacBookPro', 'MacBookAir', 'Macmini', 'MacPro', 'AudioAccessory', 'RealityDevice'];

/** Segments of the Android part that are not the model. */
const NOT_MODEL = /^(?:u|i|n|wv|k|mobile|tablet|linux|android|x11|arm|arm64|aarch64|armv\d\w*|x86(?:_64)?|unknown|null|none|undefined|generic|mobile safari|tv)$/i;
/** A locale: en-us, zh_CN, zh-Hans-CN. */
const LOCALE = /^[a-z]{2,3}(?:[-_][a-z]{2,4}){0,2}$/i;
const VERSION = /^v?\d+(?:[._]\d+)*[a-z]?$/i;

/** A plausible model text (letters or digits and a few marks, with a letter, not a version). */
function plausibleModel(m: string): boolean {
  return m.length >= 2 && m.length <= 40 && /^[\p{L}\p{N} _.+()-]+$/u.test(m) && /\p{L}/u.test(m) &&
    !NOT_MODEL.test(m) && !LOCALE.test(m) && !VERSION.test(m);
}

/** Where a UA's parenthesised part ends: ')', a quote, a line end, a backslash or a NUL. */
const SEG_END = /[)"\r\n\\\u0000<>]/;

/**
 * The end of the parenthesised part: its closing ')', not one a model's own parentheses close
 * ("Moto G (7) Build/…", a real Motorola model name in the external corpus); -1 if it never ends.
 */
function segmentEnd(rest: string): number {
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (SEG_END.test(c)) return i;
  }
  return -1;
}

/**
 * The model in `segments` (the `;`-separated parts after `Android <ver>`): the first part that
 * is not a locale, `U` or `wv`; after a known brand, the part that follows it.
 */
function modelOfSegments(segs: string[], offsets: number[]): ModelMatch | null {
  for (let i = 0; i < segs.length; i++) {
    const raw = segs[i];
    const s = raw.trim();
    if (s === '') continue;
    const lower = s.toLowerCase();
    if (/^(?:u|i|n|wv)$/.test(lower) || (LOCALE.test(s) && !/\d/.test(s) && s.length <= 10 && /[-_]/.test(s)) || /^[a-z]{2}$/.test(s)) continue;
    if (BRAND.has(lower) && i + 1 < segs.length) {
      return modelOf(segs[i + 1], offsets[i + 1], 'medium');
    }
    return modelOf(raw, offsets[i], 'medium');
  }
  return null;
}

/** A segment's model: the text before ` Build/` (high) or before trailing `NAME/version` tokens. */
function modelOf(raw: string, offset: number, confidence: Confidence): ModelMatch | null {
  const lead = raw.length - raw.trimStart().length;
  let s = raw.trim();
  let conf = confidence;
  const build = s.search(/ Build\//);
  if (build > 0) {
    s = s.slice(0, build);
    conf = 'high';
  } else if (/^Build\//.test(s)) return null;
  else {
    // `MI 3W MIUI/V6.4.3.0`: trailing `Word/version` tokens are not the model.
    s = s.replace(/(?:\s+[A-Za-z][\w.-]*\/\S*)+$/, '');
  }
  s = s.trim();
  if (!plausibleModel(s)) return null;
  return { value: s, start: offset + lead, end: offset + lead + s.length, confidence: conf };
}

/** After `Android `: `<ver>; …segments…` up to the end of the parenthesised part. */
function readAndroid(tail: string, prev: number): ModelMatch | null {
  if (isAlnum(prev)) return null;
  const m = /^Android[ /](\d{1,2}(?:\.\d{1,3}){0,3});/i.exec(tail);
  if (!m) return null;
  const from = m[0].length;
  const rest = tail.slice(from);
  const stop = segmentEnd(rest);
  const body = stop < 0 ? rest : rest.slice(0, stop);
  const segs = body.split(';');
  // A model that runs into the end of the tail may be cut: only when the text ended there.
  const offsets: number[] = [];
  let at = from;
  for (const s of segs) {
    offsets.push(at);
    at += s.length + 1;
  }
  const first = segs[0]?.trim() ?? '';
  // Chrome's reduced UA (`Android 10; K)`) names no model.
  if (first === 'K') return null;
  return modelOfSegments(segs, offsets);
}

/** After a brand: `samsung; GT-I9505` (the brand must stand alone in its segment). */
function readBrand(tail: string, prev: number): ModelMatch | null {
  if (isAlnum(prev)) return null;
  const m = /^([A-Za-z]+); ?/.exec(tail);
  if (!m || !BRAND.has(m[1].toLowerCase())) return null;
  const rest = tail.slice(m[0].length);
  const stop = rest.search(/[;)"\r\n\\\u0000<>]/);
  if (stop < 0) return null;
  return modelOf(rest.slice(0, stop), m[0].length, 'medium');
}

/** After Facebook's `FBDV/`: the model up to ';'. */
function readFbdv(tail: string): ModelMatch | null {
  const m = /^FBDV\/([^;\]"\r\n]{2,40});/.exec(tail);
  if (!m) return null;
  return modelOf(m[1], 5, 'medium');
}

/** An Apple model code: prefix + digits + ',' + digits, not inside a longer word. */
function readApple(tail: string, prev: number): ModelMatch | null {
  if (isAlnum(prev)) return null;
  const m = /^([A-Za-z]+)(\d{1,3}),(\d{1,3})(?![\w,.])/.exec(tail);
  if (!m || !APPLE.includes(m[1])) return null;
  return { value: m[0], start: 0, end: m[0].length, confidence: 'medium' };
}

/** One literal the scanner's matcher finds, and how the model after it is read. */
export interface ModelAnchor {
  text: string;
  caseless: boolean;
  /** `tail`: text from the anchor's first byte on (up to TAIL bytes); `prev`: the byte before it (-1 at the start). */
  read(tail: string, prev: number): ModelMatch | null;
}

/** Bytes of text the scanner hands a reader. */
export const TAIL = 160;

export const ANCHORS: readonly ModelAnchor[] = [
  { text: 'android ', caseless: true, read: readAndroid },
  { text: 'android/', caseless: true, read: readAndroid },
  { text: 'FBDV/', caseless: false, read: readFbdv },
  ...BRANDS.filter((b) => b.length >= 3).map((b): ModelAnchor => ({ text: `${b};`, caseless: true, read: readBrand })),
  // Prefixes that are tails of others (MacBook in MacBookPro) are found at the same place: the reader's regex takes the whole word.
  ...APPLE.filter((p) => !APPLE.some((q) => q !== p && p.startsWith(q))).map((p): ModelAnchor => ({ text: p, caseless: false, read: readApple })),
];

/** Every model a text holds (a User-Agent, an SSDP SERVER line, an mDNS TXT value), in order. */
export function modelsIn(text: string): ModelMatch[] {
  const out: ModelMatch[] = [];
  const lower = text.toLowerCase();
  for (const a of ANCHORS) {
    const needle = a.caseless ? a.text.toLowerCase() : a.text;
    const hay = a.caseless ? lower : text;
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
      const m = a.read(text.slice(i, i + TAIL), i > 0 ? text.charCodeAt(i - 1) : -1);
      if (m && !out.some((o) => o.value === m.value)) out.push({ ...m, start: m.start + i, end: m.end + i });
    }
  }
  return out.sort((x, y) => x.start - y.start);
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}
