import { describe, expect, it } from 'vitest';
import type { Packet } from '../../src/core/decode/types';
import { FlowTable } from '../../src/core/flow';
import type { Flow, FlowSink } from '../../src/core/flow/types';

const S = 2;
const A = 16;
const F = 1;
const R = 4;
const PA = 24;

let frameNo = 0;
function tcp(
  from: 'c' | 's',
  flags: number,
  seq: number,
  ack: number,
  data = '',
  extra: Partial<Packet> = {},
): Packet {
  const c = from === 'c';
  frameNo++;
  return {
    frame: frameNo,
    time: frameNo,
    wireLength: 60 + data.length,
    outermost: true,
    ipVersion: 4,
    src: c ? '10.0.0.1' : '10.0.0.2',
    dst: c ? '10.0.0.2' : '10.0.0.1',
    transport: 'tcp',
    srcPort: c ? 40000 : 80,
    dstPort: c ? 80 : 40000,
    tcp: { seq, ack, flags, window: 1000 },
    payload: new TextEncoder().encode(data),
    ...extra,
  };
}

function udp(src: string, sport: number, dst: string, dport: number, data: string, extra: Partial<Packet> = {}): Packet {
  frameNo++;
  return {
    frame: frameNo,
    time: frameNo,
    wireLength: 42 + data.length,
    outermost: true,
    ipVersion: 4,
    src,
    dst,
    transport: 'udp',
    srcPort: sport,
    dstPort: dport,
    payload: new TextEncoder().encode(data),
    ...extra,
  };
}

function recorder() {
  const log: string[] = [];
  const sink: FlowSink = {
    open: (f) => log.push(`open ${f.id}`),
    data: (f, d, b, off) => log.push(`data ${f.id} ${d} ${off} ${new TextDecoder().decode(b)}`),
    gap: (f, d, len) => log.push(`gap ${f.id} ${d} ${len}`),
    close: (f) => log.push(`close ${f.id}`),
  };
  return { log, table: new FlowTable(sink, () => {}) };
}

function handshake(isn: number, sisn: number): Packet[] {
  return [tcp('c', S, isn, 0), tcp('s', S | A, sisn, isn + 1), tcp('c', A, isn + 1, sisn + 1)];
}

function ids(flows: Flow[]): string[] {
  return flows.map((f) => `${f.id}:${f.transport}:${f.client.ip}:${f.client.port}`);
}

