/** TiVo Connect beacons (src/core/protocols/tivo): a media server's beacon, from a real capture. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WILD } from '../corpus';
import { extractCapture } from '../pipeline';
import { macOfUuid } from '../../src/core/identifiers/mac';
import { beaconFields, parseBeacon } from '../../src/core/protocols/tivo/tivo';

describe('tivo', () => {
  it('ntop-nDPI__TivoDVR: machine=R7000P as model, the MAC in the version-1 identity UUID', () => {
    const r = extractCapture(join(WILD, 'captures/ntop-nDPI__TivoDVR.pcap'));
    expect(r.fields.filter((f) => f.protocol === 'tivo').map((f) => [f.frame, f.type, f.value, f.encoding].join(' '))).toEqual([
      '1 model R7000P plain', '1 mac 14:59:c0:99:c0:43 hex', '2 model R7000P plain', '2 mac 14:59:c0:99:c0:43 hex',
    ]);
    expect(r.scans.filter((s) => s.protocol === 'udp')).toEqual([]);
  });

  it('a UUID gives a MAC only when time-based with a unicast node', () => {
    expect(macOfUuid('4d696e69-444c-164e-9d41-1459c099c043')).toBe('14:59:c0:99:c0:43');
    expect(macOfUuid('4d696e69-444c-464e-9d41-1459c099c043')).toBeNull(); // version 4
    expect(macOfUuid('4d696e69-444c-164e-9d41-1559c099c043')).toBeNull(); // multicast bit: random node
  });

  it('a datagram that is not a beacon is no beacon (the handler warns tivo-malformed); the real one has no warning', () => {
    expect(parseBeacon('\x00\x01machine=R7000P')).toBeNull();
    expect(beaconFields(parseBeacon('TiVoConnect=1\nmachine=\nidentity=garbage')!)).toEqual([]);
    const r = extractCapture(join(WILD, 'captures/ntop-nDPI__TivoDVR.pcap'));
    expect(r.warnings.filter((w) => w.code === 'tivo-malformed')).toEqual([]);
  });
});
