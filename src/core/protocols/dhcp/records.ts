/**
 * What a DHCP client said about itself. No report section: the identifiers in it (chaddr, host
 * name, FQDN, client id) are reported as field findings (`sink.identify`, dhcp.ts) with the
 * client's MAC as sender, and the analysis' device attribution keeps only those whose sender
 * is the device under test (a DHCP message on a LAN is any device's: a switch's, a Pi's), with
 * scope local. The message is not scanned raw: scanning it as the device's own took wild false
 * positives 3 -> 9 before that attribution existed.
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