describe('tshark tcp.stream numbering', () => {
  it('a retransmitted SYN (same ISN) stays in the stream', () => {
    const { table } = recorder();
    for (const p of [tcp('c', S, 100, 0), tcp('c', S, 100, 0), ...handshake(100, 500)]) table.add(p);
    expect(table.flows.length).toBe(1);
    expect(table.flows[0].packets).toBe(5);
  });

  it('a SYN with a new ISN on a used 4-tuple starts a new stream (port reuse)', () => {
    const { table, log } = recorder();
    for (const p of [...handshake(100, 500), tcp('c', F | A, 101, 501), tcp('s', F | A, 501, 102)]) table.add(p);
    for (const p of handshake(9000, 7000)) table.add(p);
    expect(table.flows.map((f) => [f.id, f.packets])).toEqual([
      [0, 5],
      [1, 3],
    ]);
    // The second connection carried no byte yet: the sink opens it when it closes (issue 15).
    expect(log.filter((l) => !l.startsWith('data'))).toEqual(['open 0', 'close 0']);
    table.finish();
    expect(log.filter((l) => !l.startsWith('data'))).toEqual(['open 0', 'close 0', 'open 1', 'close 1']);
  });

  it('opens a TCP flow in the sink at its first byte, not at the SYN (issue 15)', () => {
    const { table, log } = recorder();
    for (const p of handshake(100, 500)) table.add(p);
    expect(log).toEqual([]);
    expect(table.flows.length).toBe(1);
    table.add(tcp('c', PA, 101, 501, 'GET / HTTP/1.1\r\n\r\n'));
    expect(log).toEqual(['open 0', 'data 0 upload 0 GET / HTTP/1.1\r\n\r\n']);
    table.add(tcp('s', PA, 501, 119, 'HTTP/1.1 200 OK\r\n\r\n'));
    table.finish();
    expect(log.slice(2)).toEqual(['data 0 download 0 HTTP/1.1 200 OK\r\n\r\n', 'close 0']);
  });

  it('opens a TCP flow that never carried a byte when it ends, and one whose first event is a gap at the gap', () => {
    const { table, log } = recorder();
    table.add(tcp('c', S, 100, 0));
    table.add(tcp('c', S, 200, 0, '', { srcPort: 40001 }));
    // Flow 1: 5 bytes missing, then data the server acknowledged past.
    table.add(tcp('c', PA, 206, 0, 'late', { srcPort: 40001 }));
    table.add(tcp('s', A, 900, 210, '', { dstPort: 40001 }));
    expect(log).toEqual(['open 1', 'gap 1 upload 5', 'data 1 upload 5 late']);
    table.finish();
    expect(log.slice(3)).toEqual(['open 0', 'close 0', 'close 1']);
  });

  it('even without FIN/RST, a different ISN starts a new stream (tshark 4.0 checks only the ISN)', () => {
    const { table } = recorder();
    for (const p of [...handshake(100, 500), ...handshake(200, 600)]) table.add(p);
    expect(table.flows.length).toBe(2);
  });

  it('a SYN-ACK with a new ISN never starts a stream', () => {
    const { table } = recorder();
    for (const p of [...handshake(100, 500), tcp('s', S | A, 999, 101)]) table.add(p);
    expect(table.flows.length).toBe(1);
  });

  it('mid-stream flow: base seq is seq-1, so a SYN at that seq-1 is not new, any other is', () => {
    const a = recorder();
    a.table.add(tcp('c', PA, 1001, 50, 'x'));
    a.table.add(tcp('c', S, 1000, 0));
    expect(a.table.flows.length).toBe(1);
    const b = recorder();
    b.table.add(tcp('c', PA, 1001, 50, 'x'));
    b.table.add(tcp('c', S, 5000, 0));
    expect(b.table.flows.length).toBe(2);
  });

  it("the server's base seq comes from the first ACK number (ack-1)", () => {
    const { table } = recorder();
    // Client ACKs 700: server base = 699; a server SYN with seq 699 is a retransmission.
    table.add(tcp('c', A, 100, 700));
    table.add(tcp('s', S, 699, 0));
    expect(table.flows.length).toBe(1);
    table.add(tcp('s', S, 12345, 0));
    expect(table.flows.length).toBe(2);
  });

  it('partial packets (unreassembled first fragment) count but set no base seq', () => {
    const { table } = recorder();
    table.add(tcp('c', S, 100, 0, '', { partial: true }));
    table.add(tcp('c', S, 200, 0));
    expect(table.flows.length).toBe(1);
    expect(table.flows[0].packets).toBe(2);
  });

  it('client = SYN sender; SYN-ACK first means the receiver is the client; else first sender', () => {
    const { table } = recorder();
    table.add(tcp('s', S | A, 500, 101));
    table.add(udp('1.1.1.1', 53, '2.2.2.2', 3333, 'r'));
    expect(ids(table.flows)).toEqual(['0:tcp:10.0.0.1:40000', '1:udp:1.1.1.1:53']);
  });
});

