/** Google QUIC: the client's CHLO read for its SNI and user agent, as tshark's gquic.tag.sni / gquic.tag.uaid. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGquicHello } from '../../src/core/protocols/gquic/gquic';
import { chloTags } from '../../src/core/protocols/gquic/chlo';
import { initialKeys, openPacket, QUIC_Q050, sealPacket } from '../../src/core/protocols/quic/quicCrypto';
import { bytesOf, textOf } from '../../src/core/bytes';
import { drive, extract, flowEvents, mkFlow, scanRows, wild } from './helpers';

const TSHARK: { sni: Record<string, string[]>; uaid: Record<string, string[]> } = JSON.parse(readFileSync(join(import.meta.dirname, 'gquic.tshark.json'), 'utf8'));
const captures = Object.keys(TSHARK.sni);

describe('gQUIC in real captures', () => {
  it.each(captures)('%s: the SNIs and user agents tshark reads; tls records on UDP flows marked encrypted', (name) => {
    const x = extract(wild(name));
    const gquic = x.tls.filter((t) => t.transport === 'udp' && t.version?.startsWith('gquic'));
    expect([...new Set(gquic.map((t) => t.sni).filter(Boolean))].sort()).toEqual(TSHARK.sni[name]);
    expect([...new Set(x.scans.filter((s) => s.protocol === 'gquic' && s.part === 'user-agent').map((s) => textOf(s.bytes)))].sort()).toEqual(TSHARK.uaid[name]);
    for (const t of gquic) expect(x.apps).toContainEqual([t.flow, 'quic', true]);
    expect(x.warnings).toEqual([]);
  });

  it('hands the user agent (UAID) to the scanner: the device model of an Android phone', () => {
    const x = extract(wild('ntop-nDPI__quic_q46.pcap'));
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

/**
 * ntop-nDPI__gquic.pcap: Chrome canary 85's one Q050 Initial (1,350 bytes). Header: first byte,
 * version, DCID length 8 and the DCID, SCID length 0, token length 0, a 2-byte Length (1332),
 * then a 1-byte packet number at offset 18 (tshark: Packet Number 1).
 */
const Q050 = wild('ntop-nDPI__gquic.pcap');
const PN_AT = 18;

function realInitial(): Uint8Array {
  const { events } = flowEvents(Q050, 0);
  expect(events.map((e) => [e.dir, e.bytes.length, e.frame])).toEqual([['upload', 1350, 1]]);
  return events[0].bytes;
}

/** The real Initial's keys and decrypted frames (a CRYPTO frame with the CHLO, then PADDING). */
function opened(): { keys: ReturnType<typeof initialKeys>; payload: Uint8Array; header: Uint8Array } {
  const d = realInitial();
  const keys = initialKeys(d.subarray(6, 14), QUIC_Q050);
  const o = openPacket(keys, d, PN_AT, -1)!;
  expect(o.pn).toBe(1);
  // The unprotected header: Initial, 1-byte packet number.
  const header = d.slice(0, PN_AT + 1);
  header[0] = 0xc0;
  header[PN_AT] = 1;
  return { keys, payload: o.payload, header };
}

/** A Q050 Initial of the real packet's size holding `frames` (then PADDING), sealed as packet `pn`. */
function seal(frames: Uint8Array, pn: number): Uint8Array {
  const { keys, payload, header } = opened();
  const p = new Uint8Array(payload.length);
  p.set(frames);
  const h = header.slice();
  h[PN_AT] = pn;
  return sealPacket(keys, h, PN_AT, pn, p);
}

/** gQUIC CRYPTO frame (type 0x08) with 2-byte varints for offset and length. */
function cryptoFrame(off: number, data: Uint8Array): Uint8Array {
  return new Uint8Array([0x08, 0x40 | (off >> 8), off & 0xff, 0x40 | (data.length >> 8), data.length & 0xff, ...data]);
}

