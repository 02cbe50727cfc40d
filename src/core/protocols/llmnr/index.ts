/** LLMNR: the host name a Windows machine checks or answers for on the local link. */
import type { Protocol } from '../../extract/handler';
import { LlmnrHandler } from './llmnr';

declare module '../../warnings' {
  interface WarningCodes { 'llmnr-malformed': 'llmnr'; }
}

/** By port as tshark registers LLMNR: UDP 5355. */
export const llmnr: Protocol = {
  name: 'llmnr',
  ports: { udp: [5355] },
  create: (ctx) => new LlmnrHandler(ctx),
};
