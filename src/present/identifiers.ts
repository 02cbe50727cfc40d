/** What each finding type is called and how much it matters. */
import type { Finding, FindingType } from '../core/report/types';
import { KINDS } from '../core/identifiers/registry';

export interface TypeInfo {
  /** Short label for tables and filters. */
  label: string;
  /** Phrase for the verdict, one value: "its IMEI". */
  one: string;
  /** Phrase for several values, their count as the page writes it: ("1,200") => "1,200 contacts' numbers". */
  many: (count: string) => string;
  /** 0..10: how hard an identifier it is (can it be tied to the person or device for good?). */
  weight: number;
}

/** The words and weight of every kind, from the registry (src/core/identifiers). */
export const TYPES = Object.fromEntries(KINDS.map((k): [string, TypeInfo] => [k.type, k])) as Record<FindingType, TypeInfo>;

const fallback: TypeInfo = { label: 'Identifier', one: 'an identifier', many: (n) => `${n} identifiers`, weight: 3 };

/** Description of a finding type, tolerant of types added after this page was built. */
export function typeInfo(type: string): TypeInfo {
  return (TYPES as Record<string, TypeInfo>)[type] ?? { ...fallback, label: type };
}

/** Types in order of weight, for filters and legends. */
export const TYPE_ORDER = (Object.keys(TYPES) as FindingType[]).sort((a, b) => TYPES[b].weight - TYPES[a].weight);

/** Severity of one finding: hard identifiers, in clear text, uploaded, rank highest. */
export function severity(f: Finding): number {
  const clear = f.encrypted_on_wire ? 1 : 2;
  const dir = f.direction === 'upload' ? 1 : 0.6;
  const conf = f.confidence === 'low' ? 0.5 : f.confidence === 'medium' ? 0.8 : 1;
  return typeInfo(f.type).weight * clear * dir * conf;
}

/** Human words for an encoding. */
export function encodingLabel(encoding: string): string {
  switch (encoding) {
    case 'plain': return 'plain text';
    case 'url': return 'URL-encoded';
    case 'md5': case 'sha1': case 'sha256': return `hashed (${encoding.toUpperCase().replace('SHA', 'SHA-')})`;
    case 'hex': return 'hex-encoded';
    default: return encoding;
  }
}

/** True for encodings that are one-way hashes: the value itself is not on the wire. */
export function isHash(encoding: string): boolean {
  return /^(md5|sha1|sha224|sha256|sha384|sha512|crc32)$/i.test(encoding);
}

/** A type's place in TYPE_ORDER (types added after this page was built go last). */
export function rankType(type: string): number {
  const i = (TYPE_ORDER as string[]).indexOf(type);
  return i < 0 ? TYPE_ORDER.length : i;
}
