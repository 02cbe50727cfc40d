/** gzip in front of pcap/pcapng: detected from the bytes, multi-member, cut short, or junk. */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/core/capture/index';
import { concat } from './build';
import { EXTERNAL } from '../corpus';
import { readFile } from '../pipeline';
import { readCapture } from './helpers';

const gz = (b: Uint8Array) => new Uint8Array(gzipSync(b));
// The largest pcap and a pcapng of the external set, so records straddle inflate output chunks.
const PCAP = readFile(join(EXTERNAL, 'captures', 'tls__tls-subjectaltname__input.pcap'));
const PCAPNG = readFile(join(EXTERNAL, 'captures', 'dns__dns-incomplete__input.tsresol6.pcapng'));

describe('gzip', () => {
  for (const [name, plain] of [
    ['pcap', PCAP],
    ['pcapng', PCAPNG],
  ] as const) {
    it(`reads a gzipped ${name} like the plain file`, () => {
      const expected = readCapture(plain);
      expect(expected.frames.length).toBeGreaterThan(2);
      const r = readCapture(gz(plain));
      expect(r.format).toBe(name);
      expect(r.compressed).toBe(true);
      expect(r.frames).toEqual(expected.frames);
      expect(r.warnings).toEqual([]);
      expect(r.bytesRead).toBe(plain.length); // decompressed bytes
      expect(readCapture(gz(plain), { seed: 9, max: 300 }).frames).toEqual(expected.frames);
    });
  }

  it('reads a multi-member gzip split inside a record', () => {
    const cut = Math.floor(PCAP.length / 2) + 3;
    const multi = concat(gz(PCAP.subarray(0, cut)), gz(PCAP.subarray(cut)));
    const expected = readCapture(PCAP);
    const r = readCapture(multi, 'bytes');
    expect(r.frames).toEqual(expected.frames);
    expect(r.warnings).toEqual([]);
  });

  it('reads a cut-off gzip up to the damage and warns', () => {
    const all = readCapture(PCAP).frames;
    const z = gz(PCAP);
    const r = readCapture(z.subarray(0, Math.floor(z.length * 0.6)));
    expect(r.format).toBe('pcap');
    expect(r.frames.length).toBeGreaterThan(0);
    expect(r.frames.length).toBeLessThan(all.length);
    expect(r.frames).toEqual(all.slice(0, r.frames.length));
    expect(r.warnings.map((w) => w.code)).toContain('capture-gzip');
    expect(r.warnings.find((w) => w.code === 'capture-gzip')!.message).toMatch(/cut short/);
  });

  it('warns about junk after the last member but keeps every frame', () => {
    const r = readCapture(concat(gz(PCAP), new Uint8Array(16)));
    expect(r.frames.length).toBe(readCapture(PCAP).frames.length);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'capture-gzip' })]);
  });

  it('refuses gzip that holds no capture', () => {
    expect(() => readCapture(gz(new TextEncoder().encode('<html>hello</html>')))).toThrow(/gzip file does not hold a capture: not a pcap, pcapng, HAR, mitmproxy or App Privacy Report file \(starts with 3c 68 74 6d\)/);
    expect(() => readCapture(gz(new Uint8Array(0)))).toThrow(CaptureError);
    expect(() => readCapture(gz(gz(PCAP)))).toThrow(CaptureError);
  });
});
