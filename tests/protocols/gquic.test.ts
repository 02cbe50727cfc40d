/** Google QUIC: the client's CHLO read for its SNI (as tshark's gquic.tag.sni) and its user agent. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WILD } from '../corpus';
import { extractCapture } from '../pipeline';
import { chloTags, isGquicHello } from '../../src/core/protocols/gquic/gquic';
import { bytesOf, textOf } from '../../src/core/bytes';

const TSHARK: Record<string, string[]> = JSON.parse(readFileSync(join(import.meta.dirname, 'gquic.tshark.json'), 'utf8'));
const captures = Object.keys(TSHARK).filter((k) => k !== 'about');

describe('gQUIC in real captures', () => {
  it.each(captures)('%s: the SNIs tshark reads, as tls records on UDP flows marked encrypted', (name) => {
    const x = extractCapture(join(WILD, 'captures', name));
    const snis = [...new Set(x.tls.filter((t) => t.transport === 'udp' && t.version?.startsWith('gquic')).map((t) => t.sni).filter(Boolean))].sort();
    // Q050 protects its Initial like IETF QUIC (with its own salt): not read yet.
    expect(snis).toEqual(name === 'ntop-nDPI__gquic.pcap' ? [] : TSHARK[name]);
    for (const t of x.tls.filter((h) => h.version?.startsWith('gquic'))) expect(x.apps).toContainEqual([t.flow, 'quic', true]);
  });

  it('hands the user agent (UAID) to the scanner: the device model of an Android phone', () => {
    const x = extractCapture(join(WILD, 'captures', 'ntop-nDPI__quic_q46.pcap'));
    expect(x.scans.filter((s) => s.protocol === 'gquic').map((s) => [s.part, textOf(s.bytes), s.frame])).toEqual([
      ['user-agent', 'Chrome/74.0.3729.157 Android 8.0.0; BND-L21', 1],
    ]);
  });

  it('reads a CHLO tag map and refuses a damaged one', () => {
    // CHLO, 2 entries, padding; SNI\0 ends at 3, UAID at 5; values "a.b" "ua".
    const msg = new Uint8Array([...bytesOf('CHLO'), 2, 0, 0, 0, ...bytesOf('SNI\0'), 3, 0, 0, 0, ...bytesOf('UAID'), 5, 0, 0, 0, ...bytesOf('a.bua')]);
    const tags = chloTags(msg, 0)!;
    expect([...tags].map(([k, v]) => [k, textOf(v)])).toEqual([['SNI\0', 'a.b'], ['UAID', 'ua']]);
    expect(chloTags(msg.subarray(0, msg.length - 2), 0)).toBeNull();
    expect(isGquicHello(new Uint8Array([0x0d, 1, 2, 3, 4, 5, 6, 7, 8, ...bytesOf('Q043'), ...msg]))).toBe(true);
    expect(isGquicHello(new Uint8Array([0xc3, ...bytesOf('xxxx'), ...msg]))).toBe(false);
  });
});