describe('flow table bookkeeping', () => {
  it('TCP and UDP share one id sequence in order of creation; UDP both directions = one flow', () => {
    const { table, log } = recorder();
    table.add(udp('1.1.1.1', 5000, '8.8.8.8', 53, 'q1'));
    for (const p of handshake(100, 500)) table.add(p);
    table.add(udp('8.8.8.8', 53, '1.1.1.1', 5000, 'answer'));
    table.add(udp('1.1.1.1', 5000, '8.8.8.8', 53, 'q2'));
    table.add(udp('1.1.1.1', 5001, '8.8.8.8', 53, 'q3'));
    table.finish();
    expect(table.flows.map((f) => [f.id, f.transport, f.packets])).toEqual([
      [0, 'udp', 3],
      [1, 'tcp', 3],
      [2, 'udp', 1],
    ]);
    expect(table.flows[0].payloadBytes).toEqual([4, 6]);
    expect(log).toContain('data 0 download 0 answer');
    expect(log).toContain('data 0 upload 2 q2');
  });

  it('bytes count each frame once (outermost), packets count per flow', () => {
    const { table } = recorder();
    table.add(udp('1.1.1.1', 4789, '2.2.2.2', 4789, 'vxlan', { wireLength: 150 }));
    table.add(tcp('c', S, 1, 0, '', { outermost: false, wireLength: 150, frame: frameNo }));
    expect(table.flows.map((f) => [f.packets, f.bytes])).toEqual([
      [1, 150],
      [1, 0],
    ]);
  });

  it('reassembles both directions, closes after both FINs, ignores late data', () => {
    const { table, log } = recorder();
    for (const p of handshake(100, 500)) table.add(p);
    table.add(tcp('c', PA, 104, 501, 'def')); // out of order
    table.add(tcp('c', PA, 101, 501, 'abc'));
    table.add(tcp('s', PA, 501, 107, 'OK'));
    table.add(tcp('c', F | A, 107, 503));
    table.add(tcp('s', F | A, 503, 108));
    table.add(tcp('c', A, 108, 504));
    table.add(tcp('c', PA, 108, 504, 'late'));
    table.finish();
    expect(log).toEqual([
      'open 0',
      'data 0 upload 0 abc',
      'data 0 upload 3 def',
      'data 0 download 0 OK',
      'close 0',
    ]);
    expect(table.flows[0].payloadBytes).toEqual([6, 2]);
    expect(table.flows[0].packets).toBe(10);
  });

  it('RST does not end delivery (tshark dissects data after it); the end flushes gaps', () => {
    const { table, log } = recorder();
    for (const p of handshake(100, 500)) table.add(p);
    table.add(tcp('s', R, 501, 0));
    table.add(tcp('c', PA, 101, 501, 'GET'));
    table.add(tcp('c', PA, 107, 501, 'zz'));
    expect(log).toEqual(['open 0', 'data 0 upload 0 GET']);
    table.finish();
    expect(log).toEqual(['open 0', 'data 0 upload 0 GET', 'gap 0 upload 3', 'data 0 upload 6 zz', 'close 0']);
  });

  it('finish() reports trailing gaps and closes every flow', () => {
    const { table, log } = recorder();
    for (const p of handshake(100, 500)) table.add(p);
    table.add(tcp('c', PA, 101, 501, 'a'));
    table.add(tcp('c', PA, 110, 501, 'z'));
    table.add(udp('1.1.1.1', 1, '2.2.2.2', 2, 'u'));
    table.finish();
    expect(log.slice(-4)).toEqual(['gap 0 upload 8', 'data 0 upload 9 z', 'close 0', 'close 1']);
  });
});

describe('live-flow limit (least recently active ended first)', () => {
  // maxLive 4: the table ends flows down to 4 once it holds more than 4 + 4/8 = 4.
  function limited() {
    const log: string[] = [];
    const sink: FlowSink = {
      open: () => {},
      data: () => {},
      gap: () => {},
      close: (f) => log.push(`${f.transport}:${f.client.port}`),
    };
    return { log, table: new FlowTable(sink, () => {}, undefined, undefined, 4) };
  }
  const syn = (port: number) => ({ ...tcp('c', S, 1000 + port, 0), srcPort: port });
  const dgram = (port: number) => udp('10.0.0.1', port, '10.0.0.9', 53, 'q');

  it('a packet keeps its flow: activity, not creation order, decides; TCP goes before UDP of the same frame', () => {
    const { log, table } = limited();
    for (const p of [syn(1), dgram(2), syn(3), dgram(4)]) table.add(p);
    // Flows 1 and 2 become the most recent; 3 and 4 are now the oldest.
    table.add({ ...syn(1), frame: ++frameNo });
    table.add({ ...dgram(2), frame: frameNo });
    expect(log).toEqual([]);
    table.add(syn(5));
    expect(log).toEqual(['tcp:3']);
    table.add(dgram(6));
    expect(log).toEqual(['tcp:3', 'udp:4']);
    // Same last frame for TCP 1 and UDP 2: TCP ends first.
    table.add(syn(7));
    expect(log).toEqual(['tcp:3', 'udp:4', 'tcp:1']);
    table.finish();
    // The rest close at the end in order of last activity, TCP then UDP.
    expect(log).toEqual(['tcp:3', 'udp:4', 'tcp:1', 'tcp:5', 'tcp:7', 'udp:2', 'udp:6']);
  });
});
