/**
 * The one assembly of the stages that turn capture bytes into flows: capture reader -> link/IP
 * decoders -> flow table (reassembly), delivering each flow's in-order bytes to a FlowSink. The
 * analysis puts the protocol extractor there; "Follow stream" (flowStream.ts) a collector of
 * one flow. Both therefore see the same frames, packets and flow numbering.
 */
import { createCaptureReader, isDateTime, type CaptureFormat, type CaptureFrame, type CaptureReader } from './capture/index';
import { PacketDecoder } from './decode/index';
import { FlowTable, type FlowSink } from './flow/index';
import type { FlowLedger } from './flow/flowLedger';
import { errorText, type Warn } from './warnings';
import { AppTable } from './apps/appTable';
import type { AppReportRecord } from './appreport/records';
import type { CaptureDevice, CaptureExchange } from './capture/types';

export interface PipelineHooks {
  /** Where each flow's bytes go. */
  flows: FlowSink;
  warn: Warn;
  /** Every frame before it is decoded; answer false to skip decoding it. */
  frame?(f: CaptureFrame): boolean | void;
  format?(format: CaptureFormat, compressed: boolean): void;
  /** pcapng Decryption Secrets Block. */
  secrets?(secretsType: number, data: Uint8Array): void;
  /** pcapng Name Resolution Block entries. */
  names?(entries: { ip: string; names: string[] }[]): void;
  /** What the file says about the capturing device (pcapng section header). */
  device?(device: CaptureDevice): void;
  /** App Privacy Report records (a file of that format). */
  activity?(record: AppReportRecord): void;
  /** Which flows are kept once the table lets them go (default: every flow). */
  ledger?: FlowLedger;
  /** Every message-level record (HAR entry, mitmproxy flow) before it becomes a flow. */
  exchange?(x: CaptureExchange): void;
  /** The first file's name, put before its reader's warnings (several files: nextFile). */
  label?: string;
}

export class Pipeline {
  private reader: CaptureReader;
  private readonly decoder: PacketDecoder;
  private readonly table: FlowTable;
  /** The apps the file names; flows point into it (Flow.app). */
  readonly apps = new AppTable();
  /**
   * Several files, one session: each file's reader numbers its records from 1, so the frames
   * of the files before it are added (file 2's frame 1 is frame N+1) and every frame a report
   * names stays unique.
   */
  private base = 0;
  /** The last frame number handed on (over all files so far). */
  private last = 0;
  private label: string | undefined;

  constructor(private readonly hooks: PipelineHooks) {
    this.table = new FlowTable(hooks.flows, hooks.warn, undefined, hooks.ledger);
    this.decoder = new PacketDecoder(hooks.warn);
    this.label = hooks.label;
    this.reader = this.openReader();
  }

  /**
   * The next file of the session: a reader of its own (its own format detection), while the
   * decoder, the flow table and the apps go on — a TCP connection seen in both files continues
   * (mergecap -a). Call endInput() for the file before.
   */
  nextFile(label?: string): void {
    this.base = this.last;
    this.label = label;
    this.reader = this.openReader();
  }

  private openReader(): CaptureReader {
    const { hooks } = this;
    const warn = hooks.warn;
    const base = this.base;
    const label = this.label;
    // The reader's own warnings: frame numbers of the session, text naming the file (its
    // messages count the file's own records).
    const readerWarn: Warn = base === 0 && !label ? warn : (code, message, frame) => warn(code, label ? `${label}: ${message}` : message, frame === undefined ? undefined : frame + base);
    return createCaptureReader({
      format: (format, compressed) => hooks.format?.(format, compressed),
      warning: readerWarn,
      secrets: (type, data) => hooks.secrets?.(type, data),
      names: (entries) => hooks.names?.(entries),
      app: (app) => this.apps.describe(app),
      device: (device) => hooks.device?.(device),
      activity: (record) => hooks.activity?.(record),
      exchange: (given) => {
        const read = base ? { ...given, number: given.number + base } : given;
        this.last = read.number;
        const x = timeChecked(read, 'record', warn);
        hooks.exchange?.(x);
        try {
          this.table.addExchange(x, x.app ? this.apps.intern(x.app) : undefined);
        } catch (e) {
          warn('internal-error', `record skipped: ${errorText(e)}`, x.number);
        }
      },
      frame: (given) => {
        const read = base ? { ...given, number: given.number + base } : given;
        this.last = read.number;
        const f = timeChecked(read, 'frame', warn);
        if (hooks.frame?.(f) === false) return;
        try {
          // The reader's app (PCAPdroid) or the link header's (PKTAP), interned before decoding.
          const named = f.app ?? this.decoder.appOf(f);
          const app = named ? this.apps.intern(named) : undefined;
          const n = this.decoder.decodeShared(f);
          const packets = this.decoder.shared;
          for (let i = 0; i < n; i++) {
            const p = packets[i];
            if (app !== undefined) p.app = app;
            this.table.add(p);
          }
        } catch (e) {
          // A bug in one layer must not cost the rest of the file.
          warn('internal-error', `frame skipped: ${errorText(e)}`, f.number);
        }
      },
    });
  }

  /** The flows so far, numbered as tshark numbers them; which of them the report lists. */
  get flows(): FlowLedger {
    return this.table.ledger;
  }

  /** Feeds the next chunk of the file; throws a CaptureError where the file cannot be read on. */
  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  /** No more bytes of this file: its reader flushes (and may throw like push). */
  endInput(): void {
    this.reader.end();
  }

  /** Ends decoding: IP fragments left over warn. */
  finishDecoding(): void {
    this.decoder.finish();
  }

  /** Ends reassembly: open flows flush what they hold (still feeding the sink) and close. */
  finishFlows(): void {
    this.table.finish();
  }
}

/**
 * The boundary for times: one outside years 0000-9999 (a damaged or crafted timestamp) is no
 * time for every stage after this, flows and report included. `what`: 'frame' or 'record'.
 */
function timeChecked<T extends { number: number; time: number }>(read: T, what: string, warn: Warn): T {
  if (read.time !== read.time || isDateTime(read.time)) return read;
  warn('capture-bad-time', `${what} ${read.number}: timestamp ${read.time} s is outside years 0000-9999; the ${what} is read without a time`, read.number);
  return { ...read, time: NaN };
}
