/** DHCPv4 (src/core/protocols/dhcp): what devices said about themselves, from real captures. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL, MALFORMED, WILD } from '../corpus';
import { extractCapture } from '../pipeline';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** capture -> the first client message's scanned parts (flow, frame, part=value). */
const TABLE: [string, string[]][] = [
  [join(WILD, 'captures/ntop-nDPI__teams.pcap'), ['0/1/mac=d8:0d:17:d6:55:ab', '0/1/hostname=TL-SG116E', '0/1/vendor-class=TL-SG116E']],
  [join(EXTERNAL, 'captures/bug-2158__public-ex1_section8_Sofacy.pcap'), ['0/1/mac=00:c0:a8:85:0c:23', '0/1/hostname=public-ea8367e7', '0/1/vendor-class=MSFT 5.0']],
  [join(EXTERNAL, 'captures/sip-method__sip.pcap'), ['77/484/mac=00:e0:ed:01:6e:bd', '77/484/hostname=d002465', '77/484/fqdn=d002465.', '77/484/vendor-class=MSFT 5.0']],
  [join(MALFORMED, 'dhcp-option-108.pcapng'), ['0/1/mac=42:b4:44:b4:f0:ee', '0/1/hostname=MacBookPro']],
];

describe('dhcp', () => {
  it.each(TABLE)('%s: MAC, host name, FQDN and vendor class of the client go to the scanner', (file, want) => {
    const r = extractCapture(file);
    const dhcp = r.scans.filter((s) => s.protocol === 'dhcp' && s.part !== 'client-id');
    const first = dhcp.filter((s) => s.frame === dhcp[0].frame).map((s) => `${s.flow}/${s.frame}/${s.part}=${text(s.bytes)}`);
    expect(first).toEqual(want);
    // Claimed by port (UDP 67/68), whichever side opened the flow.
    expect(r.apps.filter(([, app]) => app === 'dhcp').map(([flow]) => flow)).toContain(dhcp[0].flow);
  });

  it('scans client messages only: a server reply (OFFER, ACK) carries no identifier of the device', () => {
    // Frames 1 DISCOVER, 2 OFFER, 3 REQUEST, 4 ACK, 5 REQUEST (the other way), 6 ACK.
    const r = extractCapture(join(EXTERNAL, 'captures/bug-2158__public-ex1_section8_Sofacy.pcap'));
    const frames = new Set(r.scans.filter((s) => s.protocol === 'dhcp').map((s) => s.frame));
    expect([...frames]).toEqual([1, 3, 5]);
  });
});
