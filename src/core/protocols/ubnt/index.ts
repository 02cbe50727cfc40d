/** Ubiquiti discovery: a UniFi/EdgeOS device's MACs, model and host name, announced on the LAN. */
import type { Protocol } from '../../extract/handler';
import { UbntHandler } from './ubnt';

declare module '../../warnings' {
  interface WarningCodes { 'ubnt-malformed': 'ubnt'; }
}

/** By port as tshark registers it (ubdp): UDP 10001. */
export const ubnt: Protocol = {
  name: 'ubnt',
  ports: { udp: [10001] },
  create: (ctx) => new UbntHandler(ctx),
};
