/** Ubiquiti discovery (src/core/protocols/ubnt): a UniFi gateway's announcements, from a real capture. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WILD } from '../corpus';
import { extractCapture } from '../pipeline';
import { parseUbnt, ubntFields } from '../../src/core/protocols/ubnt/ubnt';

describe('ubnt', () => {
  it('ntop-nDPI__ubntac2: the gateway\'s two MACs and its model, not the factory host name "ubnt"', () => {
    const r = extractCapture(join(WILD, 'captures/ntop-nDPI__ubntac2.pcap'));
    const got = r.fields.filter((f) => f.protocol === 'ubnt');
    const frames = new Set(got.map((f) => f.frame));
    expect(frames.size).toBe(8);
    expect(got.filter((f) => f.frame === 1).map((f) => [f.type, f.value, f.encoding].join(' '))).toEqual([
      'mac 80:2a:a8:8d:69:2b binary', 'mac 80:2a:a8:8d:69:2c binary', 'model UGW3 plain',
    ]);
    expect(r.warnings.filter((w) => w.code === 'ubnt-malformed')).toEqual([]);
    expect(r.scans.filter((s) => got.some((f) => f.flow === s.flow))).toEqual([]);
  });

  it('a TLV cut short is reported and the TLVs before it are kept', () => {
    const d = new Uint8Array([2, 6, 0, 20, 0x0c, 0, 4, 0x55, 0x47, 0x57, 0x33, 0x01, 0, 6, 0x80, 0x2a]);
    const { tlvs, damaged } = parseUbnt(d);
    expect(damaged).toBe('TLV 0x1 cut short');
    expect(ubntFields(tlvs).map((f) => f.value)).toEqual(['UGW3']);
    expect(parseUbnt(new Uint8Array([9, 9])).damaged).toBe('not a Ubiquiti discovery header');
  });
});
