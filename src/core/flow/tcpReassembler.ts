/**
 * One direction of a TCP connection turned back into an in-order byte stream.
 *
 * Hand-written rather than borrowed because speed and bounded memory are the product: a 2 GB
 * capture must stream through with in-order segments delivered as views (no copy), and only
 * out-of-order data copied, within fixed per-direction limits.
 *
 * Rules: positions are stream offsets (seq minus the initial sequence number, widened past
 * 2^32); the first bytes received for a position win (retransmissions and overlaps never
 * replace delivered or buffered bytes); SYN and FIN each take one sequence number; bytes
 * never captured become gaps, reported only once the stream has clearly moved past them
 * (the peer acknowledged them, a buffer limit was hit, or the connection ended).
 *
 * Out-of-order bytes are bounded by bytes, not by segments: 32 MiB per direction, each piece
 * counted with PIECE_COST bytes of bookkeeping, so thousands of reordered segments (20,000 of
 * 1 KB in reverse) are held whole. Past the bound the oldest hole is given up (a gap); bytes
 * that arrive later for a given-up hole are dropped, and the direction says so through
 * `StreamOutput.dropped`: once at the first give-up, once more at the end with the totals.
 */
import { PieceQueue } from './pieceQueue';
import { EMPTY_BYTES } from '../bytes';

/** Where reassembled bytes go. */
export interface StreamOutput {
  /** In-order bytes starting at stream offset `offset` (a view: copy to keep). */
  data(bytes: Uint8Array, offset: number, frame: number): void;
  /** `length` bytes at the current offset were never captured. */
  gap(length: number, frame: number): void;
  /** Data was lost by reassembly itself (a limit), not by the capture: what, in one line. */
  dropped?(message: string, frame: number): void;
}

/** Bounds on what one direction may hold while waiting for missing bytes. */
export interface ReassemblyLimits {
  /** Out-of-order bytes, each piece counted with PIECE_COST more. */
  maxBufferedBytes: number;
}

/**
 * Heap one buffered piece costs beyond its bytes (its record, the Uint8Array and ArrayBuffer of
 * its copy, its queue slot): measured ~114 bytes of heap per piece in node 20 (100,000 pieces
 * of 1 byte), rounded up for the engines we do not measure. Bounds memory when segments are tiny.
 */
export const PIECE_COST = 256;

/** 32 MiB per direction (the flow table adds 256 MiB over all flows). */
export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = {
  maxBufferedBytes: 32 * 1024 * 1024,
};

/** Given-up ranges remembered to tell dropped late bytes from retransmissions (merged past this). */
const MAX_GIVEN_UP = 64;

const SEQ_SPACE = 4294967296;
// An acknowledgment further ahead than this is not believed (wrong ISN, garbage).
const MAX_ACK_AHEAD = 1 << 30;

/**
 * What a direction that gave up a hole remembers (rare: made at the first give-up, so the
 * usual direction carries one null instead of six fields and an array; issue 15).
 */
interface Drops {
  /** Ranges given up at a limit, as [from, to) pairs in stream order. */
  givenUp: number[];
  /** Bytes of holes given up at a limit, how many holes, and real bytes dropped when they came later. */
  gaveUpBytes: number;
  gaveUpHoles: number;
  lateBytes: number;
  lateReported: number;
  holesReported: number;
}

/** Shared by every direction until its first out-of-order piece (most never hold one). */
const NO_PIECES = new PieceQueue<never>();

interface Piece {
  pos: number;
  len: number;
  /** null: bytes announced by the IP length but cut off by the capture (a gap when reached). */
  bytes: Uint8Array | null;
}

/** Reassembles one TCP direction; see the file comment for the rules. */
export class TcpReassembler {
  private started = false;
  /** Sequence number of stream offset 0. */
  private base = 0;
  /** Stream offset of the next byte to deliver. */
  private offset = 0;
  /** NO_PIECES until the first piece is buffered (insert). */
  private pending: PieceQueue<Piece> = NO_PIECES;
  private pendingBytes = 0;
  private drops: Drops | null = null;
  /** Stream offset the FIN sits at (-1: no FIN yet). */
  private finPos = -1;
  /** Highest stream offset the peer acknowledged. */
  private ackedPos = 0;

  constructor(
    private readonly out: StreamOutput,
    private readonly limits: ReassemblyLimits = DEFAULT_REASSEMBLY_LIMITS,
  ) {}

  /** Stream offset of the next byte to deliver (bytes delivered + gaps so far). */
  get position(): number {
    return this.offset;
  }

  /** Bytes held out of order. */
  get buffered(): number {
    return this.pendingBytes;
  }

