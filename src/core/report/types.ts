/** The report, version 1 (../shared/spec/report.md). Plain JSON: no undefined, no typed arrays. */
import type { Warning } from '../warnings';
import type { ReportAppActivity } from '../appreport/types';

/** Flows the report does not list one by one: totals and per-host aggregates. */
export interface FoldedFlows {
  count: number;
  bytes: number;
  packets: number;
  upload_bytes: number;
  download_bytes: number;
  /** Largest first; the last may be '(other hosts)' when there were more hosts than kept. */
  by_host: { host: string; count: number; bytes: number; packets: number }[];
}

export interface Report {
  format: 'capture-report';
  /** 2 since the device under test and finding scopes; sessions stored earlier hold version 1. */
  version: 1 | 2;
  /** What wrote it (the command line sets it; batch reruns compare its engine to skip work). */
  generator?: ReportGenerator;
  capture: CaptureSummary;
  /** The device under test (version 2). */
  device?: DeviceUnderTest;
  warnings: Warning[];
  /** The flows listed one by one, by id (ids are tshark's stream numbers, not positions once flows are folded). */
  flows: ReportFlow[];
  /** Flows not listed one by one, added up (issue 15); absent when every flow is listed. */
  flows_folded?: FoldedFlows;
  dns: ReportDns[];
  http: ReportHttp[];
  tls: ReportTls[];
  findings: Finding[];
  /** Apps the files name (version 2); flows[].app and findings[].app index it. */
  apps?: ReportApp[];
  /** Per app, the domains it contacted and the data it accessed, from an App Privacy Report (version 2). */
  app_activity?: ReportAppActivity[];
  /** Identifiers seen that are not the device's (other devices' broadcasts, server content): never findings (version 2). */
  other_findings?: OtherFinding[];
  /**
   * Placeholder values met where an identifier would be (Android's 02:00:00:00:00:00, the
   * zeroed advertising ID, emulator IMEIs): they name no device, so they are not findings.
   */
  placeholders?: PlaceholderSighting[];
}

/** `generator`: the program, its package version, and its engine's version (code + scanner + tables). */
export interface ReportGenerator {
  name: string;
  version: string;
  engine: string;
}

/** A placeholder value met (identifiers/placeholders.ts): listed apart, not a finding. */
export interface PlaceholderSighting {
  type: string;
  value: string;
  flow: number;
  frame: number;
  context: string;
  /** The flow's host (set by the report). */
  host?: string | null;
}

/** An app the capture's files name (report version 2, `apps`); flows and findings point here by `id`. */
export interface ReportApp {
  id: number;
  /** Android UID (PCAPdroid), else null. */
  uid: number | null;
  /** Android package or iOS bundle ID, else null. */
  package: string | null;
  /** App or process name as the source gives it, else null. */
  name: string | null;
  /** What attributed it: 'pcapdroid-trailer' | 'pcapdroid-pcapng' | 'pktap' | 'app-privacy-report' | … */
  source: string;
  /** Process id (PKTAP). */
  pid?: number;
  /** Where `package` came from when the source did not give it: 'app-privacy-report' | 'requests' (apps/selfNamed.ts). */
  package_from?: string;
  /** The app's version where its own requests say it (apps/selfVersioned.ts); no capture format records one. */
  version?: string;
  /** Where `version` came from: 'requests' (app_version= and the like) | 'user-agent' (a product named after the app). */
  version_from?: 'requests' | 'user-agent';
}

/** The device under test, as the report names it (../shared/spec/report.md, version 2). */
export interface DeviceUnderTest {
  ips: string[];
  macs: string[];
  /** A name the owner gave it (its own device_name finding), else null. */
  name: string | null;
  /** Its model (its own model finding), else null. */
  hardware: string | null;
  os: string | null;
  /** How the addresses were chosen, for people reading the report. */
  how: string;
}

/** Why a finding is not the device's: listed apart in the report, never in `findings`. */
export type NotOurs = 'other device' | 'server content';


/** A finding that is not the device's, and why. */
export interface OtherFinding extends Finding {
  why: NotOurs;
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
  /**
   * Several files read as one session (src/core/DESIGN.md "Several files, one session"), in the
   * order read; absent for one file. Then `name` is their names joined with " + ", `bytes` their
   * sum, `sha256` that of their bytes concatenated in this order, `format` their formats joined.
   */
  files?: CaptureFileSummary[];
  /** The recording tool as the file names itself (pcapng shb_userappl, HAR creator), when it does. */
  application?: string;
}

/** One file of a session of several (capture.files). */
export interface CaptureFileSummary {
  name: string;
  bytes: number;
  /** SHA-256 of this file's bytes. */
  sha256: string;
  /** Its format, or null when it could not be read as a capture (a warning names it). */
  format: string | null;
  /** Its records' frame numbers in the session: first_frame..last_frame; null when it has none. */
  first_frame: number | null;
  last_frame: number | null;
}

export interface ReportFlow {
  id: number;
  transport: 'tcp' | 'udp';
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  /**
   * Version 2: index into `apps` (null when no file says). Version 1 held the protocol here;
   * sessions stored then are upgraded on open (report/upgrade.ts).
   */
  app: number | null;
  /** 'http' | 'tls' | 'quic' | 'dns' | 'mqtt' | … as detected, null when none (version 1's `app`). */
  protocol: string | null;
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
  /** remote: sent to a server; local: only on the LAN (DHCP, mDNS, SSDP, …). Version 2. */
  scope?: 'remote' | 'local';
  /** The sender's MAC when the flow's addresses do not say it (a DHCP client's chaddr). */
  sender_mac?: string;
  /** Index into `apps` of the app that sent it (its flow's), null when unknown. Version 2. */
  app?: number | null;
  /** Phone numbers: what says the number's country (its +prefix, the carrier's MCC, the locale…). */
  country_evidence?: string;
  /** Scanner-internal: a national number's digits awaiting a country (never in a report). */
  national?: boolean;
}

/**
 * The person's own identifiers (spec "Profile format"), every key optional: one per kind with a
 * profile field (src/core/identifiers), strings except location's {lat, lon}.
 */
export type { Profile } from '../identifiers/registry';
