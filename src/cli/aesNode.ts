/**
 * The CLI bundle's stand-in for `@noble/ciphers/aes.js` (aliased in scripts/build-cli.ts): node's
 * OpenSSL AES (AES-NI) instead of table-driven JavaScript, whose module builds its tables at
 * start-up (~8 ms of a 0.35 s run) and decrypts keyed TLS several times slower. Only what the
 * engine uses, with the package's contract: GCM output is ciphertext || 16-byte tag, a tag that
 * does not verify throws, ECB/CBC without padding.
 */
import { type CipherGCMTypes, createCipheriv, createDecipheriv } from 'node:crypto';

const TAG = 16;
const name = (mode: string, key: Uint8Array) => `aes-${key.length * 8}-${mode}`;
const gcmName = (key: Uint8Array) => name('gcm', key) as CipherGCMTypes;
const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.length);

export function ecb(key: Uint8Array, _opts?: { disablePadding?: boolean }) {
  return {
    encrypt(plain: Uint8Array): Uint8Array {
      const c = createCipheriv(name('ecb', key), key, null).setAutoPadding(false);
      return bytes(Buffer.concat([c.update(plain), c.final()]));
    },
  };
}

export function cbc(key: Uint8Array, iv: Uint8Array, _opts?: { disablePadding?: boolean }) {
  return {
    decrypt(ct: Uint8Array): Uint8Array {
      const d = createDecipheriv(name('cbc', key), key, iv).setAutoPadding(false);
      return bytes(Buffer.concat([d.update(ct), d.final()]));
    },
  };
}

export function gcm(key: Uint8Array, nonce: Uint8Array, aad?: Uint8Array) {
  return {
    encrypt(plain: Uint8Array): Uint8Array {
      const c = createCipheriv(gcmName(key), key, nonce);
      if (aad) c.setAAD(aad);
      return bytes(Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]));
    },
    decrypt(sealed: Uint8Array): Uint8Array {
      if (sealed.length < TAG) throw new Error('aes-gcm: ciphertext shorter than its tag');
      const d = createDecipheriv(gcmName(key), key, nonce);
      if (aad) d.setAAD(aad);
      d.setAuthTag(sealed.subarray(sealed.length - TAG));
      return bytes(Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]));
    },
  };
}
