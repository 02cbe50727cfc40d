/** TLS over TCP: ClientHello (SNI, ALPN, JA3) for the report; with keys, the decrypted stream. */
import type { Protocol } from '../../extract/handler';
import { TlsHandler } from './tls';
import { tlsSection } from './records';

declare module '../../warnings' {
  interface WarningCodes {
    'tls-malformed': 'tls';
    'tls-gap': 'tls';
    'tls-truncated': 'tls';
    'tls-decrypt': 'tls';
    'tls-no-keys': 'tls';
    'tls-undecryptable': 'tls';
  }
}

/** A handshake record header: 0x16 0x03 0x00..0x04. */
function tlsStart(b: Uint8Array): boolean | 'more' {
  if (b.length === 0) return 'more';
  if (b[0] !== 0x16) return false;
  if (b.length < 2) return 'more';
  if (b[1] !== 0x03) return false;
  if (b.length < 3) return 'more';
  return b[2] <= 0x04;
}

export const tls: Protocol = {
  name: 'tls',
  detectTcp: tlsStart,
  create: (ctx) => new TlsHandler(ctx),
  records: [tlsSection],
};
