/** JA3 fingerprint of a ClientHello, computed the way tshark 4.0 fills tls.handshake.ja3(_full). */
import { md5 } from '@noble/hashes/legacy.js';
import { hex } from '../../bytes';

/** GREASE values (RFC 8701): 0x?a?a with both bytes equal. */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && (v & 0xff) === v >> 8;
}

export interface Ja3Fields {
  /** ClientHello legacy_version (not supported_versions). */
  version: number;
  ciphers: number[];
  extensions: number[];
  groups: number[];
  pointFormats: number[];
}

/** 'version,ciphers,extensions,groups,formats' with GREASE dropped from the first three lists. */
export function ja3String(f: Ja3Fields): string {
  const list = (xs: number[], dropGrease: boolean) => xs.filter((x) => !dropGrease || !isGrease(x)).join('-');
  return `${f.version},${list(f.ciphers, true)},${list(f.extensions, true)},${list(f.groups, true)},${list(f.pointFormats, false)}`;
}

let ja3Md5: (b: Uint8Array) => Uint8Array = md5;
const utf8 = new TextEncoder();

/**
 * Swaps in a native MD5 (same digests): the CLI gives node's crypto. The JavaScript one (one
 * hasher object per ClientHello) was ~90 ms of the lab capture's 12 s profile.
 */
export function useJa3Md5(native: (b: Uint8Array) => Uint8Array): void {
  ja3Md5 = native;
}

/** Lower-case hex MD5 of a JA3 string. */
export function ja3Hash(s: string): string {
  return hex(ja3Md5(utf8.encode(s)));
}
