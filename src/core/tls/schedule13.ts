/** TLS 1.3 key schedule pieces (RFC 8446 7.1, 7.3): HKDF-Expand-Label, traffic keys, key update. */
import { expand, extract } from '@noble/hashes/hkdf.js';
import type { HashFn } from './hashes';

const enc = new TextEncoder();

/** HKDF-Expand-Label(secret, label, context, length) with the "tls13 " prefix. */
export function hkdfExpandLabel(hash: HashFn, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  const full = enc.encode('tls13 ' + label);
  const info = new Uint8Array(2 + 1 + full.length + 1 + context.length);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = full.length;
  info.set(full, 3);
  info[3 + full.length] = context.length;
  info.set(context, 4 + full.length);
  return expand(hash, secret, info, length);
}

/** Derive-Secret(secret, label, transcript hash): used by the tests to walk RFC 8448's schedule. */
export function deriveSecret(hash: HashFn, secret: Uint8Array, label: string, transcriptHash: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, label, transcriptHash, hash.outputLen);
}

/** HKDF-Extract(salt, ikm). */
export function hkdfExtract(hash: HashFn, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return extract(hash, ikm, salt);
}

/** The record key and IV a traffic secret yields (RFC 8446 7.3). */
export function trafficKeys(hash: HashFn, secret: Uint8Array, keyLen: number, ivLen: number): { key: Uint8Array; iv: Uint8Array } {
  return { key: hkdfExpandLabel(hash, secret, 'key', new Uint8Array(0), keyLen), iv: hkdfExpandLabel(hash, secret, 'iv', new Uint8Array(0), ivLen) };
}

/** application_traffic_secret_N+1 after a KeyUpdate (RFC 8446 7.2). */
export function nextTrafficSecret(hash: HashFn, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(hash, secret, 'traffic upd', new Uint8Array(0), hash.outputLen);
}
