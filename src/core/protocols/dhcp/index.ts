/** DHCPv4: the device's MAC, host name, client id and vendor class as it joins a network. */
import type { Protocol } from '../../extract/handler';
import { DhcpHandler } from './dhcp';

declare module '../../warnings' {
  interface WarningCodes { 'dhcp-malformed': 'dhcp'; }
}

/** By port as tshark registers BOOTP/DHCP: UDP 67 (server) and 68 (client). */
export const dhcp: Protocol = {
  name: 'dhcp',
  ports: { udp: [67, 68] },
  create: (ctx) => new DhcpHandler(ctx),
};
