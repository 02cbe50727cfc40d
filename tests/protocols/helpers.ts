/**
 * Test helpers of the protocol tables: the captures rows come from (shared corpus, tests/tls
 * fixtures) run through tests/pipeline.ts, one flow's real bytes as the flow table delivered
 * them, and a driver that pushes bytes (real or made) into a ProtocolExtractor.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Flow, FlowSink } from '../../src/core/flow/types';
import type { Direction } from '../../src/core/types';
import { ProtocolExtractor } from '../../src/core/extract/index';
import type { ScanInput } from '../../src/core/extract/types';
import { latin1 } from '../../src/core/bytes';
import { externalCapture, LEAKS, REPO_ROOT, WILD } from '../corpus';
import { Collect, extractCapture, flowCapture, type Extracted } from '../pipeline';

/** A capture file and the key log that goes with it. */
export interface Source {
  /** File name, as rows are titled. */
  name: string;
  /** Where it is from: the external corpus has tshark truth (externalTruth(name)). */
  corpus: 'external' | 'leaks' | 'fixtures' | 'wild';
  path: string;
  /** SSLKEYLOGFILE text. */
  keylog?: string;
}

function withKeys(corpus: Source['corpus'], name: string, path: string, keylogPath: string): Source {
  return { corpus, name, path, keylog: existsSync(keylogPath) ? readFileSync(keylogPath, 'utf8') : undefined };
}

/** A capture of the external corpus (tshark truth in EXTERNAL/truth). */
export function external(file: string): Source {
  return { corpus: 'external', name: file, path: externalCapture(file) };
}

/** A capture of the wild corpus (labelled device in WILD/truth, tshark's view in WILD/tshark). */
export function wild(file: string): Source {
  return { corpus: 'wild', name: file, path: join(WILD, 'captures', file) };
}

/** A capture of the leak corpus, with its key log of LEAKS/keys when there is one. */
export function leak(file: string): Source {
  return withKeys('leaks', file, join(LEAKS, 'captures', file), join(LEAKS, 'keys', `${file.split('.')[0]}.keylog`));
}

const FIXTURES = resolve(REPO_ROOT, 'tests/tls/fixtures');

/** A capture of tests/tls/fixtures (real OpenSSL / h2 sessions, tshark view in tshark-*.tsv), with its key log. */
export function fixture(file: string): Source {
  return withKeys('fixtures', file, join(FIXTURES, file), join(FIXTURES, file.replace(/\.pcap$/, '.keylog')));
}

const runs = new Map<string, Extracted>();

/** The capture through tests/pipeline.ts extractCapture (with its key log), once per test file. */
export function extract(src: Source): Extracted {
  const key = `${src.path}\n${src.keylog ?? ''}`;
  let x = runs.get(key);
  if (!x) runs.set(key, (x = extractCapture(src.path, { keylog: src.keylog })));
  return x;
}

/** In-order bytes of one direction, or a hole in it, as the flow table delivers them. */
export interface FlowEvent {
  dir: Direction;
  /** Empty for a gap. */
  bytes: Uint8Array;
  offset: number;
  frame: number;
  /** Set for a gap: bytes never captured. */
  gap?: number;
}

/** One flow of a capture and its bytes (copied), in the order the flow table delivered them. */
export function flowEvents(src: Source, flowId: number): { flow: Flow; events: FlowEvent[] } {
  const events: FlowEvent[] = [];
  const sink: FlowSink = {
    open() {},
    close() {},
    data(f, dir, bytes, offset, frame) {
      if (f.id === flowId) events.push({ dir, bytes: bytes.slice(), offset, frame });
    },
    gap(f, dir, gap, frame) {
      if (f.id === flowId) events.push({ dir, bytes: new Uint8Array(0), offset: -1, frame, gap });
    },
  };
  const flow = flowCapture(src.path, { sink }).flows[flowId];
  if (!flow) throw new Error(`${src.name} has no flow ${flowId}`);
  return { flow, events };
}

/** The same bytes with client and server swapped, as a capture that starts mid-flow may see them. */
export function swapped(events: readonly FlowEvent[]): FlowEvent[] {
  return events.map((e) => ({ ...e, dir: e.dir === 'upload' ? 'download' : 'upload' }));
}

/** A flow record with the given transport and ports. */
export function mkFlow(id: number, transport: 'tcp' | 'udp', clientPort: number, serverPort: number): Flow {
  return {
    id, transport, client: { ip: '10.0.0.1', port: clientPort }, server: { ip: '10.0.0.2', port: serverPort },
    packets: 0, bytes: 0, firstFrame: 1, lastFrame: 1, firstTime: 0, lastTime: 0, payloadBytes: [0, 0],
  };
}

/** Feeds events (their own offsets and frames) to a ProtocolExtractor for `flow` and closes it. */
export function replay(flow: Flow, events: readonly FlowEvent[], c = new Collect()): Collect {
  const ex = new ProtocolExtractor(c);
  ex.open(flow);
  for (const e of events) {
    if (e.gap !== undefined) ex.gap(flow, e.dir, e.gap, e.frame);
    else ex.data(flow, e.dir, e.bytes, e.offset, e.frame);
  }
  ex.close(flow);
  return c;
}

/** Feeds (direction, bytes) pieces as consecutive frames of one flow and closes it. */
export function drive(flow: Flow, pieces: ReadonlyArray<readonly [Direction, Uint8Array]>, c = new Collect()): Collect {
  const off = { upload: 0, download: 0 };
  const events = pieces.map(([dir, bytes], i) => {
    const e = { dir, bytes, offset: off[dir], frame: i + 1 };
    off[dir] += bytes.length;
    return e;
  });
  return replay(flow, events, c);
}

/** Scan inputs of one flow as [protocol, part, direction, frame, text (latin-1)]. */
export function scanRows(scans: readonly ScanInput[], flow: number): [string, string, Direction, number, string][] {
  return scans.filter((s) => s.flow === flow).map((s) => [s.protocol, s.part, s.direction, s.frame, latin1(s.bytes)]);
}

/** The leak truth's planted identifiers of `protocol` whose wire text no scan input of it (same direction) carries. */
export function unscanned(src: Source, x: Extracted, protocol: string): string[] {
  const truth = JSON.parse(readFileSync(join(LEAKS, 'truth', `${src.name.split('.')[0]}.truth.json`), 'utf8')) as {
    planted: { type: string; protocol: string; direction: Direction; wire: string; encrypted_on_wire: boolean }[];
  };
  const planted = truth.planted.filter((p) => p.protocol === protocol);
  if (!planted.length) throw new Error(`${src.name}: nothing planted in ${protocol}`);
  const scans = x.scans.filter((s) => s.protocol === protocol);
  return planted
    .filter((p) => !scans.some((s) => s.direction === p.direction && s.encryptedOnWire === p.encrypted_on_wire && latin1(s.bytes).includes(p.wire)))
    .map((p) => `${p.type} ${p.wire}`);
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
