/** The CLI's AES (node's OpenSSL) behaves as @noble/ciphers does for every use the engine makes. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as noble from '@noble/ciphers/aes.js';
import * as native from '../../src/cli/aesNode';

const rnd = (n: number) => new Uint8Array(randomBytes(n));

describe('aesNode against @noble/ciphers', () => {
  it('GCM (128/256-bit keys, with and without AAD, empty to multi-block): same sealed bytes, both open each other', () => {
    for (const keyLen of [16, 32]) {
      for (const len of [0, 1, 15, 16, 17, 100, 1500]) {
        const key = rnd(keyLen);
        const nonce = rnd(12);
        const aad = len % 2 ? rnd(13) : undefined;
        const plain = rnd(len);
        const a = noble.gcm(key, nonce, aad).encrypt(plain);
        const b = native.gcm(key, nonce, aad).encrypt(plain);
        expect(b).toEqual(a);
        expect(native.gcm(key, nonce, aad).decrypt(a)).toEqual(plain);
        expect(noble.gcm(key, nonce, aad).decrypt(b)).toEqual(plain);
      }
    }
  });

  it('GCM: a wrong key, a flipped bit or a short input throws, as the engine expects', () => {
    const key = rnd(16);
    const nonce = rnd(12);
    const sealed = native.gcm(key, nonce).encrypt(rnd(40));
    expect(() => native.gcm(rnd(16), nonce).decrypt(sealed)).toThrow();
    const flipped = sealed.slice();
    flipped[3] ^= 1;
    expect(() => native.gcm(key, nonce).decrypt(flipped)).toThrow();
    expect(() => native.gcm(key, nonce).decrypt(sealed.subarray(0, 10))).toThrow();
  });

  it('ECB (QUIC header protection) and CBC (TLS 1.2 CBC suites) without padding', () => {
    for (const keyLen of [16, 32]) {
      const key = rnd(keyLen);
      const block = rnd(16);
      expect(native.ecb(key, { disablePadding: true }).encrypt(block)).toEqual(noble.ecb(key, { disablePadding: true }).encrypt(block));
      const iv = rnd(16);
      const ct = rnd(64);
      expect(native.cbc(key, iv, { disablePadding: true }).decrypt(ct)).toEqual(noble.cbc(key, iv, { disablePadding: true }).decrypt(ct));
    }
  });
});
