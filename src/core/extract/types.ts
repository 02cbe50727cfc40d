/**
 * What protocol handlers emit, and the sink they emit it to. Records are typed by kind through
 * `ExtractRecords`, an interface each protocol extends from its own records.ts (declaration
 * merging), so adding a protocol with records of its own changes no sink and no dispatcher.
 */
import type { Direction } from '../types';
import type { WarningCode } from '../warnings';
import type { FindingType } from '../identifiers/registry';
import type { Confidence } from '../identifiers/kind';

/** Fields every record has. */
export interface FlowRecord {
  flow: number;
  frame: number;
  /** Read from decrypted TLS (set by the TLS protocol's decrypted sink). */
  encryptedOnWire?: boolean;
}

/** Record types by kind; extended by each protocol's records.ts (`declare module`). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ExtractRecords {}

export type RecordKind = keyof ExtractRecords;

/**
 * A report section built from one kind of record: what the analysis keeps of each record
 * (bodies are dropped once scanned) and the report entries it turns into. Sections appear in
 * the report in registry order, after `flows`.
 */
export interface RecordSection<K extends RecordKind = RecordKind, Entry = unknown> {
  kind: K;
  collector(): RecordCollector<ExtractRecords[K], Entry>;
}

/** One analysis' records of one kind. */
export interface RecordCollector<R, Entry> {
  add(record: R): void;
  /** What was kept, in the order it came (host naming reads DNS, HTTP and TLS records). */
  readonly records: readonly R[];
  /** The report's entries for this section. */
  entries(): Entry[];
}

/** Bytes handed to the scanner, with where they came from. */
export interface ScanInput {
  flow: number;
  direction: Direction;
  /** 'http' | 'dns' | 'mqtt' | 'udp' | 'tcp' | 'tls' … */
  protocol: string;
  /** Which part: 'url', 'header', 'body', 'qname', 'payload', 'topic', 'client-id'. */
  part: string;
  frame: number;
  bytes: Uint8Array;
  encryptedOnWire: boolean;
}

/**
 * An identifier a protocol read from a field whose meaning it knows, so no shape rule has to
 * guess: a DHCP host name (option 12), a DHCP client's MAC (chaddr), a NetBIOS name, the model
 * in a User-Agent, a UBNT discovery MAC. It becomes a finding like the scanner's (folded with
 * them), and is attributed to its sender like every finding.
 */
export interface FieldFinding {
  flow: number;
  frame: number;
  direction: Direction;
  /** 'dhcp' | 'nbns' | 'mdns' | 'http' | 'gquic' … */
  protocol: string;
  type: FindingType;
  /** Canonical (report.md): lower-case aa:bb:… for a MAC, the text as sent for names. */
  value: string;
  /** How the field held it: 'plain' (text), 'hex' (a MAC inside a UUID), 'binary' (six raw bytes). */
  encoding: string;
  /** Short excerpt for evidence: the field as read ("Host Name: kawai-iPad3"). */
  context: string;
  confidence: Confidence;
  encryptedOnWire: boolean;
  /**
   * The sender's MAC when the flow's addresses do not say who sent it (a DHCP DISCOVER comes
   * from 0.0.0.0: its chaddr says which device it is).
   */
  senderMac?: string;
}

/** What extractors emit; the engine collects it into the report and feeds the scanner. */
export interface ExtractSink {
  /** A record for the report (DNS question, HTTP message, TLS hello, …). */
  emit<K extends RecordKind>(kind: K, record: ExtractRecords[K]): void;
  scan(input: ScanInput): void;
  /** An identifier read from a field of known meaning (FieldFinding). */
  identify(finding: FieldFinding): void;
  /** Protocol detected on a flow: 'http' | 'tls' | 'quic' | 'dns' | 'mqtt'. */
  app(flow: number, app: string, encrypted: boolean): void;
  warning(code: WarningCode, message: string, frame?: number): void;
}

/** A section that keeps every record of its kind as it came and maps each to one entry. */
export function listSection<K extends RecordKind, Entry>(kind: K, entry: (record: ExtractRecords[K]) => Entry): RecordSection<K, Entry> {
  return {
    kind,
    collector() {
      const records: ExtractRecords[K][] = [];
      return { records, add: (r) => void records.push(r), entries: () => records.map(entry) };
    },
  };
}
