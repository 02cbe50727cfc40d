import { describe, expect, it } from 'vitest';
import { ipv4ToString, ipv6ToString } from '../../src/core/bytes';

function v6(hex: string): Uint8Array {
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return b;
}

describe('addresses as tshark prints them', () => {
  it.each([
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000010000000000000000', '2001:db8:0:1::'],
    ['20010db8000100000001000000000001', '2001:db8:1:0:1::1'], // longest run wins
    ['20010db8000000010000000100000001', '2001:db8:0:1:0:1:0:1'], // single zeros stay
    ['20010000000000010000000000010001', '2001::1:0:0:1:1'], // tie: leftmost
    ['20010000000000010000000000000001', '2001:0:0:1::1'], // longer run later wins
    ['fe80000000000000020c29fffe3a4b5c', 'fe80::20c:29ff:fe3a:4b5c'],
    ['00000000000000000000ffffc0a80001', '::ffff:192.168.0.1'], // IPv4-mapped
    ['000000000000000000000000c0a80001', '::192.168.0.1'], // IPv4-compatible (glibc)
    ['ABCD0000000000000000000000000000', 'abcd::'],
  ])('%s -> %s', (hex, text) => {
    expect(ipv6ToString(v6(hex.toLowerCase()), 0)).toBe(text);
  });

  it('IPv4 dotted quad, cached or not', () => {
    const b = new Uint8Array([0, 192, 168, 1, 254]);
    expect(ipv4ToString(b, 1)).toBe('192.168.1.254');
    expect(ipv4ToString(b, 1)).toBe('192.168.1.254');
    expect(ipv4ToString(new Uint8Array([0, 0, 0, 0]), 0)).toBe('0.0.0.0');
  });
});
