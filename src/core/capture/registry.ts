/**
 * Every capture file format the engine reads, one line each. A format is recognised from its
 * first bytes (never the file name) and read by a push-based record parser; gzip is not a
 * format but a wrapper around any of them (index.ts). Adding a format is its reader file plus
 * one line here.
 */
import type { UnitParser } from './framer';
import { PcapParser } from './readPcap';
import { PcapngParser } from './readPcapng';
import type { CaptureSink } from './types';
import { appPrivacyReport } from '../appreport/index';
import { createHarParser, isHar } from './har/readHar';
import { isMitmproxyDump, MitmproxyParser } from './mitmproxy/readMitmproxy';

export interface CaptureFileFormat {
  /** The report's capture.format. */
  name: string;
  /** Does a file starting with these bytes (at least PROBE_BYTES, fewer only at its end) have this format? */
  probe(head: Uint8Array): boolean;
  /** The parser of its records over the (decompressed) stream. */
  create(sink: CaptureSink, compressed: boolean): UnitParser;
}

const magic = (head: Uint8Array) => (head.length < 4 ? -1 : ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0);

/** libpcap: micro- or nanosecond timestamps, either byte order. */
const pcap: CaptureFileFormat = {
  name: 'pcap',
  probe: (head) => [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic(head)),
  create: (sink, compressed) => new PcapParser(sink, compressed),
};

/** pcapng: a Section Header Block, whose type reads the same in both byte orders. */
const pcapng: CaptureFileFormat = {
  name: 'pcapng',
  probe: (head) => magic(head) === 0x0a0d0d0a,
  create: (sink, compressed) => new PcapngParser(sink, compressed),
};

/** HAR 1.2: JSON whose root object starts with "log" (har/readHar.ts). */
const har: CaptureFileFormat = { name: 'har', probe: isHar, create: (sink, compressed) => createHarParser(sink, compressed) };

/** mitmproxy dumps: tnetstring dicts, one per flow (mitmproxy/readMitmproxy.ts). */
const mitmproxy: CaptureFileFormat = { name: 'mitmproxy', probe: isMitmproxyDump, create: (sink, compressed) => new MitmproxyParser(sink, compressed) };

export const CAPTURE_FORMATS: readonly CaptureFileFormat[] = [
  pcap,
  pcapng,
  appPrivacyReport,
  har,
  mitmproxy,
];
