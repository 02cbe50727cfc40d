/**
 * One capture being analysed: owns every stage and wires them in the one direction data flows.
 * Synchronous per chunk so it runs identically in a worker, in Node and in tests.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { CaptureError, linktypeName, type CaptureFrame } from './capture/index';
import { isSupportedLinktype } from './decode/index';
import { ProtocolExtractor } from './extract/index';
import type { ExtractSink, FieldFinding, ScanInput } from './extract/types';
import type { Flow } from './flow/types';
import { FindingSet, MAX_FINDINGS } from './scan/findings';
import { MAX_APPS, OTHER_APPS } from './apps/appTable';
import { HashedForms, MAX_DIGEST_TOKENS } from './scan/hashed';
import { RECORD_SECTIONS } from './protocols/registry';
import { KeyLog } from './tls/keylog';
import { LeakScanner, type ScannerWasm } from './scan/index';
import { MAX_DEPTH } from './scan/scanner';
import type { LayerCuts } from './scan/layerCuts';
import type { PooledScanner } from './scan/pool';
import { acquireScanner, releaseScanner } from './scannerInstances';
import type { CaptureFileSummary, Finding, Report } from './report/types';
import type { AnalyzeOptions, Progress } from './options';
import { buildReport, type AnalysisState } from './report/buildReport';
import { WarningLog } from './report/warningLog';
import { enrichReport } from './enrich/enrichReport';
import { Pipeline } from './pipeline';
import { errorText, type Warn } from './warnings';
import { AppActivity, readAppReport } from './appreport/index';
import { DEFAULT_FLOW_BOUND, FlowLedger, type ScanProgress } from './flow/flowLedger';
import { addressKind } from './enrich/addressKind';
import { normalise, stripPort } from './report/hostNames';
import { NOT_UNICAST } from './report/device';

/**
 * Records kept per kind (dns, http, tls …): 1M one-request flows made 1M HTTP records, ~0.5 KB
 * each (issue 15). The rest are counted (warning `records-limit`); their flows keep their names
 * (Flow.host) and their bytes were scanned all the same.
 */
export const MAX_RECORDS_PER_KIND = 20_000;

/** pcapng Name Resolution Block entries kept (no report field shows them yet). */
export const MAX_NAME_ENTRIES = 20_000;

/** The scanner inline (LeakScanner) or spread over scan workers (PooledScanner). */
type InputScanner = Pick<LeakScanner, 'scan' | 'findings' | 'flowHasFinding' | 'placeholders' | 'count' | 'digestTokens' | 'layerCuts'> & Partial<Pick<PooledScanner, 'backlog' | 'settle' | 'close' | 'problems' | 'flush' | 'taken' | 'answered'>>;

/** One file of the session as given: its name, size if known, SHA-256 if hashed elsewhere. */
export interface SessionFile {
  name: string;
  bytes?: number;
  sha256?: Promise<string>;
}

/** One file being (or done being) read. */
interface FileRead {
  name: string;
  bytes: number;
  /** Frames of the files before it: its frames are start+1 .. */
  start: number;
  format: string | null;
  /** Why it cannot be read on (its reader stays failed; the next file gets its own). */
  fatal: CaptureError | null;
  /** Nothing of it could be read: not a capture. */
  failed: boolean;
  hasher: IHasher | null;
  sha256?: Promise<string>;
  digest: string;
}

/** Holds the state of one analysis; push chunks, then finish() for the report. */
export class CaptureAnalysis {
  private readonly pipeline: Pipeline;
  private readonly state: AnalysisState;
  private readonly warn: Warn;
  private bytes = 0;
  private frames = 0;
  private decodableFrames = 0;
  /** The instance behind `scanner`, handed back for the next capture when this one finishes. */
  private scannerWasm: ScannerWasm | null = null;
  private fatal: CaptureError | null = null;
  private readonly ledger: FlowLedger;
  /** Findings the protocols read from fields of known meaning. */
  private readonly fields: FindingSet;
  /** Records not kept, per kind. */
  private readonly recordsDropped = new Map<string, number>();
  /** The files of the session in order (one for a single capture); the last is being read. */
  private readonly files: FileRead[] = [];
  private readonly multi: boolean;

