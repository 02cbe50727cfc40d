/** Record decryption for one direction and key epoch: TLS 1.3 AEAD, TLS 1.2 AEAD and CBC+HMAC. */
import { cbc, gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { hashFn, type HashFn } from './hashes';
import type { Suite } from './suites';

/** A decrypted record: its real content type (TLS 1.3 hides it inside) and plaintext. */
export interface Opened {
  type: number;
  data: Uint8Array;
}

/** Decrypts records of one direction under one set of keys, counting sequence numbers itself. */
export interface RecordCipher {
  /** Next record's sequence number (records that failed still consume one). */
  seq: number;
  /** Opens a record (header fields and fragment); null when authentication fails. */
  open(type: number, version: number, fragment: Uint8Array): Opened | null;
}

/** 8-byte big-endian sequence number (numbers stay exact far beyond any capture). */
function seqBytes(seq: number): Uint8Array {
  const b = new Uint8Array(8);
  const hi = Math.floor(seq / 0x1_0000_0000);
  const lo = seq >>> 0;
  b[0] = hi >>> 24; b[1] = hi >>> 16; b[2] = hi >>> 8; b[3] = hi;
  b[4] = lo >>> 24; b[5] = lo >>> 16; b[6] = lo >>> 8; b[7] = lo;
  return b;
}

/** RFC 8446 5.3 / RFC 7905: the per-record nonce is the IV XOR the padded sequence number. */
function xorNonce(iv: Uint8Array, seq: number): Uint8Array {
  const n = iv.slice();
  const s = seqBytes(seq);
  for (let i = 0; i < 8; i++) n[n.length - 8 + i] ^= s[i];
  return n;
}

/** seq_num + type + version + length: the TLS 1.2 additional data and MAC header. */
function header12(seq: number, type: number, version: number, length: number): Uint8Array {
  const a = new Uint8Array(13);
  a.set(seqBytes(seq), 0);
  a[8] = type;
  a[9] = version >> 8;
  a[10] = version & 0xff;
  a[11] = length >> 8;
  a[12] = length & 0xff;
  return a;
}

function aead(suite: Suite, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array): Uint8Array | null {
  try {
    return suite.cipher === 'aes-gcm' ? gcm(key, nonce, aad).decrypt(ct) : chacha20poly1305(key, nonce, aad).decrypt(ct);
  } catch {
    return null; // wrong key or damaged record: the tag does not verify
  }
}

/** TLS 1.3 record protection (RFC 8446 5.2): AAD is the record header, padding trails the type. */
export class Tls13Cipher implements RecordCipher {
  seq = 0;
  constructor(private readonly suite: Suite, private readonly key: Uint8Array, private readonly iv: Uint8Array) {}

  open(type: number, version: number, fragment: Uint8Array): Opened | null {
    if (fragment.length < 17) return null;
    const aad = Uint8Array.of(type, version >> 8, version & 0xff, fragment.length >> 8, fragment.length & 0xff);
    const pt = aead(this.suite, this.key, xorNonce(this.iv, this.seq), aad, fragment);
    if (!pt) return null;
    this.seq++;
    let end = pt.length;
    while (end > 0 && pt[end - 1] === 0) end--;
    if (end === 0) return { type: 0, data: new Uint8Array(0) }; // all padding: no content type
    return { type: pt[end - 1], data: pt.subarray(0, end - 1) };
  }
}

/** TLS 1.2 AEAD: GCM with an 8-byte explicit nonce (RFC 5288) or ChaCha20 with an XOR nonce (RFC 7905). */
export class Tls12AeadCipher implements RecordCipher {
  seq = 0;
  constructor(private readonly suite: Suite, private readonly key: Uint8Array, private readonly iv: Uint8Array) {}

  open(type: number, version: number, fragment: Uint8Array): Opened | null {
    const gcmMode = this.suite.cipher === 'aes-gcm';
    const explicit = gcmMode ? 8 : 0;
    if (fragment.length < explicit + 16) return null;
    let nonce: Uint8Array;
    if (gcmMode) {
      nonce = new Uint8Array(12);
      nonce.set(this.iv.subarray(0, 4), 0);
      nonce.set(fragment.subarray(0, 8), 4);
    } else nonce = xorNonce(this.iv, this.seq);
    const ct = fragment.subarray(explicit);
    const pt = aead(this.suite, this.key, nonce, header12(this.seq, type, version, ct.length - 16), ct);
    if (!pt) return null;
    this.seq++;
    return { type, data: pt };
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

/** TLS 1.1+ CBC with an explicit IV per record; MAC-then-encrypt, or encrypt-then-MAC (RFC 7366). */
export class Tls12CbcCipher implements RecordCipher {
  seq = 0;
  private readonly mac: HashFn;
  private readonly macLen: number;

  constructor(suite: Suite, private readonly key: Uint8Array, private readonly macKey: Uint8Array, private readonly etm: boolean) {
    this.mac = hashFn(suite.mac ?? 'sha1');
    this.macLen = this.mac.outputLen;
  }

  open(type: number, version: number, fragment: Uint8Array): Opened | null {
    const out = this.etm ? this.openEtm(type, version, fragment) : this.openMte(type, version, fragment);
    if (out) this.seq++;
    return out;
  }

  private decrypt(body: Uint8Array): Uint8Array | null {
    if (body.length < 32 || body.length % 16 !== 0) return null;
    try {
      return cbc(this.key, body.subarray(0, 16), { disablePadding: true }).decrypt(body.subarray(16));
    } catch {
      return null;
    }
  }

  /** Length of the content before `padding_length + 1` padding bytes, or -1 if they are wrong. */
  private unpad(pt: Uint8Array, reserve: number): number {
    const pad = pt[pt.length - 1];
    const end = pt.length - 1 - pad;
    if (end - reserve < 0) return -1;
    for (let i = end; i < pt.length - 1; i++) if (pt[i] !== pad) return -1;
    return end;
  }

  private openMte(type: number, version: number, fragment: Uint8Array): Opened | null {
    const pt = this.decrypt(fragment);
    if (!pt) return null;
    const end = this.unpad(pt, this.macLen);
    if (end < 0) return null;
    const content = pt.subarray(0, end - this.macLen);
    const tag = pt.subarray(end - this.macLen, end);
    const h = header12(this.seq, type, version, content.length);
    if (!equal(hmac(this.mac, this.macKey, concat2(h, content)), tag)) return null;
    return { type, data: content };
  }

  private openEtm(type: number, version: number, fragment: Uint8Array): Opened | null {
    if (fragment.length < this.macLen + 32) return null;
    const body = fragment.subarray(0, fragment.length - this.macLen);
    const tag = fragment.subarray(fragment.length - this.macLen);
    const h = header12(this.seq, type, version, body.length);
    if (!equal(hmac(this.mac, this.macKey, concat2(h, body)), tag)) return null;
    const pt = this.decrypt(body);
    if (!pt) return null;
    const end = this.unpad(pt, 0);
    return end < 0 ? null : { type, data: pt.subarray(0, end) };
  }
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  const o = new Uint8Array(a.length + b.length);
  o.set(a, 0);
  o.set(b, a.length);
  return o;
}
