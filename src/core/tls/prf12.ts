/** TLS 1.2 PRF (RFC 5246 5) and the key block cut into per-direction keys (RFC 5246 6.3). */
import { hmac } from '@noble/hashes/hmac.js';
import type { HashFn } from './hashes';
import type { Suite } from './suites';

const enc = new TextEncoder();

/** PRF(secret, label, seed) = P_hash(secret, label + seed), `length` bytes. */
export function prf12(hash: HashFn, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  const l = enc.encode(label);
  const ls = new Uint8Array(l.length + seed.length);
  ls.set(l, 0);
  ls.set(seed, l.length);
  const out = new Uint8Array(length);
  let a = ls; // A(0)
  for (let o = 0; o < length; ) {
    a = hmac(hash, secret, a);
    const ai = new Uint8Array(a.length + ls.length);
    ai.set(a, 0);
    ai.set(ls, a.length);
    const p = hmac(hash, secret, ai);
    out.set(p.subarray(0, Math.min(p.length, length - o)), o);
    o += p.length;
  }
  return out;
}

/** Write keys of one side of a TLS 1.2 connection. */
export interface Keys12 {
  macKey: Uint8Array;
  key: Uint8Array;
  iv: Uint8Array;
}

/** Cuts the key block of a master secret into client and server write keys. */
export function keyBlock12(hash: HashFn, suite: Suite, macLen: number, master: Uint8Array, clientRandom: Uint8Array, serverRandom: Uint8Array): { client: Keys12; server: Keys12 } {
  const seed = new Uint8Array(64);
  // key expansion seeds with server_random first, unlike the master secret derivation.
  seed.set(serverRandom, 0);
  seed.set(clientRandom, 32);
  const n = 2 * (macLen + suite.keyLen + suite.ivLen);
  const kb = prf12(hash, master, 'key expansion', seed, n);
  let o = 0;
  const take = (len: number) => kb.slice(o, (o += len));
  const cm = take(macLen), sm = take(macLen);
  const ck = take(suite.keyLen), sk = take(suite.keyLen);
  const ci = take(suite.ivLen), si = take(suite.ivLen);
  return { client: { macKey: cm, key: ck, iv: ci }, server: { macKey: sm, key: sk, iv: si } };
}
