/**
 * The named set of warning codes, and the one way to raise a warning: `warn(code, message,
 * frame?)`. A warning is a non-fatal problem — something skipped or damaged — tied to a frame
 * where one is known; the report lists them (bounded per code, report/warningLog.ts).
 *
 * Codes are keys of `WarningCodes`, whose value names the stage that raises them. The engine's
 * stages list theirs here; each protocol adds its own from its folder (declaration merging in
 * protocols/<name>/index.ts), so adding a protocol does not touch this file.
 */

export interface WarningCodes {
  // The engine: the file as a whole.
  /** The file could not be read past some point (a reader threw after frames were read). */
  unreadable: 'engine';
  /** A bug in one stage, caught so that the rest of the file is still read. */
  'internal-error': 'engine';
  /** Scan workers lost or failed a batch: some bytes were not scanned. */
  'scan-incomplete': 'engine';
  /** More digest-shaped tokens than the scanner keeps for the hashed-forms pass (scan/hashed.ts). */
  'digest-tokens-limit': 'engine';
  /** Encoded values nested deeper than the scanner decodes (scan/scanner.ts MAX_DEPTH = 8). */
  'scan-depth-limit': 'engine';
  /** Encoded values past an input's decoding budget (4x its size, at least 1 MiB). */
  'scan-budget-limit': 'engine';
  'records-limit': 'engine';
  /** More apps than apps/appTable.ts MAX_APPS: the rest under one '(other apps)' entry. */
  'apps-limit': 'engine';
  /** Distinct findings reached scan/findings.ts MAX_FINDINGS: later new ones were not kept. */
  'findings-limit': 'engine';
  'hash-failed': 'engine';
  'keylog-malformed': 'engine';
  /** No frame of the file has a link type we decode: the report is empty, and says why. */
  'linktype-unsupported': 'engine';
  /** A protocol handler threw; the flow's rest is scanned raw. */
  'extract-error': 'extract';
  // Capture readers.
  'capture-truncated': 'capture';
  'capture-bad-record': 'capture';
  'capture-bad-block': 'capture';
  /** Damage skipped: reading went on at the next plausible record or block (the skipped byte range in the message). */
  'capture-resync': 'capture';
  'capture-version': 'capture';
  'capture-gzip': 'capture';
  /** gzip inflating to more than 100 times its size past 1 GiB (capture/gunzip.ts GZIP_BOMB): read on, noted. */
  'capture-gzip-ratio': 'capture';
  /** A frame's timestamp lies outside years 0000-9999 (a Date's range or RFC 3339's): the frame is read without a time. */
  'capture-bad-time': 'capture';
  /** A PCAPdroid app trailer whose CRC-32 does not match the frame (damaged after writing). */
  'capture-app-trailer': 'capture';
  // Link and network decoders.
  linktype: 'decode';
  'decode-error': 'decode';
  nesting: 'decode';
  'eth-short': 'decode';
  'vlan-short': 'decode';
  'snap-short': 'decode';
  'sll-short': 'decode';
  'sll2-short': 'decode';
  'pktap-short': 'decode';
  'null-short': 'decode';
  'null-family': 'decode';
  'loop-short': 'decode';
  'ppp-short': 'decode';
  'pppoe-short': 'decode';
  'chdlc-short': 'decode';
  'mpls-short': 'decode';
  'gre-short': 'decode';
  'gre-version': 'decode';
  'geneve-short': 'decode';
  'vxlan-short': 'decode';
  'gtp-short': 'decode';
  'capwap-short': 'decode';
  'wlan-short': 'decode';
  /** Encrypted 802.11 data frames (WEP/WPA): counted, one warning per capture. */
  'wlan-protected': 'decode';
  'radiotap-short': 'decode';
  'ppi-short': 'decode';
  'raw-empty': 'decode';
  'raw-version': 'decode';
  'ipv4-short': 'decode';
  'ipv4-version': 'decode';
  'ipv4-hlen': 'decode';
  'ipv4-len': 'decode';
  'ipv4-option': 'decode';
  'ipv6-short': 'decode';
  'ipv6-version': 'decode';
  'ipv6-ext-short': 'decode';
  'ipv6-ext-loop': 'decode';
  'ip-frag-truncated': 'decode';
  'ip-frag-too-big': 'decode';
  'ip-frag-conflict': 'decode';
  'ip-frag-overlap': 'decode';
  'ip-frag-incomplete': 'decode';
  'ip-frag-timeout': 'decode';
  'ip-frag-evicted': 'decode';
  'tcp-short': 'decode';
  'tcp-hlen': 'decode';
  'udp-short': 'decode';
  'udp-len': 'decode';
  // Flows and reassembly.
  'tcp-buffer-limit': 'flow';
  /** Reassembly lost data at a buffer limit (not the capture): bytes and reason, at most twice per direction. */
  'tcp-dropped': 'flow';
  'flow-table-limit': 'flow';
  'flows-folded': 'flow';
}

export type WarningCode = keyof WarningCodes;

/** A warning as the engine raises it (the report's are the same, read back as plain JSON). */
export interface Warning {
  code: WarningCode;
  message: string;
  frame?: number;
}

/** The first line of an error's message: what warnings, statuses and one-line errors quote. */
export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** The one way to raise a warning. */
export type Warn = (code: WarningCode, message: string, frame?: number) => void;