  private constructor(
    // hash-wasm, not a JS SHA-256: hashing every byte was 43% of engine time with @noble/hashes.
    private readonly hasher: IHasher | null,
    private readonly options: AnalyzeOptions,
    private readonly scanner: InputScanner | null,
    private readonly given: SessionFile[],
    private readonly fileHashers: (IHasher | null)[],
  ) {
    this.multi = given.length > 1;
    this.files.push(this.fileRead(0));
    const warnings = new WarningLog();
    // Identifiers the protocols read from fields of known meaning, beside the scanner's.
    const fields = new FindingSet();
    this.fields = fields;
    this.ledger = new FlowLedger(options.flowBound ?? DEFAULT_FLOW_BOUND, (id) => this.hasFinding(id), (ip) => !NOT_UNICAST.has(addressKind(ip)));
    // The inline scanner has found all a flow holds by the time the flow retires: nothing to
    // wait for. Scan workers answer batches later: retired flows wait for their inputs' answers.
    if (scanner?.answered !== undefined) this.ledger.setProgress(scanner as ScanProgress);
    // Hashed forms of the identifiers found, among the digest-shaped tokens of every batch.
    const hashed = new HashedForms();
    const warn: Warn = (code, message, frame) => warnings.add(code, message, frame);
    this.warn = warn;
    const sections = RECORD_SECTIONS.map((section) => ({ kind: section.kind, collector: section.collector() }));
    const byKind = new Map(sections.map((x) => [x.kind as string, x.collector]));
    this.state = {
      name: options.name,
      format: null,
      compressed: false,
      linktypes: new Set<number>(),
      frames: 0,
      firstTime: NaN,
      lastTime: NaN,
      warnings,
      sections,
      protocols: new Map(),
      apps: [],
      captureDevice: null,
      decrypted: new Set(),
      names: [],
      flows: [],
      folded: null,
      findings: () => {
        const found = [...(this.scanner?.findings() ?? []), ...fields.list()];
        return this.scanner ? [...found, ...hashed.findings(found, this.scanner.digestTokens())] : found;
      },
      placeholders: () => this.scanner?.placeholders() ?? [],
      bytes: 0,
      sha256: '',
      ...(this.multi ? { files: () => this.fileSummaries() } : {}),
    };
    const state = this.state;
    // TLS secrets: the key log given with the capture, plus DSBs as the reader meets them.
    const keys = new KeyLog();
    if (options.keylog) keys.addText(options.keylog);
    if (keys.badLines) warn('keylog-malformed', `key log: ${keys.badLines} lines are not NSS key log entries`);
    const sink: ExtractSink = {
      // Records go to their protocol's section; kinds no section collects are not reported.
      emit: (kind, record) => {
        const collector = byKind.get(kind);
        if (!collector) return;
        this.nameFlow(kind, record);
        if (collector.records.length < MAX_RECORDS_PER_KIND) collector.add(record as never);
        else this.recordsDropped.set(kind, (this.recordsDropped.get(kind) ?? 0) + 1);
      },
      scan: (input: ScanInput) => {
        // Content (not the SNI) read on an encrypted flow means the keys opened it.
        if (input.encryptedOnWire && input.part !== 'sni') state.decrypted.add(input.flow);
        this.scanner?.scan(frameChecked(input, state.flows, warn));
      },
      identify: (f: FieldFinding) => fields.add(fieldFinding(frameChecked(f, state.flows, warn))),
      app: (flow: number, app: string, encrypted: boolean) => {
        // A CONNECT or Upgrade tunnel reports 'http' then 'tls': the encrypted tunnel wins.
        const live = this.ledger.get(flow);
        const known = live ? live.protocol : state.protocols.get(flow);
        if (known && !(encrypted && !known.encrypted)) return;
        if (live) live.protocol = { app, encrypted };
        else state.protocols.set(flow, { app, encrypted });
      },
      warning: warn,
    };
    this.pipeline = new Pipeline({
      flows: new ProtocolExtractor(sink, keys),
      warn,
      frame: (f) => this.onFrame(f),
      format: (format, compressed) => {
        this.file.format = format;
        // Several files: their formats in order, each once ("pcap + har").
        state.format = [...new Set(this.files.map((f) => f.format).filter((f) => f !== null))].join(' + ');
        state.compressed ||= compressed;
      },
      // Read into the key log at once; the blocks themselves are not kept (a copy of each was,
      // never read: 40 blocks of 16 MB peaked at 893 MB).
      secrets: (secretsType, data) => void keys.addSecretsBlock(secretsType, data),
      // One at a time and bounded: a 16 MiB Name Resolution Block holds 1.3M entries, and
      // push(...entries) threw "Maximum call stack size exceeded", which ended the file there.
      names: (entries) => {
        for (const e of entries) if (state.names.length < MAX_NAME_ENTRIES) state.names.push(e);
      },
      device: (device) => void (state.captureDevice = { ...state.captureDevice, ...device }),
      activity: (record) => state.appActivity?.add(record),
      // A message-level record counts as a frame (capture.frames = records read) and is decodable.
      exchange: (x) => this.onRecord(x.number, x.time, true),
      ledger: this.ledger,
      ...(this.multi ? { label: given[0].name } : {}),
    });
    state.apps = this.pipeline.apps.list;
    // An App Privacy Report: the file itself, or given beside a capture and read first, so its
    // apps come before the capture's in `apps` whenever a report is built.
    state.appActivity = new AppActivity(this.pipeline.apps);
    if (options.appReport) readAppReport(options.appReport, state.appActivity, warn);
  }

