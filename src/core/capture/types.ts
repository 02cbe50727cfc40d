import type { Warn } from '../warnings';
import type { AppReportRecord } from '../appreport/records';

export type CaptureFormat = 'pcap' | 'pcapng' | 'app-privacy-report';

/** One packet record as read from the file. */
export interface CaptureFrame {
  /** 1-based record number over the whole file (as capinfos/tshark count). */
  number: number;
  /** LINKTYPE_* value of the record's interface. */
  linktype: number;
  /**
   * Seconds since the epoch (fractional); NaN when the record has none. As read from the file:
   * it may lie outside what a Date represents, which the pipeline turns into NaN (`isDateTime`).
   */
  time: number;
  capturedLength: number;
  originalLength: number;
  /** Packet bytes. Only valid during the sink call: copy what you keep. */
  data: Uint8Array;
  /** The app that sent or received it, when the file says (PCAPdroid trailer or comment, PKTAP). */
  app?: FrameApp;
}

/**
 * An app as a capture file names it. Readers give what the file holds; the pipeline interns
 * them (one per source and uid, else pid, else name) into the report's `apps`.
 */
export interface FrameApp {
  /** What attributed it: 'pcapdroid-trailer' | 'pcapdroid-pcapng' | 'pktap' | 'app-privacy-report' | … */
  source: string;
  /** Android UID (PCAPdroid). */
  uid?: number | null;
  /** Process id (PKTAP). */
  pid?: number | null;
  /** Android package or iOS bundle ID. */
  package?: string | null;
  /** App or process name as the source gives it. */
  name?: string | null;
}

/** What a capture file says about the device that made it (pcapng section header options). */
export interface CaptureDevice {
  hardware?: string;
  os?: string;
  /** The capturing application ("PCAPdroid v1.7.0"). */
  application?: string;
}

/** The largest |seconds| a JavaScript Date represents (±8.64e15 ms, ECMA-262 §21.4.1.1). */
export const MAX_DATE_SECONDS = 8.64e12;

/** True for a time (seconds since the epoch) that a Date can represent; false for NaN too. */
export function isDateTime(t: number): boolean {
  return Math.abs(t) <= MAX_DATE_SECONDS;
}

/** Receives what a reader finds, in file order. */
export interface CaptureSink {
  format(format: CaptureFormat, compressed: boolean): void;
  frame(frame: CaptureFrame): void;
  warning: Warn;
  /** pcapng Decryption Secrets Block (secrets type e.g. 0x544c534b = TLS key log). */
  secrets?(secretsType: number, data: Uint8Array): void;
  /** pcapng Name Resolution Block entries. */
  names?(entries: { ip: string; names: string[] }[]): void;
  /**
   * An app the file describes apart from its packets (PCAPdroid's UID map block: uid -> package
   * and name): completes the apps frames name by the same source and uid.
   */
  app?(app: FrameApp): void;
  /** What the file says about the capturing device (pcapng SHB shb_hardware, shb_os, shb_userappl). */
  device?(device: CaptureDevice): void;
  /** A record of an App Privacy Report (appreport/), the format whose content is apps, not frames. */
  activity?(record: AppReportRecord): void;
}

/** Push-based so the same reader serves a browser ReadableStream and a Node file stream. */
export interface CaptureReader {
  /** Feed the next chunk of the file. The reader copies only what it must keep. */
  push(chunk: Uint8Array): void;
  /** No more bytes: flush, warn about a cut-off last record. */
  end(): void;
  /** Bytes of the (decompressed) stream consumed so far. */
  readonly bytesRead: number;
}

/** Thrown when the input cannot be read as a capture at all (one clear line). */
export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}
