import { describe, expect, it } from 'vitest';
import { concatAll, fromHex } from '../../src/core/bytes';
import { bytes, drive, mkFlow } from '../protocols/helpers';

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('damaged input never throws', () => {
  it('survives random bytes behind every protocol prefix', () => {
    const r = rng(7);
    const prefixes: [string, 'tcp' | 'udp', number, Uint8Array][] = [
      ['http', 'tcp', 80, bytes('GET / HTTP/1.1\r\nContent-Length: 10\r\n\r\n')],
      ['http-resp', 'tcp', 80, bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n')],
      ['tls', 'tcp', 443, fromHex('160301')],
      ['mqtt', 'tcp', 1883, fromHex('1010 0004 4d515454')],
      ['dns-tcp', 'tcp', 53, fromHex('0040')],
      ['dns', 'udp', 53, fromHex('0000')],
      ['quic', 'udp', 443, fromHex('c00000000108')],
      ['quic2', 'udp', 443, fromHex('d06b3343cf')],
    ];
    for (const [, transport, port, prefix] of prefixes) {
      for (let round = 0; round < 200; round++) {
        const junk = Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256));
        const all = concatAll([prefix, junk]);
        const cut = Math.floor(r() * all.length);
        const c = drive(mkFlow(0, transport, 40000, port), [['upload', all.subarray(0, cut)], ['download', junk], ['upload', all.subarray(cut)]]);
        expect(c.warnings.filter((w) => w.code === 'extract-error')).toEqual([]);
      }
    }
  });
});