  /**
   * Prepares the stages; compiles the scanner when its wasm is given. `files`: the session's
   * files in the order they will be read (nextFile() between them); one capture when absent.
   */
  static async create(options: AnalyzeOptions, files?: SessionFile[]): Promise<CaptureAnalysis> {
    const given = files?.length ? files : [{ name: options.name, bytes: options.size }];
    let scanner: InputScanner | null = null;
    let wasm: ScannerWasm | null = null;
    if (options.scannerWasm && options.scanPool) {
      const module = options.scannerWasm instanceof WebAssembly.Module ? options.scannerWasm : await WebAssembly.compile(options.scannerWasm);
      // An inline scanner beside the workers: small inputs cost more to send than to scan (scan/pool.ts INLINE_MAX_BYTES).
      wasm = await acquireScanner(options.scannerWasm);
      scanner = options.scanPool.open(module, options.profile, new LeakScanner(wasm, options.profile));
    } else if (options.scannerWasm) {
      wasm = await acquireScanner(options.scannerWasm);
      scanner = new LeakScanner(wasm, options.profile);
    }
    // Hashing here costs ~30 % of engine time; callers that can hash elsewhere pass options.sha256.
    // Marked handled now: a hash that fails before finish() must not be an unhandled rejection.
    options.sha256?.catch(() => undefined);
    const hasher = options.sha256 ? null : await createSHA256();
    hasher?.init();
    // Several files: each file's own hash too (capture.files), unless given.
    const fileHashers = await Promise.all(given.map(async (f) => (given.length > 1 && !f.sha256 ? (await createSHA256()).init() : null)));
    const analysis = new CaptureAnalysis(hasher, options, scanner, given, fileHashers);
    analysis.scannerWasm = wasm;
    return analysis;
  }

  private get file(): FileRead {
    return this.files[this.files.length - 1];
  }

  private fileRead(index: number): FileRead {
    const g = this.given[index];
    return { name: g.name, bytes: 0, start: this.frames, format: null, fatal: null, failed: false, hasher: this.fileHashers[index] ?? null, sha256: g.sha256, digest: '' };
  }

