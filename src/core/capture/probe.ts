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

/** What Leakscope reads, for messages about a file it cannot. */
export const READABLE = 'a pcap, pcapng, HAR, mitmproxy or App Privacy Report file';

/** Files people drop by mistake, by their magic numbers: named, so the message says what it is. */
const OTHER_FILES: readonly [string, number[]][] = [
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive (or an Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['a HEIC/MP4 file', [-1, -1, -1, -1, 0x66, 0x74, 0x79, 0x70]],
];

/** One-line explanation for bytes that are not a capture. */
export function describeUnknown(head: Uint8Array): string {
  if (head.length === 0) return `empty file: not ${READABLE}`;
  const hex = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const known = OTHER_FILES.find(([, magic]) => magic.length <= head.length && magic.every((b, i) => b < 0 || head[i] === b));
  if (known) return `${known[0]}, not a capture: Leakscope reads ${READABLE}`;
  if (head.length < 4) return `too short to be a capture (${head.length} bytes: ${hex})`;
  return `not ${READABLE} (starts with ${hex})`;
}
