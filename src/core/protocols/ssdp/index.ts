/** SSDP: what a UPnP device announces about itself; what a search asks for is not read. */
import type { Protocol } from '../../extract/handler';
import { SsdpHandler } from './ssdp';

declare module '../../warnings' {
  interface WarningCodes { 'ssdp-malformed': 'ssdp'; }
}

/** By port as tshark registers SSDP: UDP 1900. */
export const ssdp: Protocol = {
  name: 'ssdp',
  ports: { udp: [1900] },
  create: (ctx) => new SsdpHandler(ctx),
};
