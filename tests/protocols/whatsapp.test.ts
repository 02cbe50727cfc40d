import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WILD } from '../corpus';
import { extract } from './helpers';
import { isWhatsAppStart, userOf } from '../../src/core/protocols/whatsapp/whatsapp';

const wild = (name: string) => extract({ corpus: 'external', name, path: join(WILD, 'captures', name) });

/** [capture, flows claimed, the user's phone as found: value, encoding, frame]. */
const ROWS: [string, number[], [string, string, number][]][] = [
  ['ntop-nDPI__whatsapp_login_chat.pcap', [2], [['+393473461768', 'plain', 8]]],
  ['ntop-nDPI__whatsapp_voice_and_message.pcap', [0, 9, 10, 11, 12], [4, 86, 124, 186, 238].map((f) => ['+5521982901510', 'bcd', f])],
];

describe('WhatsApp login in real captures', () => {
  it.each(ROWS)('%s', (name, flows, phones) => {
    const x = wild(name);
    expect(x.apps.filter((a) => a[1] === 'whatsapp').map((a) => [a[0], a[2]])).toEqual(flows.map((f) => [f, true]));
    // The capture's other field findings are DHCP's (a Mac on the same LAN).
    const wa = x.fields.filter((f) => f.protocol === 'whatsapp');
    expect(wa.map((f) => [f.value, f.encoding, f.frame])).toEqual(phones);
    expect(wa.every((f) => f.type === 'phone' && f.direction === 'upload')).toBe(true);
    expect(x.fields.filter((f) => f.protocol !== 'whatsapp' && f.protocol !== 'dhcp')).toEqual([]);
    // Nothing of the encrypted stream goes to the scanner.
    expect(x.scans.filter((s) => flows.includes(s.flow))).toEqual([]);
  });
});

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((h) => parseInt(h, 16)));

describe('WhatsApp', () => {
  it('detects the stream start', () => {
    expect(isWhatsAppStart(hex('5741'))).toBe('more');
    expect(isWhatsAppStart(hex('57410105000017f8'))).toBe(true);
    expect(isWhatsAppStart(new TextEncoder().encode('WAIT 123 HTTP/1.1'))).toBe(false);
    expect(isWhatsAppStart(hex('4741010500001af8'))).toBe(false);
  });
  it('reads the user attribute as a string token and nibble-packed', () => {
    expect(userOf(hex('f8060c56bfb5fc0c333933343733343631373638fc50'))).toEqual({ digits: '393473461768', encoding: 'plain' });
    expect(userOf(hex('f8080cb5ff875521982901510fec4e'))).toEqual({ digits: '5521982901510', encoding: 'bcd' });
    expect(userOf(hex('f8080cb5fc03616263'))).toBeNull();
  });
});
