/** DHCPv6 (src/core/protocols/dhcpv6): a client's DUID and FQDN, from a real capture. */
import { describe, expect, it } from 'vitest';
import { externalCapture } from '../corpus';
import { extractCapture } from '../pipeline';
import { duidMac, parseDhcpv6 } from '../../src/core/protocols/dhcpv6/dhcpv6';

describe('dhcpv6', () => {
  it('output-eve-ftp-data: the Solicits\' DUID-LLT link-layer address and FQDN label, sender = that MAC', () => {
    const r = extractCapture(externalCapture('output-eve-ftp-data__input.pcap'));
    expect(r.fields.filter((f) => f.protocol === 'dhcpv6').map((f) => [f.frame, f.type, f.value, f.encoding, f.senderMac].join(' '))).toEqual([
      '5 mac 08:2e:5f:76:32:97 binary 08:2e:5f:76:32:97', '5 device_name jaekuryu-HP plain 08:2e:5f:76:32:97',
      '179 mac 08:2e:5f:76:32:97 binary 08:2e:5f:76:32:97', '179 device_name jaekuryu-HP plain 08:2e:5f:76:32:97',
      '637 mac 08:2e:5f:76:32:97 binary 08:2e:5f:76:32:97', '637 device_name jaekuryu-HP plain 08:2e:5f:76:32:97',
    ]);
    expect(r.warnings.filter((w) => w.code === 'dhcpv6-malformed')).toEqual([]);
  });

  it('an option cut short is reported; only Ethernet DUID-LLT/LL give a MAC', () => {
    expect(parseDhcpv6(new Uint8Array([1, 0, 0, 1, 0, 1, 0, 20, 0, 1]))?.damaged).toBe('option 1 cut short');
    expect(duidMac(new Uint8Array([0, 3, 0, 1, 8, 0x2e, 0x5f, 0x76, 0x32, 0x97]))).toBe('08:2e:5f:76:32:97');
    expect(duidMac(new Uint8Array([0, 2, 0, 0, 0, 9, 1, 2, 3, 4, 5, 6]))).toBeNull(); // DUID-EN
  });
});
