/**
 * The one way tests run a capture file through the engine: its capture reader alone
 * (readChunks), reader + decoder (decodeCapture, a decoder-stage helper), the engine's own
 * assembly of reader -> decoder -> flow table (src/core/pipeline.ts `Pipeline`, as the analysis
 * runs it) with the protocol extractor behind it and the analysis' hooks (key log + DSB
 * secrets), or the whole engine (analyzeStream). No test keeps a reader or an assembly of its
 * own. When the engine's files move, only the imports below change.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createCaptureReader, type CaptureDevice, type CaptureExchange, type CaptureFormat, type CaptureFrame, type FrameApp } from '../src/core/capture/index';
import { PacketDecoder } from '../src/core/decode/index';
import type { Packet } from '../src/core/decode/types';
import type { Flow, FlowSink } from '../src/core/flow/index';
import { Pipeline } from '../src/core/pipeline';
import { ProtocolExtractor } from '../src/core/extract/index';
import type { ExtractRecords, ExtractSink, FieldFinding, RecordKind, ScanInput } from '../src/core/extract/types';
import type { DnsRecord } from '../src/core/protocols/dns/records';
import type { HttpMessage } from '../src/core/protocols/http1/records';
import type { TlsHello } from '../src/core/protocols/tls/records';
import { KeyLog } from '../src/core/tls/keylog';
import { analyzeStream, analyzeStreams, type AnalyzeOptions } from '../src/core/engine';
import type { Report, ReportApp } from '../src/core/report/types';
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
  /** Apps the file describes apart from its packets (PCAPdroid's UID map). */
  app?: (app: FrameApp) => void;
  /** What the file says about the capturing device (pcapng section header). */
  device?: (device: CaptureDevice) => void;
  /** Message-level records (HAR entries, mitmproxy flows); they count as frames. */
  exchange?: (x: CaptureExchange) => void;
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
    app: hooks.app,
    device: hooks.device,
    exchange: (x) => {
      run.frames = x.number;
      hooks.exchange?.(x);
    },
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
  /** Per frame (index number - 1) the app its reader or link header names, as the pipeline asks. */
  frameApps: (FrameApp | undefined)[];
}

/** Reader + PacketDecoder over a file; warnings of both stages. */
export function decodeCapture(path: string): Decoded {
  const { warnings, warn } = warningList();
  const dec = new PacketDecoder(warn);
  const packets: Packet[] = [];
  const linktypes = new Set<number>();
  const frameApps: (FrameApp | undefined)[] = [];
  const run = forEachFrame(path, (f) => {
    linktypes.add(f.linktype);
    frameApps.push(f.app ?? dec.appOf(f));
    for (const p of dec.decode(f)) packets.push({ ...p, payload: p.payload.slice() });
  }, { warn });
  dec.finish();
  return { ...run, warnings, packets, linktypes, frameApps };
}

export interface Flowed {
  format: CaptureFormat | null;
  compressed: boolean;
  /** Frames read. */
  frames: number;
  /** Every stage's warnings: reader, decoder, flow table (and the sink's, for extractCapture). */
  warnings: Warning[];
  flows: Flow[];
  tcp: number;
  udp: number;
  /** The pipeline's app table (the report's `apps`); flows point into it by Flow.app. */
  apps: ReportApp[];
}

const nullSink: FlowSink = { open() {}, data() {}, gap() {}, close() {} };

interface RunOptions {
  /** Where the flow table's in-order bytes go. */
  sink?: FlowSink;
  /** Called with the reader's pcapng Decryption Secrets Blocks. */
  secrets?: (type: number, data: Uint8Array) => void;
  /** Takes the warnings (Flowed.warnings stays empty). */
  warn?: Warn;
}

/** The engine's Pipeline (reader -> decoder -> FlowTable) over a file, run to the end as the analysis runs it. */
export function flowCapture(path: string, options: RunOptions = {}): Flowed {
  return flowBytes(readFile(path), options);
}

