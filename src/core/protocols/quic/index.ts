/** QUIC v1/v2: client Initials decrypted for their ClientHello (`tls` records, transport udp). */
import type { Protocol } from '../../extract/handler';
import { isQuicLongHeader, QuicHandler } from './quic';

declare module '../../warnings' {
  interface WarningCodes { 'quic-malformed': 'quic'; 'quic-incomplete-hello': 'quic'; }
}

export const quic: Protocol = {
  name: 'quic',
  detectUdp: isQuicLongHeader,
  create: (ctx) => new QuicHandler(ctx),
};
