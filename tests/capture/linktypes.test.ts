/** Link-type names must read exactly as capinfos prints them. */
import { describe, expect, it } from 'vitest';
import { linktypeName } from '../../src/core/capture/index';
import { isSupportedLinktype } from '../../src/core/decode/index';
import { externalTruths as loadTruths } from '../corpus';
import { loadManifest } from './helpers';

describe('linktypeName', () => {
  it('gives the capinfos names for the well-known types', () => {
    const expected: Record<number, string> = {
      0: 'null', 1: 'ether', 9: 'ppp', 12: 'rawip', 14: 'rawip', 50: 'ppp', 101: 'rawip', 104: 'chdlc',
      105: 'ieee-802-11', 108: 'loop', 113: 'linux-sll', 127: 'ieee-802-11-radiotap', 228: 'rawip4',
      229: 'rawip6', 276: 'linux-sll2', 149: 'user2', 160: 'user13',
    };
    for (const [n, name] of Object.entries(expected)) expect(linktypeName(Number(n))).toBe(name);
    expect(linktypeName(284)).toBe('linktype-284');
  });

  it('agrees with every truth file (names present in the external corpus)', () => {
    const names = new Set(loadTruths().map((t) => t.linktype));
    expect([...names].sort()).toEqual(['chdlc', 'ether', 'linux-sll', 'linux-sll2', 'null', 'ppp', 'rawip', 'rawip4']);
    // The per-file agreement (number read from the file -> name) is asserted in corpus.test.ts.
  });

  it('has a name for every link type capinfos named in the malformed manifest', () => {
    const named = loadManifest().filter((m) => m.linktype !== '?' && m.linktype !== '-');
    expect(named.length).toBeGreaterThan(130);
    const known = new Set(Array.from({ length: 300 }, (_, n) => linktypeName(n)));
    for (const m of named) expect(known.has(m.linktype)).toBe(true);
  });

  it('marks the decodable link types as supported', () => {
    for (const n of [0, 1, 9, 12, 14, 50, 101, 104, 105, 108, 113, 127, 192, 228, 229, 276]) expect(isSupportedLinktype(n)).toBe(true);
    for (const n of [164, 182, 281, 284, 285, 132]) expect(isSupportedLinktype(n)).toBe(false);
  });
});
