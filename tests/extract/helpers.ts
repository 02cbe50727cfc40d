/** Test helpers: a fake flow and a driver that pushes bytes into a ProtocolExtractor. */
import type { Flow } from '../../src/core/flow/types';
import type { Direction } from '../../src/core/types';
import { ProtocolExtractor } from '../../src/core/extract/index';
import { Collect } from '../pipeline';

/** A flow record with the given transport and ports. */
export function mkFlow(id: number, transport: 'tcp' | 'udp', clientPort: number, serverPort: number): Flow {
  return {
    id, transport, client: { ip: '10.0.0.1', port: clientPort }, server: { ip: '10.0.0.2', port: serverPort },
    packets: 0, bytes: 0, firstFrame: 1, lastFrame: 1, firstTime: 0, lastTime: 0, payloadBytes: [0, 0],
  };
}

/** Feeds (direction, bytes) pieces as consecutive frames of one flow and closes it. */
export function drive(flow: Flow, pieces: ReadonlyArray<readonly [Direction, Uint8Array]>, c = new Collect()): Collect {
  const ex = new ProtocolExtractor(c);
  ex.open(flow);
  const off = { upload: 0, download: 0 };
  let frame = 1;
  for (const [d, b] of pieces) {
    ex.data(flow, d, b, off[d], frame++);
    off[d] += b.length;
  }
  ex.close(flow);
  return c;
}

/** ASCII/latin-1 text to bytes. */
export function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Cuts `b` into pieces at the given offsets. */
export function splitAt(b: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, b.length]) {
    out.push(b.subarray(prev, c));
    prev = c;
  }
  return out;
}
