/** Shared by the corpus tests: runs decoder + flow table over one capture and counts flows. */
import { readFileSync, readdirSync } from 'node:fs';
import { PacketDecoder } from '../../src/core/decode';
import { FlowTable } from '../../src/core/flow';
import type { FlowSink } from '../../src/core/flow/types';
import type { Warn, Warning } from '../../src/core/warnings';
import { CORPUS, forEachFrame } from '../decode/readFrames';

export interface Truth {
  file: string;
  linktype: string;
  format: string;
  frames: number;
  tcp_streams: number;
  udp_streams: number;
  ip_fragments: number;
  protocols: string[];
}

export interface Counted {
  frames: number;
  tcp: number;
  udp: number;
  packets: number;
  warnings: Warning[];
  table: FlowTable;
}

/** All truth files of the external corpus. */
export function loadTruth(): Truth[] {
  return readdirSync(`${CORPUS}/truth`)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(`${CORPUS}/truth/${f}`, 'utf8')) as Truth);
}

const nullSink: FlowSink = { open() {}, data() {}, gap() {}, close() {} };

/** Decodes and flows one capture of the corpus. */
export async function countFlows(file: string, sink: FlowSink = nullSink): Promise<Counted> {
  const warnings: Warning[] = [];
  const warn: Warn = (code, message, frame) => {
    if (warnings.length < 1000) warnings.push({ code, message, frame });
  };
  const dec = new PacketDecoder(warn);
  const table = new FlowTable(sink, warn);
  let frames = 0;
  let packets = 0;
  await forEachFrame(`${CORPUS}/captures/${file}`, (f) => {
    frames++;
    for (const p of dec.decode(f)) {
      packets++;
      table.add(p);
    }
  });
  dec.finish();
  table.finish();
  let tcp = 0;
  let udp = 0;
  for (const fl of table.flows) {
    if (fl.transport === 'tcp') tcp++;
    else udp++;
  }
  return { frames, tcp, udp, packets, warnings, table };
}
