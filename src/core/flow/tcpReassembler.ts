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
 */

/** Where reassembled bytes go. */
export interface StreamOutput {
  /** In-order bytes starting at stream offset `offset` (a view: copy to keep). */
  data(bytes: Uint8Array, offset: number, frame: number): void;
  /** `length` bytes at the current offset were never captured. */
  gap(length: number, frame: number): void;
}

/** Bounds on what one direction may hold while waiting for missing bytes. */
export interface ReassemblyLimits {
  maxBufferedBytes: number;
  maxBufferedSegments: number;
}

/** 4 MiB and 1024 out-of-order pieces per direction. */
export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = {
  maxBufferedBytes: 4 * 1024 * 1024,
  maxBufferedSegments: 1024,
};

const SEQ_SPACE = 4294967296;
// An acknowledgment further ahead than this is not believed (wrong ISN, garbage).
const MAX_ACK_AHEAD = 1 << 30;

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
  private pending: Piece[] = [];
  private pendingBytes = 0;
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
    while (this.pending.length > 0 && this.pending[0].pos <= this.ackedPos) this.skipTo(this.pending[0].pos, frame);
  }

  /** Connection over: everything still missing becomes gaps; buffers are released. */
  flush(frame: number): void {
    while (this.pending.length > 0) this.skipTo(this.pending[0].pos, frame);
    let end = this.ackedPos;
    if (this.finPos > end) end = this.finPos;
    if (end > this.offset) this.gapTo(end, frame);
    this.pending = [];
    this.pendingBytes = 0;
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
      const room = this.pending.length > 0 ? this.pending[0].pos - pos : Infinity;
      const n = Math.min(bytes.length, room);
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
      this.skipTo(this.pending[0].pos, frame);
      return;
    }
    this.insert(pos, bytes, truncated);
    while (
      this.pending.length > 0 &&
      (this.pendingBytes > this.limits.maxBufferedBytes || this.pending.length > this.limits.maxBufferedSegments)
    ) {
      this.skipTo(this.pending[0].pos, frame);
    }
  }

  /** Adds [pos, pos+len) to the buffer, filling only holes (first-received bytes win). */
  private insert(pos: number, bytes: Uint8Array, truncated: number): void {
    const end = pos + bytes.length + truncated;
    const dataEnd = pos + bytes.length;
    const pieces = this.pending;
    let i = 0;
    // Skip pieces entirely before the new range (binary search: buffers can be long).
    let lo = 0;
    let hi = pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pieces[mid].pos + pieces[mid].len <= pos) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
    let cur = pos;
    while (cur < end) {
      const next = i < pieces.length ? pieces[i] : null;
      const holeEnd = next && next.pos < end ? next.pos : end;
      if (holeEnd > cur) {
        const added = this.makePieces(cur, holeEnd, pos, dataEnd, bytes);
        pieces.splice(i, 0, ...added);
        i += added.length;
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
    while (k < pieces.length && pieces[k].pos <= this.offset) {
      const pc = pieces[k++];
      if (pc.bytes) this.pendingBytes -= pc.len;
      const end = pc.pos + pc.len;
      if (end <= this.offset) continue;
      const cut = this.offset - pc.pos;
      if (pc.bytes) this.deliver(cut > 0 ? pc.bytes.subarray(cut) : pc.bytes, frame);
      else this.gapTo(end, frame);
    }
    if (k > 0) pieces.splice(0, k);
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