  /** Feeds the next chunk of the file. */
  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.hasher?.update(chunk);
    const file = this.file;
    file.bytes += chunk.length;
    file.hasher?.update(chunk);
    if (file.fatal) return;
    try {
      this.pipeline.push(chunk);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Whether a flow has a finding so far (the ledger keeps such flows whole). */
  private hasFinding(id: number): boolean {
    // Asked of the sets as they grow: rebuilding a set of every finding's flow at each new
    // finding made a capture with a finding on every flow quadratic (200k such flows: 56 s).
    return this.fields.hasFlow(id) || (this.scanner?.flowHasFinding(id) ?? false);
  }

  /** A flow's own name from its first HTTP request's Host or TLS SNI (Flow.host). */
  private nameFlow(kind: string, record: unknown): void {
    const r = record as { flow?: number; host?: string | null; sni?: string | null; kind?: string };
    const raw = kind === 'http' && r.kind === 'request' ? r.host : kind === 'tls' ? r.sni : null;
    if (!raw || r.flow === undefined) return;
    const flow = this.ledger.get(r.flow);
    if (flow && flow.host === undefined) flow.host = normalise(stripPort(raw)) || undefined;
  }

  /**
   * Ends the file being read and starts the next of the session (`files` of create): its own
   * reader, the same flows, apps, scanner and findings; its frames numbered on.
   */
  nextFile(): void {
    const index = this.files.length;
    if (index >= this.given.length) throw new Error('nextFile(): no file left');
    this.endFile();
    this.files.push(this.fileRead(index));
    this.pipeline.nextFile(this.given[index].name);
  }

  /** Flushes the current file's reader; a file none of which could be read is a warning naming it. */
  private endFile(): void {
    const file = this.file;
    if (!file.fatal) {
      try {
        this.pipeline.endInput();
      } catch (e) {
        this.fail(e);
      }
    }
    if (file.fatal && this.frames === file.start && file.format === null) {
      file.failed = true;
      if (this.multi) this.warn('unreadable', `${file.name} was not read: ${file.fatal.message}`);
    }
    if (file.hasher) file.digest = file.hasher.digest('hex');
  }

  /** capture.files of a session of several files. */
  private fileSummaries(): CaptureFileSummary[] {
    return this.files.map((f, i) => {
      // The file being read ends, so far, at the last frame read.
      const end = i + 1 < this.files.length ? this.files[i + 1].start : this.frames;
      const has = end > f.start;
      return { name: f.name, bytes: f.bytes, sha256: f.digest, format: f.failed ? null : f.format, first_frame: has ? f.start + 1 : null, last_frame: has ? end : null };
    });
  }

  /** Counts every frame; the pipeline then decodes it. */
  private onFrame(f: CaptureFrame): void {
    this.state.linktypes.add(f.linktype);
    this.onRecord(f.number, f.time, isSupportedLinktype(f.linktype));
  }

  private onRecord(number: number, time: number, decodable: boolean): void {
    const s = this.state;
    s.frames = number;
    this.frames = number;
    if (decodable) this.decodableFrames++;
    if (!Number.isNaN(time)) {
      if (Number.isNaN(s.firstTime) || time < s.firstTime) s.firstTime = time;
      if (Number.isNaN(s.lastTime) || time > s.lastTime) s.lastTime = time;
    }
  }

  private fail(e: unknown): void {
    const file = this.file;
    if (e instanceof CaptureError && this.frames === file.start) {
      file.fatal = e;
      return;
    }
    const named = this.multi ? `${file.name}: ${errorText(e)}` : errorText(e);
    this.warn(e instanceof CaptureError ? 'unreadable' : 'internal-error', named, this.frames || undefined);
    file.fatal = e instanceof CaptureError ? e : new CaptureError(errorText(e));
  }

  /** Counters for a progress bar. */
  progress(): Progress {
    return {
      bytes: this.bytes,
      totalBytes: this.options.size ?? null,
      frames: this.frames,
      flows: this.ledger.total,
      findings: this.scanner?.findings().length ?? 0,
      ...(this.multi ? { file: { name: this.file.name, index: this.files.length - 1, count: this.given.length } } : {}),
    };
  }

  /** Scan workers get what is batched so far (see PooledScanner.flush). */
  flushScans(): void {
    this.scanner?.flush?.();
  }

  /** Findings the scanner holds so far (cheap: no list is built). */
  findingCount(): number {
    return this.scanner?.count ?? 0;
  }

  /**
   * Whether any input's format has been recognised: before that a partial report would be an
   * empty one, and for a file that is not a capture at all it would stand on the page beside the
   * error (a CI run's slow first chunk left "not a capture" with an empty report and no way back).
   */
  recognised(): boolean {
    return this.files.some((f) => f.format !== null);
  }

  /** The report so far (flows still open are reported as they stand). */
  snapshot(): Report {
    return this.build();
  }

  private build(): Report {
    const { flows, unlisted } = this.ledger.listed();
    this.state.flows = flows;
    this.state.folded = this.ledger.foldedFlows(unlisted);
    this.state.foldedOpeners = this.state.folded ? this.ledger.openers(unlisted) : undefined;
    const report = buildReport(this.state, (f) => linktypeName(f));
    return this.options.geo ? enrichReport(report, this.options.geo) : report;
  }

  /** Resolves when the scan workers can take more (the engine waits here between chunks). */
  backlog(): Promise<void> | undefined {
    return this.scanner?.backlog?.();
  }

  /** Ends the stream and builds the report; throws when nothing could be read at all. */
  async finish(): Promise<Report> {
    try {
      this.endStream();
      if (this.scanner?.settle) {
        await this.scanner.settle();
        for (const message of this.scanner.problems ?? []) this.warn('scan-incomplete', message);
      }
      const cuts = this.scanner?.layerCuts();
      const at = (c: LayerCuts) => (c.first ? ` (the first in flow ${c.first.flow})` : '');
      if (cuts?.depth) this.warn('scan-depth-limit', `${cuts.depth} encoded values nested deeper than ${MAX_DEPTH} layers were not decoded${at(cuts)}: identifiers inside them are not found`, cuts.first?.frame);
      if (cuts?.budget) this.warn('scan-budget-limit', `${cuts.budget} encoded values past the decoding budget (4x an input's size, at least 1 MiB) were not decoded${at(cuts)}`, cuts.first?.frame);
      const dropped = this.scanner?.digestTokens().dropped ?? 0;
      this.ledger.settle();
      const { flows, unlisted } = this.ledger.listed();
      const folded = this.ledger.folded.count + unlisted.length;
      if (folded > 0) this.warn('flows-folded', `${folded} of ${this.ledger.total} flows are not listed one by one: the report lists ${flows.length} (every flow with a finding, then the largest by bytes) and adds up the rest per host in flows_folded`);
      if ((this.scanner?.count ?? 0) >= MAX_FINDINGS || this.fields.full) this.warn('findings-limit', `the findings reached the ${MAX_FINDINGS} distinct ones (identifier, encoding, flow, protocol, direction) a report keeps: any new one found after that point is not listed, and its flow is folded like a flow without one`);
      if (this.pipeline.apps.folded > 0) this.warn('apps-limit', `the file names more than ${MAX_APPS} apps: ${this.pipeline.apps.folded} frames of apps past those are counted under '${OTHER_APPS}'`);
      for (const [kind, n] of this.recordsDropped) this.warn('records-limit', `${n} ${kind} records past the first ${MAX_RECORDS_PER_KIND} were not listed (their bytes were scanned)`);
      if (dropped) this.warn('digest-tokens-limit', `${dropped} digest-shaped tokens past the first ${MAX_DIGEST_TOKENS} were not kept: hashed forms among them are not looked up`);
      this.state.sha256 = this.hasher ? this.hasher.digest('hex') : await this.options.sha256!.catch((e: unknown) => {
        this.warn('hash-failed', `the capture's SHA-256 could not be computed: ${errorText(e)}`);
        return '';
      });
      for (const f of this.files) {
        if (f.hasher || !f.sha256) continue;
        f.digest = await f.sha256.catch((e: unknown) => {
          this.warn('hash-failed', `the SHA-256 of ${f.name} could not be computed: ${errorText(e)}`);
          return '';
        });
      }
      return this.build();
    } finally {
      this.dispose();
    }
  }

  /** Frees the scanner (its wasm instance or its worker sessions); also on cancel or error. */
  dispose(): void {
    this.scanner?.close?.();
    if (this.scannerWasm && this.options.scannerWasm) releaseScanner(this.options.scannerWasm, this.scannerWasm);
    this.scannerWasm = null;
  }

  /** Ends every stage (flushing what they hold, which may still feed the scanner). */
  private endStream(): void {
    this.endFile();
    if (this.files.every((f) => f.failed)) {
      // Nothing could be read: one line, naming each file when there are several.
      if (!this.multi) throw this.files[0].fatal!;
      throw new CaptureError(`none of the files is a capture: ${this.files.map((f) => `${f.name}: ${f.fatal!.message}`).join('; ')}`);
    }
    if (this.frames > 0 && this.decodableFrames === 0) {
      // A file none of whose frames we can decode still gets its report (a batch run writes
      // one per input), which says why it is empty.
      const kinds = [...this.state.linktypes].map((lt) => `${lt} (${linktypeName(lt)})`).join(', ');
      this.warn('linktype-unsupported', `link type ${kinds} is not supported: none of the ${this.frames} frames can be decoded`);
    }
    try {
      this.pipeline.finishDecoding();
      this.pipeline.finishFlows();
    } catch (e) {
      this.warn('internal-error', errorText(e));
    }
    this.state.bytes = this.bytes;
  }
}

/**
 * Frames are numbered from 1; a scan input or field finding citing another (a handler's frame
 * left at its initial 0 when it flushes at close) is a bug in that handler: it cites its flow's
 * last frame instead, which carried or followed the bytes, and warns.
 */
export function frameChecked<T extends { flow: number; frame: number; protocol: string }>(x: T, flows: readonly Flow[], warn: Warn): T {
  if (Number.isInteger(x.frame) && x.frame >= 1) return x;
  // By id (a rare path: a linear search is fine): retired flows leave the table.
  const frame = flows.find((f) => f.id === x.flow)?.lastFrame ?? 1;
  warn('internal-error', `${x.protocol} in flow ${x.flow} cited frame ${x.frame}; frame ${frame} (the flow's last) is cited instead`, frame);
  return { ...x, frame };
}

/** A protocol's field finding in the report's form. */
function fieldFinding(f: FieldFinding): Finding {
  return {
    type: f.type, value: f.value, encoding: f.encoding, source: 'pattern', flow: f.flow, protocol: f.protocol,
    direction: f.direction, encrypted_on_wire: f.encryptedOnWire, host: null, country: null, frame: f.frame,
    context: f.context, match: f.value, confidence: f.confidence,
    ...(f.senderMac ? { sender_mac: f.senderMac } : {}),
  };
}
