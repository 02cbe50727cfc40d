/** Recognises a capture by its first bytes; file names are never trusted. */

/** Containers we can open. */
export type Container = 'gzip' | 'pcap' | 'pcapng';

/** Bytes needed to tell the containers apart. */
export const PROBE_BYTES = 4;

/** The container the bytes start with, or null when none matches. */
export function probe(head: Uint8Array): Container | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length < 4) return null;
  const m = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  switch (m) {
    case 0xa1b2c3d4: // pcap, microseconds, big-endian
    case 0xd4c3b2a1: // ... little-endian
    case 0xa1b23c4d: // pcap, nanoseconds, big-endian
    case 0x4d3cb2a1: // ... little-endian
      return 'pcap';
    case 0x0a0d0d0a: // pcapng Section Header Block: the type reads the same in both byte orders
      return 'pcapng';
    default:
      return null;
  }
}

/** One-line explanation for bytes that are not a capture. */
export function describeUnknown(head: Uint8Array): string {
  if (head.length === 0) return 'empty file: not a pcap or pcapng capture';
  const hex = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  if (head.length < 4) return `too short to be a capture (${head.length} bytes: ${hex})`;
  return `not a pcap or pcapng capture (starts with ${hex})`;
}
