/** Cipher suites we can decrypt: what each needs from the key schedule and the record layer. */

/** Hash of the PRF (TLS 1.2) or HKDF (TLS 1.3). */
export type HashName = 'sha256' | 'sha384';
/** MAC of a CBC suite. */
export type MacName = 'sha1' | 'sha256' | 'sha384';

/** Record protection of one suite. */
export interface Suite {
  id: number;
  name: string;
  /** true for the TLS 1.3 suites (HKDF key schedule, inner content type). */
  tls13: boolean;
  cipher: 'aes-gcm' | 'chacha20-poly1305' | 'aes-cbc';
  keyLen: number;
  /** GCM: 4-byte implicit salt (1.2) or 12-byte IV (1.3); ChaCha: 12; CBC: 16 (unused in 1.2). */
  ivLen: number;
  hash: HashName;
  /** CBC only. */
  mac?: MacName;
}

const S: Suite[] = [];
const add = (id: number, name: string, tls13: boolean, cipher: Suite['cipher'], keyLen: number, ivLen: number, hash: HashName, mac?: MacName) =>
  S.push({ id, name, tls13, cipher, keyLen, ivLen, hash, mac });

// TLS 1.3 (RFC 8446 B.4); CCM suites are left out (no CCM in @noble/ciphers).
add(0x1301, 'TLS_AES_128_GCM_SHA256', true, 'aes-gcm', 16, 12, 'sha256');
add(0x1302, 'TLS_AES_256_GCM_SHA384', true, 'aes-gcm', 32, 12, 'sha384');
add(0x1303, 'TLS_CHACHA20_POLY1305_SHA256', true, 'chacha20-poly1305', 32, 12, 'sha256');
// TLS 1.2 AES-GCM (RFC 5288, 5289): the PRF hash is the suite's.
for (const [id, name] of [[0x009c, 'RSA'], [0x009e, 'DHE_RSA'], [0xc02b, 'ECDHE_ECDSA'], [0xc02f, 'ECDHE_RSA']] as const) add(id, `TLS_${name}_WITH_AES_128_GCM_SHA256`, false, 'aes-gcm', 16, 4, 'sha256');
for (const [id, name] of [[0x009d, 'RSA'], [0x009f, 'DHE_RSA'], [0xc02c, 'ECDHE_ECDSA'], [0xc030, 'ECDHE_RSA']] as const) add(id, `TLS_${name}_WITH_AES_256_GCM_SHA384`, false, 'aes-gcm', 32, 4, 'sha384');
// TLS 1.2 ChaCha20-Poly1305 (RFC 7905).
for (const [id, name] of [[0xcca8, 'ECDHE_RSA'], [0xcca9, 'ECDHE_ECDSA'], [0xccaa, 'DHE_RSA']] as const) add(id, `TLS_${name}_WITH_CHACHA20_POLY1305_SHA256`, false, 'chacha20-poly1305', 32, 12, 'sha256');
// TLS 1.2 AES-CBC with HMAC: SHA-1 suites still use the SHA-256 PRF in TLS 1.2 (RFC 5246 5).
for (const [id, name, bits] of [
  [0x002f, 'RSA', 128], [0x0035, 'RSA', 256], [0x0033, 'DHE_RSA', 128], [0x0039, 'DHE_RSA', 256],
  [0xc009, 'ECDHE_ECDSA', 128], [0xc00a, 'ECDHE_ECDSA', 256], [0xc013, 'ECDHE_RSA', 128], [0xc014, 'ECDHE_RSA', 256],
] as const) add(id, `TLS_${name}_WITH_AES_${bits}_CBC_SHA`, false, 'aes-cbc', bits / 8, 16, 'sha256', 'sha1');
for (const [id, name, bits] of [
  [0x003c, 'RSA', 128], [0x003d, 'RSA', 256], [0x0067, 'DHE_RSA', 128], [0x006b, 'DHE_RSA', 256],
  [0xc023, 'ECDHE_ECDSA', 128], [0xc027, 'ECDHE_RSA', 128],
] as const) add(id, `TLS_${name}_WITH_AES_${bits}_CBC_SHA256`, false, 'aes-cbc', bits / 8, 16, 'sha256', 'sha256');
for (const [id, name] of [[0xc024, 'ECDHE_ECDSA'], [0xc028, 'ECDHE_RSA']] as const) add(id, `TLS_${name}_WITH_AES_256_CBC_SHA384`, false, 'aes-cbc', 32, 16, 'sha384', 'sha384');

const BY_ID = new Map(S.map((s) => [s.id, s]));

/** The suite with this IANA number, or undefined when we cannot decrypt it. */
export function suiteById(id: number): Suite | undefined {
  return BY_ID.get(id);
}

/** Every suite we can decrypt (for tests and documentation). */
export const SUITES: readonly Suite[] = S;
