/** mDNS / DNS-SD: what a device publishes about itself (host name, service names, TXT keys). */
import type { Protocol } from '../../extract/handler';
import { MdnsHandler } from './mdns';

declare module '../../warnings' {
  interface WarningCodes { 'mdns-malformed': 'mdns'; }
}

/**
 * By port as tshark registers mDNS: UDP 5353 (TCP 5353 is DNS's, dns/index.ts). No `mdns`
 * records: the report's `dns` section is unicast DNS, as tshark's dns fields are for the
 * agreement checks (../shared/tools/compare-external.mjs).
 */
export const mdns: Protocol = {
  name: 'mdns',
  ports: { udp: [5353] },
  create: (ctx) => new MdnsHandler(ctx),
};
