/** NetBIOS name service (src/core/protocols/nbns): the names a host registers for itself, from a real capture. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WILD } from '../corpus';
import { extractCapture } from '../pipeline';
import { decodeNetbiosName, parseNbns } from '../../src/core/protocols/nbns/nbns';

describe('nbns', () => {
  it('ntop-nDPI__zoom: LUCAS-IMAC (<00> and <20>) from 192.168.1.117, not the group WORKGROUP', () => {
    const r = extractCapture(join(WILD, 'captures/ntop-nDPI__zoom.pcap'));
    expect(r.fields.filter((f) => f.protocol === 'nbns').map((f) => [f.frame, f.type, f.value, f.context].join(' '))).toEqual([
      '21 device_name LUCAS-IMAC NetBIOS name: LUCAS-IMAC<00>', '22 device_name LUCAS-IMAC NetBIOS name: LUCAS-IMAC<20>',
    ]);
    expect(r.warnings.filter((w) => w.code === 'nbns-malformed')).toEqual([]);
  });

  it('decodes the first-level encoding; a record cut short is reported', () => {
    expect(decodeNetbiosName(new TextEncoder().encode('EMEBEHEFFCCACACACACACACACACACAAA'))).toEqual({ name: 'LAGER', suffix: 0 });
    const cut = new Uint8Array([0, 1, 0x28, 0x10, 0, 1, 0, 0, 0, 0, 0, 1, 0x20]);
    expect(parseNbns(cut).damaged).toBe('question cut short');
    expect(parseNbns(new Uint8Array(5)).damaged).toBe('shorter than the NBNS header');
  });
});
