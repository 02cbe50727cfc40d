/** Recognises a capture by its first bytes; file names are never trusted. */
import { CAPTURE_FORMATS, type CaptureFileFormat } from './registry';

/**
 * Bytes needed to tell the formats (and gzip) apart: pcap and pcapng need 4, a HAR's `{"log":`
 * after a BOM and whitespace and a mitmproxy dump's first tnetstring key a few dozen, the App
 * Privacy Report's NDJSON its first record's field names. A shorter file is probed at its end.
 */
export const PROBE_BYTES = 512;

/** The bytes start a gzip stream (which may hold any format). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The format the bytes start with, or null when none matches. */
export function probe(head: Uint8Array): CaptureFileFormat | null {
  return CAPTURE_FORMATS.find((f) => f.probe(head)) ?? null;
}

/** One-line explanation for bytes that are not a capture. */
export function describeUnknown(head: Uint8Array): string {
  if (head.length === 0) return 'empty file: not a pcap or pcapng capture';
  const hex = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  if (head.length < 4) return `too short to be a capture (${head.length} bytes: ${hex})`;
  return `not a pcap or pcapng capture (starts with ${hex})`;
}
