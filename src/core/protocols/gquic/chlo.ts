/**
 * The gQUIC CHLO message (Chromium's crypto_framer.cc): tag 'CHLO', u16 number of entries, u16
 * padding, then per entry a tag (4 ASCII bytes) and the u32 little-endian end offset of its
 * value, then the values back to back. Every version sends it (in clear up to Q046, in Q050's
 * protected Initials after); this reads it and reports it.
 */
import type { Direction } from '../../types';
import type { HandlerContext } from '../../extract/handler';
import { latin1 } from '../../bytes';

const MAX_TAGS = 64;

/** Bytes the CHLO message at `at` spans, read from its header: -1 when damaged, Infinity until the entries have come. */
export function chloLength(d: Uint8Array, at: number): number {
  if (at + 8 > d.length) return Infinity;
  const n = d[at + 4] | (d[at + 5] << 8);
  if (n === 0 || n > MAX_TAGS) return -1;
  const e = at + 8 + (n - 1) * 8;
  if (e + 8 > d.length) return Infinity;
  return 8 + n * 8 + ((d[e + 4] | (d[e + 5] << 8) | (d[e + 6] << 16) | (d[e + 7] << 24)) >>> 0);
}

/** The tags of the CHLO message at `at`: tag -> value bytes; null when the message is damaged. */
export function chloTags(d: Uint8Array, at: number): Map<string, Uint8Array> | null {
  if (at + 8 > d.length) return null;
  const n = d[at + 4] | (d[at + 5] << 8);
  if (n === 0 || n > MAX_TAGS) return null;
  const values = at + 8 + n * 8;
  if (values > d.length) return null;
  const tags = new Map<string, Uint8Array>();
  let start = 0;
  for (let i = 0; i < n; i++) {
    const e = at + 8 + i * 8;
    const end = (d[e + 4] | (d[e + 5] << 8) | (d[e + 6] << 16) | (d[e + 7] << 24)) >>> 0;
    if (end < start || values + end > d.length) return null;
    tags.set(latin1(d, e, e + 4), d.subarray(values + start, values + end));
    start = end;
  }
  return tags;
}

/**
 * The CHLO's report: its SNI as a `tls` record (version 'gquic-q046'...), its user agent scanned.
 * `version`: the 4-character version tag ('Q046').
 */
export function emitChlo(ctx: HandlerContext, dir: Direction, tags: Map<string, Uint8Array>, version: string, frame: number): void {
  const { flow, sink } = ctx;
  const sni = tags.get('SNI\0');
  sink.emit('tls', {
    flow: flow.id, frame, transport: 'udp', sni: sni?.length ? latin1(sni, 0, sni.length).toLowerCase() : null,
    alpn: [], ja3Full: '', ja3: '', version: `gquic-${version.toLowerCase()}`,
  });
  // Readable on the wire (in clear, or under Q050's Initial protection, whose keys come from the
  // packet itself), but the flow is encrypted: what follows is not readable.
  const uaid = tags.get('UAID');
  if (uaid?.length) sink.scan({ flow: flow.id, direction: dir, protocol: 'gquic', part: 'user-agent', frame, bytes: uaid.slice(), encryptedOnWire: false });
}
