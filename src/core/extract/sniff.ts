/**
 * TCP streams: the protocol is chosen from the first bytes, like Wireshark's heuristic
 * dissectors. Bytes are held until a protocol of the registry claims the stream, then replayed
 * to its handler. Two passes: a fixed preface (HTTP/2 prior knowledge) first, then the content
 * heuristics in registry order; what nothing claims is raw.
 */
import type { Direction } from '../types';
import type { FlowHandler, HandlerContext, Protocol } from './handler';
import { dirIndex } from './handler';
import { concat, EMPTY_BYTES } from '../bytes';
import { FALLBACK, PROTOCOLS } from '../protocols/registry';

/** Bytes of one direction we hold while undecided; past this the flow is raw. */
export const DETECT_LIMIT = 64;
/** Bytes held while waiting for the client's preface (inside TLS the server may speak first). */
const MAX_HELD = 64 * 1024;

const PREFACED = PROTOCOLS.filter((p) => p.preface);
const CONTENT = PROTOCOLS.filter((p) => p.detectTcp);
const LONGEST_PREFACE = Math.max(0, ...PREFACED.map((p) => p.preface!.length));

interface Held {
  dir: Direction;
  bytes: Uint8Array;
  offset: number;
  frame: number;
}

/**
 * `prefix` with `bytes` appended, cut at `limit`: the same bytes as
 * concat(prefix, bytes.subarray(0, limit)).subarray(0, limit), without the two views per packet
 * when the first packet alone fits (the usual case).
 */
function grow(prefix: Uint8Array, bytes: Uint8Array, limit: number): Uint8Array {
  if (prefix.length >= limit) return prefix;
  if (prefix.length === 0 && bytes.length <= limit) return bytes;
  return concat(prefix, bytes.subarray(0, limit - prefix.length));
}

/** A handler that chooses a TCP stream's protocol from its bytes. */
export function sniffTcp(ctx: HandlerContext, carried: boolean): FlowHandler {
  const content = () => new ContentSniffer(ctx);
  return PREFACED.length ? new PrefaceSniffer(ctx, content, carried) : content();
}

/**
 * The handler a sniffer handed the stream to, through every sniffer that decided (a sniffer that
 * decided only forwards): the dispatcher keeps that one, so a live connection does not hold its
 * PrefaceSniffer and ContentSniffer to the end (issue 15). `h` itself when it is no sniffer or
 * has not decided.
 */
export function decided(h: FlowHandler): FlowHandler {
  while (h instanceof Holder && h.inner) h = h.inner;
  return h;
}

/** Holds bytes, then hands them in order to the handler chosen. */
abstract class Holder implements FlowHandler {
  /** The handler chosen (read by decided()). */
  inner: FlowHandler | null = null;
  /** Bytes held while undecided; null while none are (a packet that decides at once is never held). */
  protected held: Held[] | null = null;
  /** The first bytes of each direction, as far as this pass looks. */
  protected prefix: [Uint8Array, Uint8Array] = [EMPTY_BYTES, EMPTY_BYTES];

  constructor(protected readonly ctx: HandlerContext) {}

  abstract data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void;
  protected abstract undecided(): FlowHandler;

  gap(dir: Direction, length: number, frame: number): void {
    if (!this.inner) this.decide(this.undecided());
    this.inner!.gap(dir, length, frame);
  }

  close(): void {
    if (!this.inner && this.held) this.decide(this.undecided());
    this.inner?.close();
  }

  /** Keeps a packet's bytes until the stream is decided. */
  protected hold(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    (this.held ??= []).push({ dir, bytes, offset, frame });
  }

  /** The protocol claims the stream, for the direction whose bytes decided; `then`: the deciding packet, not held. */
  protected claim(proto: Protocol, dir: Direction, then?: Held): void {
    this.prefix[0] = this.prefix[1] = EMPTY_BYTES;
    this.decide(proto.create(this.ctx, dir), then);
  }

  /** Hands the held bytes, then `then`'s, to the handler chosen. */
  protected decide(h: FlowHandler, then?: Held): void {
    this.inner = h;
    const held = this.held;
    this.held = null;
    if (held) for (const x of held) h.data(x.dir, x.bytes, x.offset, x.frame);
    if (then) h.data(then.dir, then.bytes, then.offset, then.frame);
  }
}

/**
 * A registered preface in either direction claims the stream (only the client's decides a
 * mismatch inside TLS, where the server's SETTINGS may come first); the first byte that matches
 * no preface hands everything held to the content sniffer.
 */
class PrefaceSniffer extends Holder {
  private heldBytes = 0;

  constructor(
    ctx: HandlerContext,
    private readonly fallback: () => FlowHandler,
    private readonly carried: boolean,
  ) {
    super(ctx);
  }

  data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    if (this.inner) return this.inner.data(dir, bytes, offset, frame);
    this.heldBytes += bytes.length;
    const i = dirIndex(dir);
    this.prefix[i] = grow(this.prefix[i], bytes, LONGEST_PREFACE);
    const p = this.prefix[i];
    let possible = false;
    for (const proto of PREFACED) {
      const want = proto.preface!;
      let match = true;
      for (let k = 0; k < p.length && k < want.length; k++) if (p[k] !== want[k]) match = false;
      if (match && p.length >= want.length) return this.claim(proto, dir, { dir, bytes, offset, frame });
      possible ||= match;
    }
    if ((!possible && (dir === 'upload' || !this.carried)) || this.heldBytes > MAX_HELD) this.decide(this.fallback(), { dir, bytes, offset, frame });
    else this.hold(dir, bytes, offset, frame);
  }

  protected undecided(): FlowHandler {
    return this.fallback();
  }
}

/** The content heuristics over each direction's first DETECT_LIMIT bytes; either direction may decide. */
class ContentSniffer extends Holder {

  data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void {
    if (this.inner) return this.inner.data(dir, bytes, offset, frame);
    const i = dirIndex(dir);
    this.prefix[i] = grow(this.prefix[i], bytes, DETECT_LIMIT);
    const b = this.prefix[i];
    // The first protocol that claims the stream wins; wait while one may and room is left.
    let more = false;
    for (const proto of CONTENT) {
      const r = proto.detectTcp!(b);
      if (r === true) return this.claim(proto, dir, { dir, bytes, offset, frame });
      more ||= r === 'more';
    }
    if (!more || b.length >= DETECT_LIMIT) this.claim(FALLBACK, dir, { dir, bytes, offset, frame });
    else this.hold(dir, bytes, offset, frame);
  }

  protected undecided(): FlowHandler {
    return FALLBACK.create(this.ctx, 'upload');
  }
}
