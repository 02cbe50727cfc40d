/** Address kinds at the edges of the special-purpose blocks. */
import { describe, expect, it } from 'vitest';
import { addressKind } from '../../src/core/enrich/addressKind';
import { parseIPv4, parseIPv6 } from '../../src/core/bytes';

describe('addressKind', () => {
  const cases: [string, string][] = [
    ['9.255.255.255', 'public'], ['10.0.0.0', 'private'], ['10.255.255.255', 'private'], ['11.0.0.0', 'public'],
    ['172.15.255.255', 'public'], ['172.16.0.0', 'private'], ['172.31.255.255', 'private'], ['172.32.0.0', 'public'],
    ['192.167.255.255', 'public'], ['192.168.0.0', 'private'], ['192.168.255.255', 'private'], ['192.169.0.0', 'public'],
    ['100.63.255.255', 'public'], ['100.64.0.0', 'cgnat'], ['100.127.255.255', 'cgnat'], ['100.128.0.0', 'public'],
    ['126.255.255.255', 'public'], ['127.0.0.0', 'loopback'], ['127.0.0.1', 'loopback'], ['127.255.255.255', 'loopback'], ['128.0.0.0', 'public'],
    ['169.254.0.0', 'link-local'], ['169.254.255.255', 'link-local'], ['169.255.0.0', 'public'],
    ['192.0.2.1', 'documentation'], ['198.51.100.7', 'documentation'], ['203.0.113.255', 'documentation'], ['203.0.114.0', 'public'],
    ['198.18.0.1', 'benchmark'], ['198.19.255.255', 'benchmark'], ['198.20.0.0', 'public'],
    ['224.0.0.0', 'multicast'], ['239.255.255.255', 'multicast'], ['240.0.0.0', 'reserved'], ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'reserved'], ['8.8.8.8', 'public'],
    ['::', 'unspecified'], ['::1', 'loopback'], ['::2', 'reserved'],
    ['fbff:ffff::', 'reserved'], ['fc00::', 'private'], ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['fe7f:ffff::', 'reserved'], ['fe80::', 'link-local'], ['fe80::1%en0', 'link-local'], ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local'],
    ['fec0::1', 'private'], ['ff02::1', 'multicast'], ['2001:db8::1', 'documentation'], ['2001:db9::1', 'public'],
    ['1fff:ffff::1', 'reserved'], ['2000::', 'public'], ['3fff:0fff::1', 'documentation'], ['3fff:1000::1', 'public'], ['4000::1', 'reserved'],
    ['::ffff:192.168.1.1', 'private'], ['::ffff:8.8.8.8', 'public'], ['::ffff:127.0.0.1', 'loopback'], ['64:ff9b::10.0.0.1', 'private'],
    ['240e:e9:6002:15::2f', 'public'],
    ['', 'invalid'], ['example.com', 'invalid'], ['1.2.3.256', 'invalid'], ['1::2::3', 'invalid'],
  ];
  for (const [ip, kind] of cases) it(`${ip || '(empty)'} is ${kind}`, () => expect(addressKind(ip)).toBe(kind));
});

describe('address parsing', () => {
  it('parses IPv4 strictly', () => {
    expect(parseIPv4('0.0.0.0')).toBe(0);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIPv4('1.2.3.4')).toBe(0x01020304);
    for (const s of ['1.2.3', '1.2.3.4.', '.1.2.3', '1..2.3', '001.2.3.4', '1.2.3.4a', '1.2.3.1000']) expect(parseIPv4(s), s).toBeNull();
  });

  it('parses IPv6 forms', () => {
    expect(parseIPv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6('1::')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIPv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIPv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x0102, 0x0304]);
    expect(parseIPv6('[2001:DB8::A]')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xa]);
    for (const s of ['1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '1.2.3.4', 'x::']) expect(parseIPv6(s), s).toBeNull();
  });
});
