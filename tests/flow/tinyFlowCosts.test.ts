/**
 * Per-packet and per-flow costs cut for 1M tiny flows (issue 15, DESIGN.md "Many flows",
 * flows2): the decoder's shared packet array, HTTP/1 heads parsed at byte positions, latin1
 * through TextDecoder for ASCII, the ledger deciding a flow as it retires when the scanner is
 * inline.
 */
import { describe, expect, it } from 'vitest';
import { PacketDecoder } from '../../src/core/decode';
import { EMPTY_BYTES, fromLatin1, latin1 } from '../../src/core/bytes';
import { FlowLedger } from '../../src/core/flow/flowLedger';
import type { Flow } from '../../src/core/flow/types';
import { ascii, eth, frame, ipv4, tcp, udp } from '../decode/build';
import { drive, mkFlow } from '../protocols/helpers';

describe('decoder shared packet array', () => {
  it('holds each frame\'s packets, the same as decode(); a segment without payload has the shared empty bytes', () => {
    const dec = new PacketDecoder(() => {});
    const syn = frame(eth(0x0800, ipv4({ proto: 6 }, tcp({ seq: 7, flags: 0x02 }, new Uint8Array(0)))), 1, 1);
    const get = frame(eth(0x0800, ipv4({ proto: 6 }, tcp({ seq: 8, flags: 0x18 }, ascii('GET / HTTP/1.1\r\n\r\n')))), 1, 2);
    expect(dec.decodeShared(syn)).toBe(1);
    const first = dec.shared[0];
    expect(first.payload).toBe(EMPTY_BYTES);
    expect(first.outermost).toBe(true);
    const firstTcp = first.tcp;
    expect(dec.decodeShared(get)).toBe(1);
    // The slot's objects are reused (issue 16), their fields all the new frame's.
    expect(dec.shared[0]).toBe(first);
    expect(dec.shared[0].tcp).toBe(firstTcp);
    expect(dec.shared[0].tcp).toMatchObject({ seq: 8, flags: 0x18 });
    expect(dec.shared[0].outermost).toBe(true);
    expect(latin1(dec.shared[0].payload)).toBe('GET / HTTP/1.1\r\n\r\n');
    expect(dec.shared[0].frame).toBe(2);
    const again = dec.decode(get);
    expect(again.length).toBe(1);
    expect(again[0]).not.toBe(first);
    expect({ ...again[0], payload: null }).toEqual({ ...dec.shared[0], payload: null });
    // A UDP packet in the same slot keeps nothing of the TCP one; decode() lists no undefined field.
    const dns = frame(eth(0x0800, ipv4({ proto: 17 }, udp(5353, 53, ascii('q')))), 1, 3);
    expect(dec.decodeShared(dns)).toBe(1);
    expect(dec.shared[0]).toMatchObject({ transport: 'udp', tcp: undefined, frame: 3, srcPort: 5353, dstPort: 53 });
    expect(Object.keys(dec.decode(dns)[0])).not.toContain('tcp');
  });
});

describe('HTTP/1 head at byte positions', () => {
  it('trims, folds and skips lines as the line-array parse did', () => {
    const head = 'GET /a?b=1 HTTP/1.1\r\nHost: \t h.example \xa0\r\n X-Fold:  a\r\n\tcont \r\nNoColon\r\n:empty\r\nK:v\nLast :  x y  \r\n\r\n';
    const c = drive(mkFlow(0, 'tcp', 40000, 80), [['upload', fromLatin1(head)]]);
    const [m] = c.httpMsgs;
    expect(m.method).toBe('GET');
    expect(m.uri).toBe('/a?b=1');
    expect(m.host).toBe('h.example X-Fold:  a cont');
    expect(m.headers).toEqual([['Host', 'h.example X-Fold:  a cont'], ['K', 'v'], ['Last', 'x y']]);
    const scans = c.scans.map((s) => [s.part, latin1(s.bytes)]);
    expect(scans).toEqual([['url', '/a?b=1'], ['header', head.slice(head.indexOf('\n') + 1)]]);
  });

  it('reads a response status and a head without a CR', () => {
    const c = drive(mkFlow(0, 'tcp', 40000, 80), [['upload', ascii('GET / HTTP/1.1\n\n')], ['download', ascii('HTTP/1.1 204 No Content\nServer:  x\n\n')]]);
    expect(c.httpMsgs.map((m) => [m.kind, m.status ?? null, m.headers])).toEqual([['request', null, []], ['response', 204, [['Server', 'x']]]]);
  });
});

describe('latin1', () => {
  it('maps every byte to its own char, ASCII or not', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const s = latin1(all);
    expect(s.length).toBe(256);
    for (let i = 0; i < 256; i++) expect(s.charCodeAt(i)).toBe(i);
    expect(latin1(ascii('xGET /\r\n'), 1, 6)).toBe('GET /');
  });
});

describe('flow ledger wait', () => {
  const flow = (id: number, bytes: number): Flow => ({ ...mkFlow(id, 'tcp', 40000 + id, 80), bytes });

  it('decides a retired flow at once with the inline scanner', () => {
    const ledger = new FlowLedger(1, (id) => id === 2);
    const all = [0, 1, 2, 3].map((i) => flow(i, 100 + i));
    for (const f of all) ledger.open(f);
    for (const f of all) ledger.retire(f);
    // Flows 0 and 1 fold as 1 and 3 come in; 2 has a finding and is kept (the one place it takes).
    expect(ledger.folded.count).toBe(2);
    ledger.settle();
    expect(ledger.listed().flows.map((f) => f.id)).toEqual([2]);
  });

  it('with scan workers, a flow waits until the scanner has answered for the inputs taken before it retired', () => {
    const progress = { taken: 0, answered: 0 };
    const found = new Set<number>();
    const ledger = new FlowLedger(1, (id) => found.has(id));
    ledger.setProgress(progress);
    const all = [0, 1, 2, 3].map((i) => flow(i, 100 + i));
    for (const f of all) ledger.open(f);
    // Each flow gives one input, then retires; the workers have answered none yet.
    for (const f of all) {
      progress.taken++;
      ledger.retire(f);
    }
    expect(ledger.folded.count).toBe(0);
    // Inputs 1-2 answered: flow 0 and 1 are decided (1 beats 0 by bytes; 0 folds) on the next retire.
    progress.answered = 2;
    const late = flow(4, 1);
    ledger.open(late);
    ledger.retire(late);
    expect(ledger.folded.count).toBe(1);
    // Flow 2's finding comes with the last answers: it is kept although it retired long before.
    found.add(2);
    progress.answered = 4;
    ledger.settle();
    expect(ledger.listed().flows.map((f) => f.id)).toEqual([2]);
    expect(ledger.folded.count).toBe(3);
  });
});
