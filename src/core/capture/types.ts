import type { Warn } from '../warnings';
import type { AppReportRecord } from '../appreport/records';

export type CaptureFormat = 'pcap' | 'pcapng' | 'har' | 'mitmproxy' | 'app-privacy-report';

/** One packet record as read from the file. */
export interface CaptureFrame {
  /** 1-based record number over the whole file (as capinfos/tshark count). */
  number: number;
  /** LINKTYPE_* value of the record's interface. */
  linktype: number;
  /**
   * Seconds since the epoch (fractional); NaN when the record has none. As read from the file:
   * it may lie outside what a report can write (years 0000-9999), which the pipeline turns into NaN (`isDateTime`).
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

/**
 * The times a report writes: years 0000-9999, the range where toISOString gives RFC 3339's
 * four-digit year. A Date goes on to ±8.64e15 ms, year ±275760 (ECMA-262 §21.4.1.1), written
 * "+011476-08-15T…", which date-time readers reject; a capture stamped past 9999 has a broken
 * clock or damaged bytes.
 */
export const MIN_REPORT_SECONDS = -62_167_219_200; // 0000-01-01T00:00:00Z
export const MAX_REPORT_SECONDS = 253_402_300_800; // 10000-01-01T00:00:00Z, excluded

/** True for a time (seconds since the epoch) the report can write as an ISO date; false for NaN too. */
export function isDateTime(t: number): boolean {
  return t >= MIN_REPORT_SECONDS && t < MAX_REPORT_SECONDS;
}

/**
 * Message-level input: what a HAR entry or a mitmproxy flow holds. These files carry no packets,
 * only the messages a browser or proxy saw, so they bypass decoding and reassembly: each record
 * becomes one flow, and its HTTP messages go through the HTTP extractor's record path
 * (protocols/http1/message.ts) like messages framed from a TCP stream. Why not synthesized
 * HTTP/1.1 bytes: HAR text is already content-decoded while its headers still say gzip, HTTP/2
 * and HTTP/3 entries have no HTTP/1 form, and an HTTPS entry on port 443 would be sniffed as TLS.
 */
export interface CaptureExchange {
  /** 1-based record number (HAR entry index + 1, mitmproxy flow number): findings' `frame`. */
  number: number;
  /** Seconds since the epoch; NaN when unknown. */
  time: number;
  transport: 'tcp' | 'udp';
  /** Where the file names them; a HAR has no client address (CLIENT_UNKNOWN). */
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  /** TLS (or QUIC) on the wire, read decrypted by the browser or proxy. */
  encrypted: boolean;
  /** Protocol of the flow: 'http', or 'websocket' / 'tcp' / 'udp' for mitmproxy's other flows. */
  protocol: string;
  messages: ExchangeMessage[];
  app?: FrameApp;
}

/**
 * The client of a record whose file does not name it (HAR): the machine that recorded it, as
 * loopback. Not 0.0.0.0: the report's device under test (report/device.ts) is the address that
 * opens the flows, and an unspecified address opens none, which left every HAR finding as
 * "other device".
 */
export const CLIENT_UNKNOWN = { ip: '127.0.0.1', port: 0 };

export type ExchangeMessage = HttpExchangeMessage | DataExchangeMessage;

export interface HttpExchangeMessage {
  kind: 'request' | 'response';
  method?: string;
  /** The request target as on an HTTP/1 request line (path and query). */
  uri?: string;
  status?: number;
  /** Request: Host header, else :authority, else the URL's host. */
  host: string | null;
  headers: [string, string][];
  body: Uint8Array;
  /**
   * The body is as sent, still under its Content-Encoding (mitmproxy keeps raw content, a HAR
   * base64 postData is the bytes sent); false when the file holds it decoded (HAR content.text).
   */
  coded: boolean;
}

/** A WebSocket message or a TCP/UDP payload, as sent. */
export interface DataExchangeMessage {
  kind: 'data';
  /** 'websocket' | 'tcp' | 'udp': the scan input's protocol. */
  protocol: string;
  direction: 'upload' | 'download';
  bytes: Uint8Array;
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
  /** One message-level record (HAR entry, mitmproxy flow); readers of packets never call it. */
  exchange?(exchange: CaptureExchange): void;
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
