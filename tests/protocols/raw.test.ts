/**
 * What no protocol claims is scanned raw: a TCP stream in bounded chunks ('tcp' payload), each
 * UDP datagram as it came ('udp' payload). Rows are flows of real captures no protocol of the
 * registry reads.
 */
import { describe, expect, it } from 'vitest';
import { RAW_CHUNK } from '../../src/core/protocols/raw/raw';
import { external, extract, leak, scanRows, unscanned, type Source } from './helpers';

interface Row {
  src: Source;
  flow: number;
  transport: 'tcp' | 'udp';
  /** The first scan inputs: [direction, frame, length, what the bytes start with]. */
  first: [dir: 'upload' | 'download', frame: number, length: number, start: string][];
  /** Scan inputs of the flow in all. */
  count: number;
}

const ROWS: Row[] = [
  {
    // SSH (TCP 22) inside VXLAN: each direction's bytes up to the close in one chunk.
    src: external('vxlan-decoder-03__vxlan.pcap'),
    flow: 3,
    transport: 'tcp',
    first: [['upload', 21, 1601, 'SSH-2.0-OpenSSH_7.9p1 Ubuntu-10\r\n'], ['download', 26, 1785, 'SSH-2.0-OpenSSH_7.4\r\n']],
    count: 2,
  },
  {
    // SIP (UDP 5060 both sides): one scan input per datagram, keep-alives included.
    src: external('sip-method__sip.pcap'),
    flow: 4,
    transport: 'udp',
    first: [
      ['upload', 19, 467, 'REGISTER sip:sip.cybercity.dk SIP/2.0\r\n'],
      ['download', 20, 486, 'SIP/2.0 401 Unauthorized\r\n'],
      ['upload', 30, 680, 'REGISTER sip:sip.cybercity.dk SIP/2.0\r\n'],
      ['download', 31, 306, 'SIP/2.0 100 Trying\r\n'],
      ['download', 32, 346, 'SIP/2.0 403 Wrong password\r\n'],
    ],
    count: 84,
  },
  {
    // The leak corpus' custom UDP heartbeat (port 9999) with the IMEI and ICCID in clear.
    src: leak('11-udp-custom.pcap'),
    flow: 1,
    transport: 'udp',
    first: [['upload', 3, 85, '{"t":"hb","imei":"862287025963539","iccid":"89860114529727340129"'], ['download', 4, 20, '{"ret":0,"next":300}']],
    count: 2,
  },
  {
    // DCE/RPC on a dynamic port: 99,938 upload bytes cut at RAW_CHUNK (see below).
    src: external('bug-5162__input.pcap'),
    flow: 1,
    transport: 'tcp',
    first: [['upload', 1910, 65582, '\x05\x00\x0b\x03'], ['upload', 2890, 34612, '\x00\x00\x0f\x00'], ['download', 2891, 54768, '\x05\x00\x0c\x03']],
    count: 3,
  },
];

describe('raw scanning of flows no protocol claims', () => {
  it.each(ROWS.map((r) => [`${r.src.name} flow ${r.flow}`, r] as const))('%s', (_name, row) => {
    const x = extract(row.src);
    const flow = x.flows[row.flow];
    expect(flow.transport).toBe(row.transport);
    expect(x.apps.filter((a) => a[0] === row.flow)).toEqual([]);
    expect([...x.dns, ...x.http, ...x.tls].filter((r) => r.flow === row.flow)).toEqual([]);
    const rows = scanRows(x.scans, row.flow);
    expect(rows).toHaveLength(row.count);
    // A datagram is one scan input.
    if (row.transport === 'udp') expect(flow.packets).toBe(row.count);
    expect(rows.every(([p, part]) => p === row.transport && part === 'payload')).toBe(true);
    expect(x.scans.filter((s) => s.flow === row.flow && s.encryptedOnWire)).toEqual([]);
    const first = row.first.map((want, i) => rows[i] && [rows[i][2], rows[i][3], rows[i][4].length, rows[i][4].slice(0, want[3].length)]);
    expect(first).toEqual(row.first);
    if (row.src.corpus === 'leaks') expect(unscanned(row.src, x, row.transport)).toEqual([]);
  });

  it('a long raw TCP direction is cut at RAW_CHUNK; the next chunk repeats the last 256 bytes', () => {
    const x = extract(external('bug-5162__input.pcap'));
    const [a, b] = x.scans.filter((s) => s.flow === 1 && s.direction === 'upload').map((s) => s.bytes);
    expect(x.flows[1].payloadBytes[0]).toBe(99938);
    // The chunk is flushed by the segment that took it past RAW_CHUNK.
    expect(a.length).toBeGreaterThanOrEqual(RAW_CHUNK);
    expect(a.length - RAW_CHUNK).toBeLessThan(1460);
    expect(b.length).toBe(99938 - a.length + 256);
    expect(b.subarray(0, 256)).toEqual(a.subarray(a.length - 256));
  });
});
