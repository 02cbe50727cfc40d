/** The report, version 1 (../shared/spec/report.md). Plain JSON: no undefined, no typed arrays. */
import type { Warning } from '../warnings';

export interface Report {
  format: 'capture-report';
  version: 1;
  capture: CaptureSummary;
  warnings: Warning[];
  flows: ReportFlow[];
  dns: ReportDns[];
  http: ReportHttp[];
  tls: ReportTls[];
  findings: Finding[];
}

export interface CaptureSummary {
  name: string;
  bytes: number;
  sha256: string;
  format: string;
  linktypes: string[];
  frames: number;
  start: string | null;
  end: string | null;
}

export interface ReportFlow {
  id: number;
  transport: 'tcp' | 'udp';
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  app: string | null;
  encrypted: boolean;
  /** Encrypted, but read with the TLS keys the person gave. */
  decrypted?: boolean;
  host: string | null;
  country: string | null;
  packets: number;
  bytes: number;
  first_frame: number;
  last_frame: number;
  start: string | null;
  end: string | null;
  upload_bytes: number;
  download_bytes: number;
}

export interface ReportDns {
  flow: number;
  frame: number;
  name: string;
  type: string;
  response: boolean;
  answers: string[];
}

export interface ReportHttp {
  flow: number;
  frame: number;
  method: string;
  host: string | null;
  uri: string;
  status: number | null;
  user_agent: string | null;
  content_type: string | null;
  request_body_bytes: number;
  /** Read after decrypting TLS with the person's keys. */
  encrypted_on_wire: boolean;
}

export interface ReportTls {
  flow: number;
  frame: number;
  sni: string | null;
  ja3: string;
  ja3_full: string;
  alpn: string[];
  transport: 'tcp' | 'udp';
}

/** One per identifier kind (src/core/identifiers/registry.ts). */
export type { FindingType } from '../identifiers/registry';
import type { FindingType } from '../identifiers/registry';

export interface Finding {
  type: FindingType;
  value: string;
  encoding: string;
  source: 'profile' | 'pattern';
  flow: number;
  protocol: string;
  direction: 'upload' | 'download';
  encrypted_on_wire: boolean;
  host: string | null;
  country: string | null;
  frame: number;
  context: string;
  /** Frames of folded duplicates. */
  frames?: number[];
  /** What the scanner matched, e.g. the hashed text, for evidence highlighting. */
  match?: string;
  confidence?: 'high' | 'medium' | 'low';
  /** The sender's MAC when the flow's addresses do not say it (a DHCP client's chaddr). */
  sender_mac?: string;
}

/**
 * The person's own identifiers (spec "Profile format"), every key optional: one per kind with a
 * profile field (src/core/identifiers), strings except location's {lat, lon}.
 */
export type { Profile } from '../identifiers/registry';
