import { describe, expect, it } from 'vitest';
import { TcpReassembler, type ReassemblyLimits } from '../../src/core/flow';
import { PIECE_COST } from '../../src/core/flow/tcpReassembler';

type Op =
  | { seq: number; data?: string; syn?: boolean; fin?: boolean; trunc?: number; frame?: number }
  | { ack: number; frame?: number }
  | { flush: true };

interface Case {
  name: string;
  ops: Op[];
  /** data@offset:text#frame and gap@offset+len#frame, in emission order. */
  out: string[];
  limits?: ReassemblyLimits;
}

const ISN = 100;
const SYN: Op = { seq: ISN, syn: true, frame: 1 };

const cases: Case[] = [
  {
    name: 'in order',
    ops: [SYN, { seq: 101, data: 'abc', frame: 2 }, { seq: 104, data: 'def', frame: 3 }],
    out: ['data@0:abc#2', 'data@3:def#3'],
  },
  {
    name: 'exact retransmission is dropped',
    ops: [SYN, { seq: 101, data: 'abc', frame: 2 }, { seq: 101, data: 'abc', frame: 3 }, { seq: 104, data: 'def', frame: 4 }],
    out: ['data@0:abc#2', 'data@3:def#4'],
  },
  {
    name: 'retransmission with different bytes: first data wins, only the new tail is used',
    ops: [SYN, { seq: 101, data: 'abc', frame: 2 }, { seq: 101, data: 'XYZW', frame: 3 }],
    out: ['data@0:abc#2', 'data@3:W#3'],
  },
  {
    name: 'partial overlap with delivered data',
    ops: [SYN, { seq: 101, data: 'abcd', frame: 2 }, { seq: 103, data: 'CDef', frame: 3 }],
    out: ['data@0:abcd#2', 'data@4:ef#3'],
  },
  {
    name: 'out of order: buffered until the hole fills, frame = the filling frame',
    ops: [SYN, { seq: 104, data: 'def', frame: 2 }, { seq: 101, data: 'abc', frame: 3 }],
    out: ['data@0:abc#3', 'data@3:def#3'],
  },
  {
    name: 'overlapping out-of-order segments: the first buffered bytes win',
    ops: [
      SYN,
      { seq: 104, data: 'def', frame: 2 },
      { seq: 103, data: 'cXYZW', frame: 3 }, // X,Y,Z fall on d,e,f: buffered first, they lose
      { seq: 101, data: 'ab', frame: 4 },
    ],
    out: ['data@0:ab#4', 'data@2:c#4', 'data@3:def#4', 'data@6:W#4'],
  },
  {
    name: 'gap reported only at the end (flush), then the buffered data',
    ops: [SYN, { seq: 101, data: 'abc', frame: 2 }, { seq: 107, data: 'ghi', frame: 3 }, { flush: true }],
    out: ['data@0:abc#2', 'gap@3+3#9', 'data@6:ghi#9'],
  },
  {
    name: 'gap reported as soon as the peer acknowledges past the hole',
    ops: [SYN, { seq: 101, data: 'abc', frame: 2 }, { seq: 107, data: 'ghi', frame: 3 }, { ack: 110, frame: 4 }],
    out: ['data@0:abc#2', 'gap@3+3#4', 'data@6:ghi#4'],
  },
  {
    name: 'acknowledged before the later segment arrives: gap at once',
    ops: [SYN, { seq: 101, data: 'abc', frame: 2 }, { ack: 110, frame: 3 }, { seq: 107, data: 'ghi', frame: 4 }],
    out: ['data@0:abc#2', 'gap@3+3#4', 'data@6:ghi#4'],
  },
  {
    name: 'acknowledged data never seen at the end becomes a trailing gap',
    ops: [SYN, { seq: 101, data: 'abc', frame: 2 }, { ack: 110, frame: 3 }, { flush: true }],
    out: ['data@0:abc#2', 'gap@3+6#9'],
  },
  {
    name: 'FIN right after the data: nothing missing',
    ops: [SYN, { seq: 101, data: 'abc', fin: true, frame: 2 }, { flush: true }],
    out: ['data@0:abc#2'],
  },
  {
    name: 'FIN past missing data: gap up to the FIN at close',
    ops: [SYN, { seq: 101, data: 'abc', frame: 2 }, { seq: 107, fin: true, frame: 3 }, { flush: true }],
    out: ['data@0:abc#2', 'gap@3+3#9'],
  },
  {
    name: 'buffer over its byte limit: give up on the hole, emit a gap, say what was dropped',
    limits: { maxBufferedBytes: 4 + 2 * PIECE_COST },
    ops: [
      SYN,
      { seq: 101, data: 'a', frame: 2 },
      { seq: 103, data: 'cd', frame: 3 },
      { seq: 105, data: 'ef', frame: 4 },
      { seq: 107, data: 'gh', frame: 5 },
    ],
    out: [
      'data@0:a#2',
      `dropped:more than ${4 + 2 * PIECE_COST} bytes held out of order: gave up waiting for 1 bytes at stream offset 1 (a gap); bytes that fill it later are dropped#5`,
      'gap@1+1#5',
      'data@2:cd#5',
      'data@4:ef#5',
      'data@6:gh#5',
    ],
  },
  {
    name: 'bytes arriving for a given-up hole are dropped and counted; retransmissions are not',
    limits: { maxBufferedBytes: 4 + 2 * PIECE_COST },
    ops: [
      SYN,
      { seq: 101, data: 'a', frame: 2 },
      { seq: 103, data: 'cd', frame: 3 },
      { seq: 105, data: 'ef', frame: 4 },
      { seq: 107, data: 'gh', frame: 5 },
      { seq: 102, data: 'b', frame: 6 }, // the given-up hole: dropped
      { seq: 101, data: 'a', frame: 7 }, // delivered before: a retransmission
      { flush: true },
    ],
    out: [
      'data@0:a#2',
      `dropped:more than ${4 + 2 * PIECE_COST} bytes held out of order: gave up waiting for 1 bytes at stream offset 1 (a gap); bytes that fill it later are dropped#5`,
      'gap@1+1#5',
      'data@2:cd#5',
      'data@4:ef#5',
      'data@6:gh#5',
      'dropped:reassembly dropped data in all: 1 holes (1 bytes) given up at a buffer limit, 1 bytes that arrived after their hole was given up#9',
    ],
  },
  {
    name: 'each piece counts PIECE_COST bytes: tiny segments are bounded too',
    limits: { maxBufferedBytes: 3 + 2 * PIECE_COST },
    ops: [SYN, { seq: 103, data: 'c', frame: 2 }, { seq: 105, data: 'e', frame: 3 }, { seq: 107, data: 'g', frame: 4 }],
    // Three pieces of 1 byte cost 3 + 3 * PIECE_COST: the oldest hole is given up; e and g stay.
    out: [
      `dropped:more than ${3 + 2 * PIECE_COST} bytes held out of order: gave up waiting for 2 bytes at stream offset 0 (a gap); bytes that fill it later are dropped#4`,
      'gap@0+2#4',
      'data@2:c#4',
    ],
  },
  {
    name: 'mid-stream start (no SYN): offsets start at the first seq seen',
    ops: [{ seq: 5000, data: 'abc', frame: 1 }, { seq: 5003, data: 'def', frame: 2 }],
    out: ['data@0:abc#1', 'data@3:def#2'],
  },
  {
    name: 'sequence numbers wrap around 2^32',
    ops: [{ seq: 0xfffffffe, syn: true, frame: 1 }, { seq: 0xffffffff, data: 'ab', frame: 2 }, { seq: 1, data: 'cd', frame: 3 }],
    out: ['data@0:ab#2', 'data@2:cd#3'],
  },
  {
    name: 'snaplen-truncated payload becomes a gap of the missing length',
    ops: [SYN, { seq: 101, data: 'ab', trunc: 3, frame: 2 }, { seq: 106, data: 'fg', frame: 3 }],
    out: ['data@0:ab#2', 'gap@2+3#2', 'data@5:fg#3'],
  },
  {
    name: 'retransmitted SYN and data before the start are ignored',
    ops: [SYN, SYN, { seq: 99, data: 'zz', frame: 2 }, { seq: 101, data: 'a', frame: 3 }],
    out: ['data@0:a#3'],
  },
  {
    name: 'SYN with data (TCP Fast Open): data starts after the SYN',
    ops: [{ seq: ISN, syn: true, data: 'hi', frame: 1 }, { seq: 103, data: '!', frame: 2 }],
    out: ['data@0:hi#1', 'data@2:!#2'],
  },
];