  /** True once everything up to the FIN was delivered. */
  get finished(): boolean {
    return this.finPos >= 0 && this.offset >= this.finPos;
  }

  /**
   * One segment of this direction. `truncated` = payload bytes the capture cut off after
   * `payload`; `syn`/`fin` take a sequence number each.
   */
  segment(seq: number, payload: Uint8Array, truncated: number, syn: boolean, fin: boolean, frame: number): void {
    if (!this.started) {
      this.started = true;
      // A flow seen mid-stream starts at the first sequence number seen.
      this.base = syn ? (seq + 1) % SEQ_SPACE : seq;
    }
    const dataSeq = syn ? (seq + 1) % SEQ_SPACE : seq;
    const pos = this.posOf(dataSeq);
    const len = payload.length + truncated;
    if (fin && this.finPos < 0) this.finPos = pos + len;
    if (len > 0) this.add(pos, payload, truncated, frame);
  }

  /** The peer acknowledged everything before `ack`: holes before that are gone for good. */
  ack(ack: number, frame: number): void {
    if (!this.started) return;
    const rel = this.rel(ack);
    if (rel <= 0 || rel > MAX_ACK_AHEAD) return;
    let pos = this.offset + rel;
    if (this.finPos >= 0 && pos > this.finPos) pos = this.finPos;
    if (pos > this.ackedPos) this.ackedPos = pos;
    // A buffered piece at or before the acknowledged point: the hole before it was received
    // by the peer but not by us, so it is a gap now.
    while (this.pending.length > 0 && this.pending.at(0).pos <= this.ackedPos) this.skipTo(this.pending.at(0).pos, frame);
  }

  /**
   * Connection over (or, with `limit`, a memory limit hit: the holes are given up and bytes
   * that fill them later are dropped): everything still missing becomes gaps; buffers are
   * released. A direction that dropped data says it once more, with the totals.
   */
  flush(frame: number, limit?: string): void {
    while (this.pending.length > 0) {
      if (limit) this.giveUp(this.pending.at(0).pos, limit, frame);
      else this.skipTo(this.pending.at(0).pos, frame);
    }
    if (this.pending !== NO_PIECES) this.pending.clear();
    this.pendingBytes = 0;
    if (limit) return; // the flow stays open: more data may follow
    let end = this.ackedPos;
    if (this.finPos > end) end = this.finPos;
    if (end > this.offset) this.gapTo(end, frame);
    const d = this.drops;
    if (d && (d.lateBytes > d.lateReported || d.gaveUpHoles > d.holesReported)) {
      this.out.dropped?.(
        `reassembly dropped data in all: ${d.gaveUpHoles} holes (${d.gaveUpBytes} bytes) given up at a buffer limit, ` +
          `${d.lateBytes} bytes that arrived after their hole was given up`,
        frame,
      );
    }
  }

  private rel(seq: number): number {
    const next = (this.base + this.offset) % SEQ_SPACE;
    return (seq - next) | 0;
  }

  private posOf(seq: number): number {
    return this.offset + this.rel(seq);
  }

  private add(pos: number, bytes: Uint8Array, truncated: number, frame: number): void {
    let len = bytes.length + truncated;
    if (pos < this.offset && this.drops) this.late(this.drops, pos, Math.min(pos + bytes.length, this.offset));
    if (pos + len <= this.offset) return; // all old: retransmission, first data already won
    if (pos < this.offset) {
      const cut = this.offset - pos;
      if (cut >= bytes.length) {
        truncated -= cut - bytes.length;
        bytes = bytes.subarray(bytes.length);
      } else bytes = bytes.subarray(cut);
      pos = this.offset;
      len = bytes.length + truncated;
    }
    if (pos === this.offset) {
      // In order: deliver straight from the frame (no copy) up to the first buffered piece.
      const room = this.pending.length > 0 ? this.pending.at(0).pos - pos : Infinity;
      const n = Math.min(bytes.length, room);
      if (n === bytes.length) {
        // The whole segment (the usual case): no views.
        if (n > 0) this.deliver(bytes, frame);
        if (truncated > 0) this.insert(pos + n, EMPTY_BYTES, truncated);
        if (this.pending.length > 0) this.drain(frame);
        return;
      }
      if (n > 0) {
        this.deliver(bytes.subarray(0, n), frame);
        bytes = bytes.subarray(n);
        pos += n;
      }
      if (bytes.length + truncated > 0) this.insert(pos, bytes, truncated);
      this.drain(frame);
      return;
    }
    if (this.ackedPos >= pos) {
      // The peer already acknowledged up to here: the hole before this segment is lost.
      this.insert(pos, bytes, truncated);
      this.skipTo(this.pending.at(0).pos, frame);
      return;
    }
    this.insert(pos, bytes, truncated);
    const max = this.limits.maxBufferedBytes;
    while (this.pending.length > 0 && this.pendingBytes + PIECE_COST * this.pending.length > max) {
      this.giveUp(this.pending.at(0).pos, `more than ${max} bytes held out of order`, frame);
    }
  }

