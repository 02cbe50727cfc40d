/**
 * Google QUIC: the client's CHLO (in clear up to Q046, in Q050's protected Initials), its SNI as
 * a `tls` record, its user agent scanned.
 */
import type { Protocol } from '../../extract/handler';
import { isQuicLongHeader } from '../quic/quic';
import { GquicHandler, isGquicHello } from './gquic';
import { GQUIC_Q050 } from './q050';

declare module '../../warnings' {
  interface WarningCodes { 'gquic-malformed': 'gquic'; }
}

export const gquic: Protocol = {
  name: 'gquic',
  detectUdp: (d) => isGquicHello(d) || isQuicLongHeader(d, GQUIC_Q050.versions),
  create: (ctx) => new GquicHandler(ctx),
};
