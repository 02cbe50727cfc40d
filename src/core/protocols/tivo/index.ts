/** TiVo Connect discovery beacons: a media server's model and MAC (in its UUID), on the LAN. */
import type { Protocol } from '../../extract/handler';
import { TivoHandler } from './tivo';

declare module '../../warnings' {
  interface WarningCodes { 'tivo-malformed': 'tivo'; }
}

/** By port as tshark registers tivoconnect: UDP 2190 (the beacon; TCP 2190 is not read). */
export const tivo: Protocol = {
  name: 'tivo',
  ports: { udp: [2190] },
  create: (ctx) => new TivoHandler(ctx),
};
