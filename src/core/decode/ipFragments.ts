import type { Warn } from '../warnings';

/** Largest datagram payload we rebuild (IPv4/IPv6 without jumbograms cannot exceed this). */
export const MAX_DATAGRAM = 65535;
/** Datagrams being rebuilt at once; the oldest is dropped beyond this. */
export const MAX_PENDING_DATAGRAMS = 4096;
/** Fragment bytes held at once over all datagrams. */
export const MAX_PENDING_BYTES = 32 * 1024 * 1024;
/** Seconds (capture time) a datagram may wait for its missing fragments. */
export const FRAGMENT_TIMEOUT = 60;

interface Piece {
  off: number;
  bytes: Uint8Array;
}

interface Datagram {
  firstFrame: number;
  firstTime: number;
  /** Payload length, known once the last fragment (MF = 0) arrived; -1 before. */
  total: number;
  pieces: Piece[];
  held: number;
}

/**
 * IPv4/IPv6 fragment reassembly, bounded in time, size and count. Overlaps are resolved
 * first-wins (the bytes that arrived first are kept), and every anomaly is a warning tied to
 * the frame, never an exception. Keys are built by the IP decoders (addresses, id, protocol).
 */
export class IpFragments {
  private readonly pending = new Map<string, Datagram>();
  private held = 0;

  constructor(private readonly warn: Warn) {}

  /**
   * Adds one fragment (payload data[off, end) at byte offset `fragOff`); returns the whole
   * datagram payload when this fragment completes it, else null.
   */
  add(
    key: string,
    frame: number,
    time: number,
    fragOff: number,
    more: boolean,
    data: Uint8Array,
    off: number,
    end: number,
  ): Uint8Array | null {
    this.expire(frame, time);
    const len = end - off;
    if (fragOff + len > MAX_DATAGRAM) {
      this.warn('ip-frag-too-big', `IP fragment ends past ${MAX_DATAGRAM} bytes; dropped`, frame);
      return null;
    }
    let dg = this.pending.get(key);
    if (!dg) {
      if (this.pending.size >= MAX_PENDING_DATAGRAMS) this.dropOldest(frame, 'too many datagrams in reassembly');
      dg = { firstFrame: frame, firstTime: time, total: -1, pieces: [], held: 0 };
      this.pending.set(key, dg);
    }
    if (!more) {
      const total = fragOff + len;
      if (dg.total >= 0 && dg.total !== total) {
        this.warn('ip-frag-conflict', `IP fragments disagree on the datagram length (${dg.total} vs ${total}); first kept`, frame);
      } else dg.total = total;
    }
    for (const p of dg.pieces) {
      if (fragOff < p.off + p.bytes.length && p.off < fragOff + len) {
        this.warn('ip-frag-overlap', 'Overlapping IP fragments; the first-received bytes are kept', frame);
        break;
      }
    }
    if (len > 0) {
      // Copy: the frame buffer is only valid during this call.
      dg.pieces.push({ off: fragOff, bytes: data.slice(off, end) });
      dg.held += len;
      this.held += len;
    }
    while (this.held > MAX_PENDING_BYTES && this.pending.size > 0) this.dropOldest(frame, 'reassembly memory limit');
    if (dg.total < 0 || !this.pending.has(key)) return null;
    if (!covers(dg.pieces, dg.total)) return null;
    this.pending.delete(key);
    this.held -= dg.held;
    const out = new Uint8Array(dg.total);
    // Later arrivals first, so bytes that arrived first overwrite them: first-wins.
    for (let i = dg.pieces.length - 1; i >= 0; i--) {
      const p = dg.pieces[i];
      if (p.off >= dg.total) continue;
      const n = Math.min(p.bytes.length, dg.total - p.off);
      out.set(n === p.bytes.length ? p.bytes : p.bytes.subarray(0, n), p.off);
    }
    return out;
  }

  /** Datagrams still waiting (for tests and the end-of-capture warning). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** End of capture: warns once per datagram that never completed. */
  finish(): void {
    for (const dg of this.pending.values()) {
      this.warn('ip-frag-incomplete', 'IP datagram never completed (fragments missing)', dg.firstFrame);
    }
    this.pending.clear();
    this.held = 0;
  }

  private expire(frame: number, time: number): void {
    if (!(time === time)) return; // NaN time: no timeout possible
    for (const [key, dg] of this.pending) {
      // Map order is insertion order, so the first one still in time ends the scan.
      if (!(time - dg.firstTime > FRAGMENT_TIMEOUT)) break;
      this.pending.delete(key);
      this.held -= dg.held;
      this.warn('ip-frag-timeout', `IP datagram from frame ${dg.firstFrame} timed out incomplete`, frame);
    }
  }

  private dropOldest(frame: number, why: string): void {
    const first = this.pending.entries().next();
    if (first.done) return;
    const [key, dg] = first.value;
    this.pending.delete(key);
    this.held -= dg.held;
    this.warn('ip-frag-evicted', `IP datagram from frame ${dg.firstFrame} dropped: ${why}`, frame);
  }
}

function covers(pieces: Piece[], total: number): boolean {
  if (total === 0) return true;
  const sorted = pieces.slice().sort((a, b) => a.off - b.off);
  let reach = 0;
  for (const p of sorted) {
    if (p.off > reach) return false;
    const e = p.off + p.bytes.length;
    if (e > reach) reach = e;
    if (reach >= total) return true;
  }
  return reach >= total;
}
