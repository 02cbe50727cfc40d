/** DHCPv6: a client's DUID link-layer address and FQDN. */
import type { Protocol } from '../../extract/handler';
import { Dhcpv6Handler } from './dhcpv6';

declare module '../../warnings' {
  interface WarningCodes { 'dhcpv6-malformed': 'dhcpv6'; }
}

/** By port as tshark registers DHCPv6: UDP 546 (client) and 547 (server). */
export const dhcpv6: Protocol = {
  name: 'dhcpv6',
  ports: { udp: [546, 547] },
  create: (ctx) => new Dhcpv6Handler(ctx),
};
