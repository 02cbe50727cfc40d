import type { Direction } from '../types';

export interface DnsRecord {
  flow: number;
  frame: number;
  /** Query name, lower-case, no trailing dot. */
  name: string;
  type: string; // 'A', 'AAAA', 'CNAME', … or 'TYPE65'
  response: boolean;
  /** For responses: A/AAAA addresses and CNAME targets owned by `name` in the Answer section. */
  answers: string[];
}

export interface HttpMessage {
  flow: number;
  frame: number;
  direction: Direction;
  kind: 'request' | 'response';
  method?: string;
  uri?: string;
  status?: number;
  /** First Host header, null when there is none. */
  host: string | null;
  headers: [string, string][];
  /** Body after transfer- and content-coding were undone (bounded). */
  body: Uint8Array;
  /** e.g. 'gzip', 'chunked'; what was undone. */
  codings: string[];
  /** Length of the decoded body; kept when the engine drops `body` after scanning. */
  bodyBytes?: number;
  /** Stream offset of the message start, for evidence. */
  offset: number;
  /** True when the message was read from decrypted TLS. */
  encryptedOnWire?: boolean;
  /** HTTP/2 stream id: a response answers the request of its stream, in whatever order. */
  stream?: number;
}

export interface TlsHello {
  flow: number;
  frame: number;
  transport: 'tcp' | 'udp';
  sni: string | null;
  alpn: string[];
  /** JA3 string and its MD5 as tshark's tls.handshake.ja3_full / ja3. */
  ja3Full: string;
  ja3: string;
  /** For QUIC: 'quic-v1' | 'quic-v2'. */
  version?: string;
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

/** What extractors emit; the engine collects it into the report and feeds the scanner. */
export interface ExtractSink {
  dns(r: DnsRecord): void;
  http(m: HttpMessage): void;
  tls(h: TlsHello): void;
  scan(input: ScanInput): void;
  /** Protocol detected on a flow: 'http' | 'tls' | 'quic' | 'dns' | 'mqtt'. */
  app(flow: number, app: string, encrypted: boolean): void;
  warning(code: string, message: string, frame?: number): void;
}