function run(c: Case): string[] {
  const out: string[] = [];
  const r = new TcpReassembler(
    {
      data: (b, off, frame) => out.push(`data@${off}:${new TextDecoder().decode(b)}#${frame}`),
      gap: (len, frame) => out.push(`gap@${r.position - len}+${len}#${frame}`),
      dropped: (message, frame) => out.push(`dropped:${message}#${frame}`),
    },
    c.limits,
  );
  for (const op of c.ops) {
    if ('flush' in op) r.flush(9);
    else if ('ack' in op) r.ack(op.ack, op.frame ?? 0);
    else {
      r.segment(op.seq, new TextEncoder().encode(op.data ?? ''), op.trunc ?? 0, !!op.syn, !!op.fin, op.frame ?? 0);
    }
  }
  return out;
}

describe('TCP reassembly table', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(run(c)).toEqual(c.out);
  });

  it('in-order data is handed over without copying; buffered data is copied', () => {
    const views: Uint8Array[] = [];
    const r = new TcpReassembler({ data: (b) => views.push(b), gap: () => {} });
    const frame = new Uint8Array([1, 2, 3, 4]);
    r.segment(10, frame.subarray(0, 2), 0, false, false, 1);
    expect(views[0].buffer).toBe(frame.buffer);
    const later = new Uint8Array([9, 9]);
    r.segment(20, later, 0, false, false, 2);
    later[0] = 0; // the frame buffer is reused by the reader
    r.segment(12, new Uint8Array(8), 0, false, false, 3);
    expect(Array.from(views[views.length - 1])).toEqual([9, 9]);
    expect(r.buffered).toBe(0);
  });

  it('flush releases every buffered byte', () => {
    const r = new TcpReassembler({ data: () => {}, gap: () => {} });
    r.segment(1, new Uint8Array(1), 0, false, false, 1);
    for (let i = 0; i < 50; i++) r.segment(10 + i * 10, new Uint8Array(5), 0, false, false, 2);
    expect(r.buffered).toBe(250);
    r.flush(3);
    expect(r.buffered).toBe(0);
  });
});
