/** Profile expansion's digests and JA3's MD5 by node's crypto (OpenSSL) instead of the pure-JS fallbacks. */
import { hash } from 'node:crypto';
import { useDigests } from '../core/scan/expand';
import { useJa3Md5 } from '../core/protocols/tls/ja3';

// One-shot hash (no Hash object per call: ~300 calls per profile, most of them on cold code).
const native = (name: string) => (b: Uint8Array) => new Uint8Array(hash(name, b, 'buffer'));

/** Call once per thread before profiles are expanded. */
export function useNodeDigests(): void {
  useDigests({ md5: native('md5'), sha1: native('sha1'), sha256: native('sha256') });
  useJa3Md5(native('md5'));
}
