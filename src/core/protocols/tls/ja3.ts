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

/** Lower-case hex MD5 of a JA3 string. */
export function ja3Hash(s: string): string {
  return hex(md5(new TextEncoder().encode(s)));
}
