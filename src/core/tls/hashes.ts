/** The hash functions of the suites, as @noble/hashes objects (synchronous, worker-safe). */
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import type { HashName, MacName } from './suites';

/** A noble hash function (what hmac/hkdf take). */
export type HashFn = typeof sha256;

/** The noble hash for a PRF/HKDF or MAC name. */
export function hashFn(name: HashName | MacName): HashFn {
  return name === 'sha1' ? (sha1 as unknown as HashFn) : name === 'sha384' ? (sha384 as unknown as HashFn) : sha256;
}
