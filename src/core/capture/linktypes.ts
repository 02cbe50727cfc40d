/**
 * LINKTYPE_* numbers to the short encapsulation names capinfos/tshark print (Wireshark's
 * wtap encap short names), so reports read the same as the tools people check them with.
 * Checked against every truth file of the external corpus and the malformed manifest.
 */
const NAMES: Record<number, string> = {
  0: 'null',
  1: 'ether',
  3: 'ax25',
  7: 'arcnet',
  8: 'slip',
  9: 'ppp',
  // BSD 12 and 14 are raw IP on every platform but OpenBSD; capinfos calls both "rawip".
  12: 'rawip',
  14: 'rawip',
  50: 'ppp', // PPP in HDLC-like framing: Wireshark maps it to plain PPP
  100: 'atm-rfc1483',
  101: 'rawip',
  104: 'chdlc',
  105: 'ieee-802-11',
  106: 'linux-atm-clip',
  107: 'frelay',
  108: 'loop', // OpenBSD loopback: WTAP_ENCAP_LOOP since Wireshark 2.x, not "null"
  109: 'enc',
  113: 'linux-sll',
  117: 'pflog',
  119: 'ieee-802-11-prism',
  123: 'atm-pdus',
  127: 'ieee-802-11-radiotap',
  128: 'tzsp',
  129: 'arcnet_linux',
  137: 'juniper-atm1',
  163: 'ieee-802-11-avs',
  178: 'juniper-ether',
  187: 'bluetooth-h4',
  189: 'usb-linux',
  192: 'ppi',
  195: 'wpan',
  220: 'usb-linux-mmapped',
  226: 'ipnet',
  227: 'socketcan',
  228: 'rawip4',
  229: 'rawip6',
  231: 'dbus',
  239: 'nflog',
  242: 'ip-ib',
  249: 'usb-usbpcap',
  258: 'pktap',
  271: 'vsock',
  276: 'linux-sll2',
};
// LINKTYPE_USER0..15 (147..162) are "user0".."user15".
for (let i = 0; i <= 15; i++) NAMES[147 + i] = `user${i}`;

/** capinfos short name of a LINKTYPE_* value, or `linktype-<n>` when unknown. */
export function linktypeName(linktype: number): string {
  return NAMES[linktype] ?? `linktype-${linktype}`;
}
