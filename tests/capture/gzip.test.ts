/** gzip in front of pcap/pcapng: detected from the bytes, multi-member, cut short, or junk. */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../src/core/capture/index';
import { GunzipStream, GZIP_BOMB } from '../../src/core/capture/gunzip';
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

describe('gzip inflating far beyond its size (issue 15: a 4 GB bomb went unnoted)', () => {
  // One member of 1 MiB of zeros (~1 KiB), pushed again and again: the bomb streams, nothing big is held.
  const MiB = 1 << 20;
  const member = gz(new Uint8Array(MiB));

  it('warns once, as soon as the ratio and the floor are crossed, and reads on', () => {
    expect(member.length).toBeLessThan(MiB / 500);
    const notes: { code: string; message: string; at: number }[] = [];
    let produced = 0;
    const g = new GunzipStream(
      (d) => void (produced += d.length),
      (code, message) => void notes.push({ code, message, at: produced }),
      { ratio: 100, bytes: 16 * MiB },
    );
    for (let i = 0; i < 64; i++) g.push(member);
    g.end();
    expect(produced).toBe(64 * MiB);
    expect(notes.map((n) => n.code)).toEqual(['capture-gzip-ratio']);
    // Raised with the chunk that crossed 16 MiB, not at the end (the input goes in by 64 KiB batches).
    expect(notes[0].at).toBeGreaterThanOrEqual(16 * MiB);
    expect(notes[0].at).toBeLessThanOrEqual(17 * MiB);
    expect(notes[0].message).toMatch(/^gzip inflates to more than 100 times its size \(1[67] MiB from 64 KiB so far\): a gzip bomb/);
  });

  it('says nothing for a real capture, even past the floor (its ratio is far below 100)', () => {
    const notes: string[] = [];
    const g = new GunzipStream(() => {}, (code) => void notes.push(code), { ratio: 100, bytes: 0 });
    g.push(gz(PCAP));
    g.end();
    expect(notes).toEqual([]);
  });

  it('by default: 100:1 past 1 GiB', () => {
    expect(GZIP_BOMB).toEqual({ ratio: 100, bytes: 2 ** 30 });
  });
});
