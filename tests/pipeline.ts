/**
 * The one way tests run a capture file through the engine: its own capture reader, decoder,
 * flow table and extractor wired as the analysis wires them (src/core/analysis.ts), or the
 * whole engine (analyzeStream). No test keeps a reader of its own. When the engine's files
 * move, only the imports below change.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createCaptureReader, type CaptureFormat, type CaptureFrame } from '../src/core/capture/index';
import { PacketDecoder } from '../src/core/decode/index';
import type { Packet } from '../src/core/decode/types';
import { FlowTable, type Flow, type FlowSink } from '../src/core/flow/index';
import { ProtocolExtractor } from '../src/core/extract/index';
import type { ExtractRecords, ExtractSink, RecordKind, ScanInput } from '../src/core/extract/types';
import type { DnsRecord } from '../src/core/protocols/dns/records';
import type { HttpMessage } from '../src/core/protocols/http1/records';
import type { TlsHello } from '../src/core/protocols/tls/records';
import { KeyLog } from '../src/core/tls/keylog';
import { analyzeStream, type AnalyzeOptions } from '../src/core/engine';
import type { Report } from '../src/core/report/types';
import type { Warn, Warning, WarningCode } from '../src/core/warnings';
import { geoTablesLater } from '../src/cli/nodeAssets';
import { REPO_ROOT } from './corpus';

/** Warnings kept per run at most (a damaged capture can warn on every frame). */
const MAX_WARNINGS = 10_000;

function warningList(): { warnings: Warning[]; warn: Warn } {
  const warnings: Warning[] = [];
  return { warnings, warn: (code, message, frame) => void (warnings.length < MAX_WARNINGS && warnings.push({ code, message, frame })) };
}

export interface CaptureRun {
  format: CaptureFormat | null;
  compressed: boolean;
  /** Frames read. */
  frames: number;
  /** The reader's warnings (and, for the later stages, theirs too). */
  warnings: Warning[];
  /** Bytes of the (decompressed) capture the reader consumed. */
  bytesRead: number;
}

export interface ReadHooks {
  /** Takes the warnings instead of CaptureRun.warnings. */
  warn?: Warn;
  secrets?: (type: number, data: Uint8Array) => void;
  names?: (entries: { ip: string; names: string[] }[]) => void;
}

/**
 * Feeds chunks of a capture to the engine's reader, calling `onFrame` per record (frame.data
 * is only valid during the call). Errors (CaptureError) propagate.
 */
export function readChunks(chunks: Iterable<Uint8Array>, onFrame: (f: CaptureFrame) => void, hooks: ReadHooks = {}): CaptureRun {
  const own = warningList();
  const run: CaptureRun = { format: null, compressed: false, frames: 0, warnings: own.warnings, bytesRead: 0 };
  const reader = createCaptureReader({
    format: (format, compressed) => {
      run.format = format;
      run.compressed = compressed;
    },
    frame: (f) => {
      run.frames = f.number;
      onFrame(f);
    },
    warning: hooks.warn ?? own.warn,
    secrets: hooks.secrets,
    names: hooks.names,
  });
  for (const c of chunks) reader.push(c);
  reader.end();
  run.bytesRead = reader.bytesRead;
  return run;
}

/** The bytes of a file. */
export function readFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Reads a capture file in one chunk (see readChunks). */
export function forEachFrame(path: string, onFrame: (f: CaptureFrame) => void, hooks: ReadHooks = {}): CaptureRun {
  return readChunks([readFile(path)], onFrame, hooks);
}

export interface Decoded extends CaptureRun {
  /** Every packet, payload copied. */
  packets: Packet[];
  linktypes: Set<number>;
}

/** Reader + PacketDecoder over a file; warnings of both stages. */
export function decodeCapture(path: string): Decoded {
  const { warnings, warn } = warningList();
  const dec = new PacketDecoder(warn);
  const packets: Packet[] = [];
  const linktypes = new Set<number>();
  const run = forEachFrame(path, (f) => {
    linktypes.add(f.linktype);
    for (const p of dec.decode(f)) packets.push({ ...p, payload: p.payload.slice() });
  }, { warn });
  dec.finish();
  return { ...run, warnings, packets, linktypes };
}

