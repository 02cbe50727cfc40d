/** Google QUIC (Q024-Q046): the client's CHLO in clear, its SNI as a `tls` record, its user agent scanned. */
import type { Protocol } from '../../extract/handler';
import { GquicHandler, isGquicHello } from './gquic';

declare module '../../warnings' {
  interface WarningCodes { 'gquic-malformed': 'gquic'; }
}

export const gquic: Protocol = {
  name: 'gquic',
  detectUdp: isGquicHello,
  create: (ctx) => new GquicHandler(ctx),
};
