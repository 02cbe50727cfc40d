/** DNS over UDP and TCP: questions and answers for the report, names for the scanner. */
import type { Protocol } from '../../extract/handler';
import { DnsHandler } from './dns';
import { dnsSection } from './records';

declare module '../../warnings' {
  interface WarningCodes { 'dns-malformed': 'dns'; 'dns-truncated': 'dns'; 'dns-tcp-gap': 'dns'; }
}

/**
 * By port as tshark registers it: UDP 53; TCP 53 and 5353. mDNS (UDP 5353) and LLMNR (UDP 5355)
 * are other dissectors (protocols/mdns, protocols/llmnr, reading this folder's dns.ts); on a flow
 * with UDP 53 at one end DNS wins against them because tshark tries the lower port first.
 */
export const dns: Protocol = {
  name: 'dns',
  ports: { udp: [53], tcp: [53, 5353] },
  create: (ctx) => new DnsHandler(ctx),
  records: [dnsSection],
};
