/** NetBIOS name service: the names a Windows/macOS/Samba host registers for itself. */
import type { Protocol } from '../../extract/handler';
import { NbnsHandler } from './nbns';

declare module '../../warnings' {
  interface WarningCodes { 'nbns-malformed': 'nbns'; }
}

/** By port as tshark registers NBNS: UDP 137. */
export const nbns: Protocol = {
  name: 'nbns',
  ports: { udp: [137] },
  create: (ctx) => new NbnsHandler(ctx),
};
