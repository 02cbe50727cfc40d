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
import { regionOf, type CountryCode } from './phone';
import { OPERATORS } from './mcc';
import { countryOfMcc } from './mccCountries';
import { engineEnv } from './env';
import { KINDS, kindOf, type AnyKind } from '../identifiers/registry';
import type { EngineEnv, Spelled } from '../identifiers/kind';

/** A digest function: the bytes' MD5, SHA-1 or SHA-256. */
export type DigestFn = (b: Uint8Array) => Uint8Array;

/**
 * The digests profile expansion computes (three per spelling, ~300 per profile). The pure-JS
 * ones work everywhere; a platform with native ones swaps them in with useDigests (the CLI:
 * node's crypto), because on a cold start the JavaScript ones took ~20 ms of a 0.4 s run.
 */
const digests: Record<DigestName, DigestFn> = { md5, sha1, sha256 };

/** The digests apps send identifiers as, in the order expansion tries them. */
export type DigestName = 'md5' | 'sha1' | 'sha256';
export const DIGEST_NAMES: readonly DigestName[] = ['md5', 'sha1', 'sha256'];

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

/**
 * The region of the person's national-form numbers, from what the profile itself says: their
 * own number's country, else their IMSI's or carrier's mobile country code; null when nothing
 * does (then national numbers are searched as typed, never in a default country).
 */
export function profileRegion(profile?: Profile): CountryCode | null {
  for (const p of profile?.phone ?? []) {
    const r = regionOf(p);
    if (r) return r;
  }
  const mccs = [...(profile?.imsi ?? []).map((i) => i.replace(/\D/g, '').slice(0, 3))];
  for (const name of profile?.carrier ?? []) {
    const ops = new Set(OPERATORS.filter((op) => op.names.some((n) => n.toLowerCase() === name.trim().toLowerCase())).map((op) => op.mcc));
    if (ops.size === 1) mccs.push(...ops);
  }
  for (const mcc of mccs) {
    const c = countryOfMcc(mcc);
    if (c) return c as CountryCode;
  }
  return null;
}

interface Identifier extends Spelled {
  type: FindingType;
}

/** Every profile entry, kind by kind (registry order), canonical and spelled as its kind says. */
function identifiers(profile: Profile): Identifier[] {
  const env = engineEnv(profileRegion(profile));
  const out: Identifier[] = [];
  for (const kind of KINDS as readonly AnyKind[]) {
    if (!kind.profile || !kind.expand) continue;
    const entries = (profile as Record<string, unknown[] | undefined>)[kind.profile.key];
    for (const entry of entries ?? []) {
      const id = kind.expand(entry, env);
      if (id) out.push({ type: kind.type, ...id });
    }
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
  for (const name of DIGEST_NAMES) {
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

/**
 * The full digests of one identifier as a profile entry of its kind would be hashed: the kind's
 * own spellings (kind.expand, as expandProfile spells it), each through MD5, SHA-1 and SHA-256.
 * Empty for kinds that are not hashed (transform: false) or have no expansion. For the scanner's
 * second pass over digest-shaped tokens (scan/hashed.ts).
 */
export function identifierDigests(type: FindingType, value: string, env: EngineEnv): { name: DigestName; digest: Uint8Array }[] {
  const kind = kindOf(type);
  const id = kind?.expand?.(value, env);
  if (!id?.transform) return [];
  const out: { name: DigestName; digest: Uint8Array }[] = [];
  for (const sp of new Set(id.spellings)) {
    const b = bytesOf(sp);
    for (const name of DIGEST_NAMES) out.push({ name, digest: digests[name](b) });
  }
  return out;
}