export interface Flowed extends CaptureRun {
  /** Packets the decoder gave the flow table. */
  packets: number;
  flows: Flow[];
  tcp: number;
  udp: number;
}

const nullSink: FlowSink = { open() {}, data() {}, gap() {}, close() {} };

interface RunOptions {
  /** Where the flow table's in-order bytes go. */
  sink?: FlowSink;
  /** Called with the reader's pcapng Decryption Secrets Blocks. */
  secrets?: (type: number, data: Uint8Array) => void;
}

/** Reader + decoder + FlowTable over a file, as the analysis runs them. */
export function flowCapture(path: string, options: RunOptions = {}): Flowed {
  const { warnings, warn } = warningList();
  const dec = new PacketDecoder(warn);
  const table = new FlowTable(options.sink ?? nullSink, warn);
  let packets = 0;
  const run = forEachFrame(path, (f) => {
    for (const p of dec.decode(f)) {
      packets++;
      table.add(p);
    }
  }, { warn, secrets: options.secrets });
  dec.finish();
  table.finish();
  const tcp = table.flows.filter((fl) => fl.transport === 'tcp').length;
  return { ...run, warnings, packets, flows: table.flows, tcp, udp: table.flows.length - tcp };
}

/** Collects everything a ProtocolExtractor emits. */
export class Collect implements ExtractSink {
  dnsRecs: DnsRecord[] = [];
  httpMsgs: HttpMessage[] = [];
  hellos: TlsHello[] = [];
  scans: ScanInput[] = [];
  apps: [number, string, boolean][] = [];
  warnings: Warning[] = [];
  emit<K extends RecordKind>(kind: K, record: ExtractRecords[K]): void {
    if (kind === 'dns') this.dnsRecs.push(record as DnsRecord);
    else if (kind === 'http') this.httpMsgs.push(record as HttpMessage);
    else if (kind === 'tls') this.hellos.push(record as TlsHello);
  }
  scan(i: ScanInput): void {
    this.scans.push(i);
  }
  app(flow: number, app: string, encrypted: boolean): void {
    this.apps.push([flow, app, encrypted]);
  }
  warning(code: WarningCode, message: string, frame?: number): void {
    this.warnings.push({ code, message, frame });
  }
}

export interface Extracted {
  frames: number;
  dns: DnsRecord[];
  http: HttpMessage[];
  tls: TlsHello[];
  scans: ScanInput[];
  apps: [number, string, boolean][];
  /** Every stage's warnings: reader, decoder, flow table, extractor. */
  warnings: Warning[];
  flows: Flow[];
}

/**
 * Reader + decoder + FlowTable + ProtocolExtractor over a file, with the TLS secrets of
 * `keylog` (SSLKEYLOGFILE text) and of the capture's DSBs, as the analysis has them.
 */
export function extractCapture(path: string, options: { keylog?: string } = {}): Extracted {
  const c = new Collect();
  const keys = new KeyLog();
  if (options.keylog) keys.addText(options.keylog);
  const run = flowCapture(path, {
    sink: new ProtocolExtractor(c, keys),
    secrets: (type, data) => keys.addSecretsBlock(type, data),
  });
  return {
    frames: run.frames, dns: c.dnsRecs, http: c.httpMsgs, tls: c.hellos, scans: c.scans, apps: c.apps,
    warnings: [...run.warnings, ...c.warnings], flows: run.flows,
  };
}

const WASM = resolve(REPO_ROOT, 'build/scanner.wasm');
let scannerModule: WebAssembly.Module | undefined;

/** The compiled scanner, once per test file (undefined if build:wasm has not run). */
export function scannerWasm(): WebAssembly.Module | undefined {
  if (!scannerModule && existsSync(WASM)) scannerModule = new WebAssembly.Module(readFileSync(WASM));
  return scannerModule;
}

/** Runs the whole engine (analyzeStream) over one capture file as the CLI does. */
export async function analyzeFile(path: string, options: Partial<AnalyzeOptions> = {}): Promise<Report> {
  const geo = await geoTablesLater();
  return analyzeStream(createReadStream(path, { highWaterMark: 1 << 16 }), {
    name: basename(path),
    size: statSync(path).size,
    scannerWasm: scannerWasm(),
    geo,
    ...options,
  });
}
