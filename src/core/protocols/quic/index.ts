/** QUIC v1/v2: client Initials decrypted for their ClientHello (`tls` records, transport udp). */
import type { Protocol } from '../../extract/handler';
import { isQuicLongHeader, QuicHandler } from './quic';
import { IETF_QUIC } from './ietf';

declare module '../../warnings' {
  interface WarningCodes { 'quic-malformed': 'quic'; 'quic-incomplete-hello': 'quic'; }
}

export const quic: Protocol = {
  name: 'quic',
  detectUdp: (d) => isQuicLongHeader(d, IETF_QUIC.versions),
  create: (ctx) => {
    ctx.sink.app(ctx.flow.id, 'quic', true);
    return new QuicHandler(ctx, IETF_QUIC);
  },
};
