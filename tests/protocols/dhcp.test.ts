/** DHCPv4 (src/core/protocols/dhcp): what DHCP clients said about themselves, from real captures. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL, MALFORMED, WILD } from '../corpus';
import { extractCapture } from '../pipeline';

/** capture -> its client messages as `frame type mac host fqdn vendor`. */
const TABLE: [string, string[]][] = [
  [join(EXTERNAL, 'captures/bug-2158__public-ex1_section8_Sofacy.pcap'), [
    // Frames 2, 4 and 6 are the server's OFFER and ACKs: no record.
    '1 1 00:c0:a8:85:0c:23 public-ea8367e7 - MSFT 5.0',
    '3 3 00:c0:a8:85:0c:23 public-ea8367e7 public-ea8367e7. MSFT 5.0',
    '5 3 00:c0:a8:85:0c:23 public-ea8367e7 public-ea8367e7. MSFT 5.0',
  ]],
  [join(EXTERNAL, 'captures/sip-method__sip.pcap'), ['484 3 00:e0:ed:01:6e:bd d002465 d002465. MSFT 5.0']],
  [join(MALFORMED, 'dhcp-option-108.pcapng'), ['1 1 42:b4:44:b4:f0:ee MacBookPro - -']],
  [join(WILD, 'captures/ntop-nDPI__teams.pcap'), [
    '1 1 d8:0d:17:d6:55:ab TL-SG116E - TL-SG116E', '214 1 d8:0d:17:d6:55:ab TL-SG116E - TL-SG116E',
    '250 1 00:80:8f:9a:ae:bd pi3.ntop.org - dhcpcd-6.10.1:Linux-4.9.57-v7+:armv7l:BCM2835',
    '391 1 d8:0d:17:d6:55:ab TL-SG116E - TL-SG116E', '1020 1 d8:0d:17:d6:55:ab TL-SG116E - TL-SG116E',
    '1215 1 d8:0d:17:d6:55:ab TL-SG116E - TL-SG116E', '1477 1 d8:0d:17:d6:55:ab TL-SG116E - TL-SG116E',
  ]],
];

describe('dhcp', () => {
  it.each(TABLE)('%s: one record per client message', (file, want) => {
    const r = extractCapture(file);
    const got = (r.records.dhcp ?? []).map((d) => [d.frame, d.messageType, d.mac, d.hostName ?? '-', d.fqdn ?? '-', d.vendorClass ?? '-'].join(' '));
    expect(got).toEqual(want);
    // Claimed by port (UDP 67/68), whichever side opened the flow.
    const flows = new Set((r.records.dhcp ?? []).map((d) => d.flow));
    expect(r.apps.filter(([flow, app]) => flows.has(flow) && app === 'dhcp').length).toBe(flows.size);
  });

  it('sends nothing to the scanner: a DHCP message on a LAN is any device\'s until tied to its sender', () => {
    // The TP-Link switch and the Raspberry Pi above are other devices (../shared/corpus/wild truth).
    const r = extractCapture(join(WILD, 'captures/ntop-nDPI__teams.pcap'));
    const dhcpFlows = new Set((r.records.dhcp ?? []).map((d) => d.flow));
    expect(dhcpFlows.size).toBe(2);
    expect(r.scans.filter((s) => dhcpFlows.has(s.flow))).toEqual([]);
  });
});

describe('dhcp field findings', () => {
  const fields = (file: string) => extractCapture(file).fields.filter((f) => f.protocol === 'dhcp')
    .map((f) => [f.frame, f.type, f.value, f.encoding, f.senderMac ?? '-'].join(' '));

  it('reports each client\'s own MAC and the name its owner gave, with chaddr as the sender', () => {
    expect(fields(join(WILD, 'captures/ntop-nDPI__teams.pcap')).slice(0, 4)).toEqual([
      '1 mac d8:0d:17:d6:55:ab binary d8:0d:17:d6:55:ab', '1 device_name TL-SG116E plain d8:0d:17:d6:55:ab',
      '214 mac d8:0d:17:d6:55:ab binary d8:0d:17:d6:55:ab', '214 device_name TL-SG116E plain d8:0d:17:d6:55:ab',
    ]);
    expect(fields(join(MALFORMED, 'dhcp-option-108.pcapng'))).toEqual(['1 mac 42:b4:44:b4:f0:ee binary 42:b4:44:b4:f0:ee', '1 device_name MacBookPro plain 42:b4:44:b4:f0:ee']);
  });

  it('a random Windows-style name (public-ea8367e7) is not a device name; server replies say nothing', () => {
    expect(fields(join(EXTERNAL, 'captures/bug-2158__public-ex1_section8_Sofacy.pcap'))).toEqual([
      '1 mac 00:c0:a8:85:0c:23 binary 00:c0:a8:85:0c:23', '3 mac 00:c0:a8:85:0c:23 binary 00:c0:a8:85:0c:23', '5 mac 00:c0:a8:85:0c:23 binary 00:c0:a8:85:0c:23',
    ]);
  });
});