/** flowCapture over bytes in memory (a capture's damaged variants). */
export function flowBytes(bytes: Uint8Array, options: RunOptions = {}): Flowed {
  const own = warningList();
  const run: Flowed = { format: null, compressed: false, frames: 0, warnings: own.warnings, flows: [], tcp: 0, udp: 0, apps: [] };
  const pipeline = new Pipeline({
    flows: options.sink ?? nullSink,
    warn: options.warn ?? own.warn,
    frame: (f) => void (run.frames = f.number),
    format: (format, compressed) => {
      run.format = format;
      run.compressed = compressed;
    },
    secrets: options.secrets,
  });
  pipeline.push(bytes);
  pipeline.endInput();
  pipeline.finishDecoding();
  pipeline.finishFlows();
  run.flows = pipeline.flows.listed().flows;
  run.apps = pipeline.apps.list;
  run.tcp = run.flows.filter((fl) => fl.transport === 'tcp').length;
  run.udp = run.flows.length - run.tcp;
  return run;
}

/** Collects everything a ProtocolExtractor emits, records by kind. */
export class Collect implements ExtractSink {
  /** `warn`: takes the warnings instead of `warnings`. */
  constructor(private readonly warn?: Warn) {}
  records: { [K in RecordKind]?: ExtractRecords[K][] } = {};
  scans: ScanInput[] = [];
  apps: [number, string, boolean][] = [];
  warnings: Warning[] = [];
  emit<K extends RecordKind>(kind: K, record: ExtractRecords[K]): void {
    ((this.records[kind] ??= []) as ExtractRecords[K][]).push(record);
  }
  /** The records of one kind, in the order they were emitted. */
  of<K extends RecordKind>(kind: K): ExtractRecords[K][] {
    return (this.records[kind] ?? []) as ExtractRecords[K][];
  }
  get dnsRecs(): DnsRecord[] {
    return this.of('dns');
  }
  get httpMsgs(): HttpMessage[] {
    return this.of('http');
  }
  get hellos(): TlsHello[] {
    return this.of('tls');
  }
  scan(i: ScanInput): void {
    this.scans.push(i);
  }
  /** Identifiers the protocols read from fields of known meaning. */
  fields: FieldFinding[] = [];
  identify(f: FieldFinding): void {
    this.fields.push(f);
  }
  app(flow: number, app: string, encrypted: boolean): void {
    this.apps.push([flow, app, encrypted]);
  }
  warning(code: WarningCode, message: string, frame?: number): void {
    if (this.warn) this.warn(code, message, frame);
    else this.warnings.push({ code, message, frame });
  }
}

export interface Extracted {
  frames: number;
  dns: DnsRecord[];
  http: HttpMessage[];
  tls: TlsHello[];
  /** Every record by kind (the three above included). */
  records: Collect['records'];
  scans: ScanInput[];
  fields: FieldFinding[];
  apps: [number, string, boolean][];
  /** Every stage's warnings in the order raised: reader, decoder, flow table, extractor. */
  warnings: Warning[];
  flows: Flow[];
}

/**
 * The analysis' assembly over a file: Pipeline + ProtocolExtractor, with the hooks the analysis
 * gives them (src/core/analysis.ts): the TLS secrets of `keylog` (SSLKEYLOGFILE text) and of
 * the capture's DSBs, and one warning list for every stage.
 */
export function extractCapture(path: string, options: { keylog?: string } = {}): Extracted {
  const { warnings, warn } = warningList();
  const c = new Collect(warn);
  const keys = new KeyLog();
  if (options.keylog) keys.addText(options.keylog);
  if (keys.badLines) warn('keylog-malformed', `key log: ${keys.badLines} lines are not NSS key log entries`);
  const run = flowCapture(path, {
    sink: new ProtocolExtractor(c, keys),
    secrets: (type, data) => keys.addSecretsBlock(type, data),
    warn,
  });
  return { frames: run.frames, dns: c.dnsRecs, http: c.httpMsgs, tls: c.hellos, records: c.records, scans: c.scans, fields: c.fields, apps: c.apps, warnings, flows: run.flows };
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

/** Runs the whole engine over several files as one session (analyzeStreams), in the order given. */
export async function analyzeFiles(paths: string[], options: Partial<AnalyzeOptions> = {}): Promise<Report> {
  const geo = await geoTablesLater();
  const files = paths.map((path) => ({ name: basename(path), bytes: statSync(path).size, stream: createReadStream(path, { highWaterMark: 1 << 16 }) }));
  return analyzeStreams(files, { scannerWasm: scannerWasm(), geo, ...options });
}
