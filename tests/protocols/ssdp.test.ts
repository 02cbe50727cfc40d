/** SSDP (src/core/protocols/ssdp): searches from real captures, an announcement built by hand. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WILD } from '../corpus';
import { extractCapture } from '../pipeline';
import { parseSsdp } from '../../src/core/protocols/ssdp/ssdp';

const dec = new TextDecoder();

describe('ssdp', () => {
  it('ntop-nDPI__ssdp-m-search-ua: a search sends only its USER-AGENT to the scanner', () => {
    const r = extractCapture(join(WILD, 'captures/ntop-nDPI__ssdp-m-search-ua.pcap'));
    const scans = r.scans.filter((s) => s.protocol === 'ssdp');
    expect(scans.length).toBeGreaterThan(0);
    expect(new Set(scans.map((s) => dec.decode(s.bytes).trim()))).toEqual(new Set(['USER-AGENT: Google Chrome/99.0.4844.74 Mac OS X']));
    expect(r.fields.filter((f) => f.protocol === 'ssdp')).toEqual([]);
  });

  it('ntop-nDPI__netflix: searches without USER-AGENT send nothing (their ST names targets)', () => {
    const r = extractCapture(join(WILD, 'captures/ntop-nDPI__netflix.pcap'));
    const flows = new Set(r.apps.filter(([, app]) => app === 'ssdp').map(([f]) => f));
    expect(flows.size).toBeGreaterThan(0);
    expect(r.scans.filter((s) => flows.has(s.flow))).toEqual([]);
  });

  it('a NOTIFY: headers kept; not SSDP is null', () => {
    const m = parseSsdp(new TextEncoder().encode('NOTIFY * HTTP/1.1\r\nUSN: uuid:4d696e69-444c-164e-9d41-1459c099c043::upnp:rootdevice\r\nSERVER: Linux UPnP/1.0\r\n\r\n'));
    expect(m?.kind).toBe('notify');
    expect(m?.headers.map((h) => `${h.name}=${h.value}`)).toEqual(['usn=uuid:4d696e69-444c-164e-9d41-1459c099c043::upnp:rootdevice', 'server=Linux UPnP/1.0']);
    expect(parseSsdp(new Uint8Array([0, 1, 2]))).toBeNull();
  });
});