  /**
   * A limit forces a gap up to `pos`: remembered, so bytes arriving for it later count as
   * dropped; the first time in this direction it is said at once.
   */
  private giveUp(pos: number, why: string, frame: number): void {
    const from = this.offset;
    if (pos > from) {
      const d = (this.drops ??= { givenUp: [], gaveUpBytes: 0, gaveUpHoles: 0, lateBytes: 0, lateReported: 0, holesReported: 0 });
      const g = d.givenUp;
      if (g.length > 0 && g[g.length - 1] === from) g[g.length - 1] = pos;
      else g.push(from, pos);
      if (g.length > 2 * MAX_GIVEN_UP) g.splice(1, 2); // merge the two oldest ranges
      d.gaveUpBytes += pos - from;
      d.gaveUpHoles++;
      if (d.gaveUpHoles === 1) {
        d.holesReported = 1;
        this.out.dropped?.(`${why}: gave up waiting for ${pos - from} bytes at stream offset ${from} (a gap); bytes that fill it later are dropped`, frame);
      }
    }
    this.skipTo(pos, frame);
  }

  /** Real bytes [a, b) arrived behind the delivery point: those inside given-up ranges are dropped. */
  private late(d: Drops, a: number, b: number): void {
    const g = d.givenUp;
    for (let k = 0; k < g.length && g[k] < b; k += 2) {
      const lo = Math.max(a, g[k]);
      const hi = Math.min(b, g[k + 1]);
      if (hi > lo) d.lateBytes += hi - lo;
    }
  }

  /** Adds [pos, pos+len) to the buffer, filling only holes (first-received bytes win). */
  private insert(pos: number, bytes: Uint8Array, truncated: number): void {
    const end = pos + bytes.length + truncated;
    const dataEnd = pos + bytes.length;
    if (this.pending === NO_PIECES) this.pending = new PieceQueue<Piece>();
    const pieces = this.pending;
    // Skip pieces entirely before the new range (binary search: buffers can be long).
    let i = pieces.firstEndingAfter(pos);
    let cur = pos;
    while (cur < end) {
      const next = i < pieces.length ? pieces.at(i) : null;
      const holeEnd = next && next.pos < end ? next.pos : end;
      if (holeEnd > cur) {
        for (const added of this.makePieces(cur, holeEnd, pos, dataEnd, bytes)) pieces.insert(i++, added);
      }
      if (!next || next.pos >= end) break;
      cur = next.pos + next.len;
      i++;
    }
  }

  // Pieces for [a, b) of a segment starting at segPos whose real bytes end at dataEnd.
  private makePieces(a: number, b: number, segPos: number, dataEnd: number, bytes: Uint8Array): Piece[] {
    const res: Piece[] = [];
    if (a < dataEnd) {
      const e = Math.min(b, dataEnd);
      // Copy: frame buffers are only valid during the call.
      res.push({ pos: a, len: e - a, bytes: bytes.slice(a - segPos, e - segPos) });
      this.pendingBytes += e - a;
      a = e;
    }
    if (a < b) res.push({ pos: a, len: b - a, bytes: null });
    return res;
  }

  /** Delivers buffered pieces that are now in order. */
  private drain(frame: number): void {
    const pieces = this.pending;
    let k = 0;
    while (k < pieces.length && pieces.at(k).pos <= this.offset) {
      const pc = pieces.at(k++);
      if (pc.bytes) this.pendingBytes -= pc.len;
      const end = pc.pos + pc.len;
      if (end <= this.offset) continue;
      const cut = this.offset - pc.pos;
      if (pc.bytes) this.deliver(cut > 0 ? pc.bytes.subarray(cut) : pc.bytes, frame);
      else this.gapTo(end, frame);
    }
    if (k > 0) pieces.dropFront(k);
  }

  /** Gives up on the bytes before `pos` (a gap), then delivers what became in order. */
  private skipTo(pos: number, frame: number): void {
    if (pos > this.offset) this.gapTo(pos, frame);
    this.drain(frame);
  }

  private deliver(bytes: Uint8Array, frame: number): void {
    const at = this.offset;
    this.offset += bytes.length;
    this.out.data(bytes, at, frame);
  }

  private gapTo(pos: number, frame: number): void {
    const n = pos - this.offset;
    this.offset = pos;
    this.out.gap(n, frame);
  }
}
