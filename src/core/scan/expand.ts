/**
 * Profile expansion: every identifier the person entered, in its usual spellings, each in the
 * encodings apps use on the wire. The result is the literal set for the wasm matcher.
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { FindingType, Profile } from '../report/types';
import {
  base32, base64, bytesOf, formEncode, hex, toUrlSafe, urlEncode,
} from './codecs';
import { MAX_LITERAL } from './wasm';
import { phoneE164, phoneSpellings, regionOf, type CountryCode } from './phone';
import { canonicalMac } from './validate';
import { OPERATORS } from './mcc';

/** A digest function: the bytes' MD5, SHA-1 or SHA-256. */
export type DigestFn = (b: Uint8Array) => Uint8Array;

/**
 * The digests profile expansion computes (three per spelling, ~300 per profile). The pure-JS
 * ones work everywhere; a platform with native ones swaps them in with useDigests (the CLI:
 * node's crypto), because on a cold start the JavaScript ones took ~20 ms of a 0.4 s run.
 */
const digests: Record<'md5' | 'sha1' | 'sha256', DigestFn> = { md5, sha1, sha256 };

/** Replaces the digest functions (same results, faster where the platform has them natively). */
export function useDigests(native: Record<'md5' | 'sha1' | 'sha256', DigestFn>): void {
  Object.assign(digests, native);
}

/** One expanded literal: the exact wire text and what it stands for. */
export interface ProfileLiteral {
  type: FindingType;
  /** Canonical value (report.md). */
  value: string;
  /** plain | url | base64 | hex | base32 | md5 | sha1 | sha256 */
  encoding: string;
  /** The text to look for. */
  text: string;
  /** Match ignoring ASCII case (hex forms). */
  caseless: boolean;
}

/** Digest output forms are matched by a prefix this long (vendors cut digests, e.g. MIUI's 16). */
export const DIGEST_PREFIX = 16;

/** Default region for national-form numbers: the region of the person's own number, else CN. */
export function profileRegion(profile?: Profile): CountryCode {
  for (const p of profile?.phone ?? []) {
    const r = regionOf(p);
    if (r) return r;
  }
  return 'CN';
}

interface Identifier {
  type: FindingType;
  value: string;
  spellings: string[];
  /** Hash/encode these spellings too (location parts are not hashed: nobody hashes a latitude). */
  transform: boolean;
}

function identifiers(profile: Profile): Identifier[] {
  const region = profileRegion(profile);
  const out: Identifier[] = [];
  const digits = (type: FindingType, list?: string[]) => {
    for (const v of list ?? []) {
      const d = v.replace(/\D/g, '');
      if (d) out.push({ type, value: d, spellings: [d], transform: true });
    }
  };
  digits('imei', profile.imei);
  digits('imsi', profile.imsi);
  digits('iccid', profile.iccid);
  const phones = (type: FindingType, list?: string[]) => {
    for (const v of list ?? []) {
      const e164 = phoneE164(v, region) ?? '+' + v.replace(/\D/g, '');
      out.push({ type, value: e164, spellings: phoneSpellings(v, region), transform: true });
    }
  };
  phones('phone', profile.phone);
  phones('contact_phone', profile.contacts);
  for (const v of profile.mac ?? []) {
    const m = canonicalMac(v.trim());
    if (!m) continue;
    const sp = new Set<string>();
    for (const sep of [':', '-', '']) {
      const s = m.split(':').join(sep);
      sp.add(s);
      sp.add(s.toUpperCase());
    }
    out.push({ type: 'mac', value: m, spellings: [...sp], transform: true });
  }
  for (const v of profile.android_id ?? []) {
    const l = v.trim().toLowerCase();
    out.push({ type: 'android_id', value: l, spellings: [l, l.toUpperCase()], transform: true });
  }
  for (const v of profile.ad_id ?? []) {
    const l = v.trim().toLowerCase();
    const bare = l.replace(/-/g, '');
    out.push({ type: 'ad_id', value: l, spellings: [l, l.toUpperCase(), bare, bare.toUpperCase()], transform: true });
  }
  for (const v of profile.email ?? []) {
    const s = v.trim();
    out.push({ type: 'email', value: s.toLowerCase(), spellings: [...new Set([s, s.toLowerCase()])], transform: true });
  }
  for (const v of profile.carrier ?? []) {
    const s = v.trim();
    // Other names of the same operator (e.g. 中国联通 for China Unicom) count as the same carrier.
    const op = OPERATORS.find((o) => o.names.some((n) => n.toLowerCase() === s.toLowerCase()));
    out.push({ type: 'carrier', value: s, spellings: [...new Set([s, ...(op?.names ?? [])])], transform: true });
  }
  for (const v of profile.serial ?? []) {
    const s = v.trim();
    out.push({ type: 'serial', value: s, spellings: [...new Set([s, s.toUpperCase(), s.toLowerCase()])], transform: true });
  }
  for (const v of profile.model ?? []) {
    const s = v.trim();
    out.push({ type: 'model', value: s, spellings: [s], transform: true });
  }
  for (const loc of profile.location ?? []) {
    const value = `${loc.lat},${loc.lon}`;
    const sp = new Set<string>([value]);
    for (const n of [loc.lat, loc.lon]) {
      const s = String(n);
      sp.add(s);
      // Apps round coordinates; 4 decimals (about 10 m) still identify a home.
      const m = /^(-?\d+\.\d{4})\d+$/.exec(s);
      if (m) sp.add(m[1]);
    }
    out.push({ type: 'location', value, spellings: [...sp], transform: false });
  }
  return out;
}

