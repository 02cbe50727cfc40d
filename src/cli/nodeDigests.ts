/** Profile expansion's digests by node's crypto (OpenSSL) instead of the pure-JS fallbacks. */
import { createHash } from 'node:crypto';
import { useDigests } from '../core/scan/expand';

const native = (name: string) => (b: Uint8Array) => new Uint8Array(createHash(name).update(b).digest());

/** Call once per thread before profiles are expanded. */
export function useNodeDigests(): void {
  useDigests({ md5: native('md5'), sha1: native('sha1'), sha256: native('sha256') });
}
