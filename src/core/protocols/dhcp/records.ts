/**
 * What a DHCP client said about itself. No report section yet, on purpose: a DHCP message on a
 * LAN is any device's (the router's, a switch's, another phone's), so its MAC and host name
 * are not this device's until each record is tied to its sender and reported apart, as sent
 * to the local network (issue 12). Scanning them as the device's findings was measured on
 * ../shared/corpus/wild: false positives 3 -> 9, labelled traps hit 1 -> 7.
 */
import type { FlowRecord } from '../../extract/types';

export interface DhcpRecord extends FlowRecord {
  /** DHCP message type (option 53): 1 DISCOVER, 3 REQUEST, 8 INFORM…; null without one. */
  messageType: number | null;
  /** Client hardware address (chaddr) as aa:bb:…, when Ethernet. */
  mac: string | null;
  /** Option 12. */
  hostName: string | null;
  /** Option 81's name. */
  fqdn: string | null;
  /** Option 60. */
  vendorClass: string | null;
}

declare module '../../extract/types' {
  interface ExtractRecords {
    dhcp: DhcpRecord;
  }
}