/** The part of base-N text that depends only on the value, for each byte alignment. */
function alignedCores(b: Uint8Array, encode: (x: Uint8Array) => string, group: number, bitsPerChar: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < group; k++) {
    const padded = new Uint8Array(k + b.length);
    padded.set(b, k);
    const enc = encode(padded).replace(/=+$/, '');
    const start = Math.ceil((8 * k) / bitsPerChar);
    const end = Math.floor((8 * (k + b.length)) / bitsPerChar);
    if (end > start) out.push(enc.slice(start, end));
  }
  return out;
}

function encodings(s: string, transform: boolean): { encoding: string; text: string; caseless: boolean }[] {
  const out: { encoding: string; text: string; caseless: boolean }[] = [];
  const add = (encoding: string, text: string, caseless = false) => out.push({ encoding, text, caseless });
  add('plain', s);
  for (const u of [urlEncode(s), formEncode(s)]) {
    if (u !== s) {
      add('url', u);
      if (/%[0-9A-F]{2}/.test(u)) add('url', u.replace(/%[0-9A-F]{2}/g, (x) => x.toLowerCase()));
    }
  }
  if (!transform) return out;
  const b = bytesOf(s);
  for (const core of alignedCores(b, base64, 3, 6)) {
    add('base64', core);
    const safe = toUrlSafe(core);
    if (safe !== core) add('base64', safe);
    // Base64 inside a form field gets its '+' and '/' escaped.
    const esc = urlEncode(core);
    if (esc !== core) add('base64', esc);
  }
  add('hex', hex(b), true);
  for (const core of alignedCores(b, base32, 5, 5)) add('base32', core, true);
  for (const name of ['md5', 'sha1', 'sha256'] as const) {
    const d = digests[name](b);
    add(name, hex(d).slice(0, DIGEST_PREFIX), true);
    const b64 = base64(d);
    add(name, b64.slice(0, DIGEST_PREFIX));
    const url = toUrlSafe(b64).slice(0, DIGEST_PREFIX);
    if (url !== b64.slice(0, DIGEST_PREFIX)) add(name, url);
  }
  return out;
}

/** Expands a profile into literals (type, value, encoding, text); deduplicated, 4..255 bytes. */
export function expandProfile(profile: Profile): ProfileLiteral[] {
  const out: ProfileLiteral[] = [];
  const seen = new Set<string>();
  for (const id of identifiers(profile)) {
    for (const sp of id.spellings) {
      for (const e of encodings(sp, id.transform)) {
        const text = e.caseless ? e.text.toLowerCase() : e.text;
        const n = bytesOf(text).length;
        if (n < 4 || n > MAX_LITERAL) continue;
        const key = (e.caseless ? 'i:' : 's:') + text;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ type: id.type, value: id.value, encoding: e.encoding, text, caseless: e.caseless });
      }
    }
  }
  return out;
}