/** The real CHLO (the CRYPTO stream's 1,024 bytes at offset 0). */
function realChlo(): Uint8Array {
  const { payload } = opened();
  expect([...payload.subarray(0, 5)]).toEqual([0x08, 0x00, 0x44, 0x00, ...bytesOf('C')]);
  return payload.slice(4, 4 + 1024);
}

const flow = () => mkFlow(0, 'udp', 61097, 443);

describe('gQUIC Q050: the CHLO in a protected Initial', () => {
  it('decrypts the real Initial with the Q050 salt: a tls record like the older versions\', the UAID scanned', () => {
    const x = extract(Q050);
    expect(x.tls).toEqual([{ flow: 0, frame: 1, transport: 'udp', sni: 'www.gstatic.com', alpn: [], ja3Full: '', ja3: '', version: 'gquic-q050' }]);
    expect(x.apps).toEqual([[0, 'quic', true]]);
    // The UAID is the flow's only scan input (no raw payload), read as on the wire.
    expect(scanRows(x.scans, 0)).toEqual([['gquic', 'user-agent', 'upload', 1, 'canary Chrome/85.0.4169.0 Windows NT 10.0; Win64; x64']]);
    expect(x.scans[0].encryptedOnWire).toBe(false);
    expect(x.warnings).toEqual([]);
  });

  it('reassembles a CHLO split over two Initials sent out of order', () => {
    const chlo = realChlo();
    const c = drive(flow(), [['upload', seal(cryptoFrame(500, chlo.subarray(500)), 2)], ['upload', seal(cryptoFrame(0, chlo.subarray(0, 500)), 1)]]);
    expect(c.hellos.map((h) => [h.sni, h.version, h.frame])).toEqual([['www.gstatic.com', 'gquic-q050', 2]]);
    expect(c.warnings).toEqual([]);
  });

  it('passes quietly over what it cannot or need not open: a damaged tag, other packet types, short headers, server packets, repeats', () => {
    const d = realInitial();
    const tampered = d.slice();
    tampered[600] ^= 1; // fails authentication
    const handshake = d.slice();
    handshake[0] = (handshake[0] & 0xcf) | 0x20; // Handshake: skipped, not decrypted
    const short = new Uint8Array([0x40, ...d.subarray(1, 60)]);
    // A server Initial: the server's keys, which the client-side reader does not hold.
    const { payload, header } = opened();
    const server = sealPacket(initialKeys(d.subarray(6, 14), QUIC_Q050, 'server'), header, PN_AT, 1, payload);
    const c = drive(flow(), [['upload', tampered], ['upload', handshake], ['download', server], ['upload', short], ['upload', d], ['upload', d]]);
    // Only the intact Initial counts, once; nothing is warned.
    expect(c.hellos.map((h) => [h.sni, h.frame])).toEqual([['www.gstatic.com', 5]]);
    expect(c.warnings).toEqual([]);
    expect(c.apps).toContainEqual([0, 'quic', true]);
  });

  it('warns once about a damaged CHLO inside a good Initial and emits nothing', () => {
    const chlo = realChlo();
    chlo[4] = 200; // 200 tags: more than a CHLO holds
    const c = drive(flow(), [['upload', seal(cryptoFrame(0, chlo), 1)], ['upload', seal(cryptoFrame(0, chlo), 2)]]);
    expect(c.hellos).toEqual([]);
    expect(c.warnings.map((w) => [w.code, w.message])).toEqual([['gquic-malformed', 'gQUIC CHLO in flow 0 is damaged']]);
  });

  it('never throws on the Initial cut at every length, and warns at most once per flow', () => {
    const d = realInitial();
    for (let n = 1; n < d.length; n += 7) {
      const c = drive(flow(), [['upload', d.subarray(0, n)], ['upload', d.subarray(0, n)]]);
      expect(c.hellos).toEqual([]);
      expect(c.warnings.length).toBeLessThanOrEqual(1);
      expect(c.warnings.every((w) => w.code === 'gquic-malformed')).toBe(true);
    }
  });
});
