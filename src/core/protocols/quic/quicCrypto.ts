/**
 * QUIC Initial packet protection (RFC 9001 §5, RFC 9369 §3.3), synchronous via @noble. Google's
 * Q050 protects its Initials the same way (Chromium's CryptoUtils::CreateInitialObfuscators:
 * HKDF-SHA256 over the client's DCID, "client in", then "quic key"/"quic iv"/"quic hp",
 * AES-128-GCM) with a salt of its own.
 */
import { ecb, gcm } from '@noble/ciphers/aes.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex } from '../../bytes';

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;
/** Google QUIC Q050 ('Q050'): gQUIC crypto (a CHLO) inside IETF-style protected Initials. */
export const QUIC_Q050 = 0x51303530;

const SALT_V1 = fromHex('38762cf7f55934b34d179ae6a4c80cadccbb7f0a');
const SALT_V2 = fromHex('0dede3def700a6db819381be6e269dcbf9bd2ed9');
// Chromium's kQ050Salt (quic_crypto/crypto_utils.cc), Wireshark's handshake_salt_draft_q50.
const SALT_Q050 = fromHex('504574efd066fe2f9d945cfcdbd3a7f0d3b56b45');

/** AEAD key, IV and header-protection key of one side's Initial packets. */
export interface InitialKeys {
  key: Uint8Array;
  iv: Uint8Array;
  hp: Uint8Array;
  /** The secret they came from (for tests against the RFC vectors). */
  secret: Uint8Array;
}

/** TLS 1.3 HKDF-Expand-Label with an empty context (RFC 8446 §7.1). */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Uint8Array {
  const full = new TextEncoder().encode('tls13 ' + label);
  const info = new Uint8Array(2 + 1 + full.length + 1);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = full.length;
  info.set(full, 3);
  info[3 + full.length] = 0;
  return expand(sha256, secret, info, length);
}

/** Initial keys for `side` derived from the client's first Destination Connection ID. */
export function initialKeys(dcid: Uint8Array, version: number, side: 'client' | 'server' = 'client'): InitialKeys {
  const v2 = version === QUIC_V2;
  const initial = extract(sha256, dcid, v2 ? SALT_V2 : version === QUIC_Q050 ? SALT_Q050 : SALT_V1);
  const secret = hkdfExpandLabel(initial, side === 'client' ? 'client in' : 'server in', 32);
  // Q050 predates v2 and keeps v1's labels.
  const p = v2 ? 'quicv2 ' : 'quic ';
  return { key: hkdfExpandLabel(secret, p + 'key', 16), iv: hkdfExpandLabel(secret, p + 'iv', 12), hp: hkdfExpandLabel(secret, p + 'hp', 16), secret };
}

/** First 5 bytes of the AES-ECB header-protection mask for a 16-byte sample. */
export function hpMask(hp: Uint8Array, sample: Uint8Array): Uint8Array {
  return ecb(hp, { disablePadding: true }).encrypt(sample.subarray(0, 16)).subarray(0, 5);
}

/** Per-packet nonce: IV XOR the packet number, right-aligned. */
export function packetNonce(iv: Uint8Array, pn: number): Uint8Array {
  const n = iv.slice();
  let v = pn;
  for (let i = 11; i >= 4 && v > 0; i--) {
    n[i] ^= v % 256;
    v = Math.floor(v / 256);
  }
  return n;
}

/** Reconstructs a full packet number from its truncated form (RFC 9000 §A.3). */
export function decodePacketNumber(largest: number, truncated: number, bits: number): number {
  const expected = largest + 1;
  const win = 2 ** bits;
  const half = win / 2;
  const candidate = Math.floor(expected / win) * win + truncated;
  if (candidate <= expected - half && candidate < 2 ** 62 - win) return candidate + win;
  if (candidate > expected + half && candidate >= win) return candidate - win;
  return candidate;
}

export interface Unprotected {
  pn: number;
  /** Decrypted frames. */
  payload: Uint8Array;
}

/**
 * Removes header protection and decrypts one long-header packet. `packet` spans the whole packet
 * (first byte through the end of its Length); `pnOffset` is where the packet number starts.
 * Returns null when authentication fails (wrong keys, damaged packet). Never throws.
 */
export function openPacket(keys: InitialKeys, packet: Uint8Array, pnOffset: number, largestPn: number): Unprotected | null {
  if (pnOffset + 4 + 16 > packet.length) return null;
  const mask = hpMask(keys.hp, packet.subarray(pnOffset + 4, pnOffset + 20));
  const first = packet[0] ^ (mask[0] & 0x0f);
  const pnLen = (first & 3) + 1;
  const header = packet.slice(0, pnOffset + pnLen);
  header[0] = first;
  let truncated = 0;
  for (let i = 0; i < pnLen; i++) {
    header[pnOffset + i] ^= mask[1 + i];
    truncated = truncated * 256 + header[pnOffset + i];
  }
  const pn = decodePacketNumber(largestPn, truncated, pnLen * 8);
  try {
    const payload = gcm(keys.key, packetNonce(keys.iv, pn), header).decrypt(packet.subarray(pnOffset + pnLen));
    return { pn, payload };
  } catch {
    return null;
  }
}

/** Inverse of openPacket, for tests: protects a plaintext packet (header incl. packet number). */
export function sealPacket(keys: InitialKeys, header: Uint8Array, pnOffset: number, pn: number, payload: Uint8Array): Uint8Array {
  const pnLen = (header[0] & 3) + 1;
  const ct = gcm(keys.key, packetNonce(keys.iv, pn), header).encrypt(payload);
  const out = new Uint8Array(header.length + ct.length);
  out.set(header, 0);
  out.set(ct, header.length);
  const mask = hpMask(keys.hp, out.subarray(pnOffset + 4, pnOffset + 20));
  out[0] ^= mask[0] & 0x0f;
  for (let i = 0; i < pnLen; i++) out[pnOffset + i] ^= mask[1 + i];
  return out;
}
