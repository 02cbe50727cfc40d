/**
 * pcapng: a sequence of sections, each a Section Header Block with its own byte order,
 * followed by blocks (type, total length, body, total length again).
 */
import type { UnitParser } from './framer';
import { readNameRecords } from './nameResolution';
import { commentApp, CUSTOM_BLOCK, CUSTOM_BLOCK_NOCOPY, forEachOption, readUidMap, sectionDevice } from './pcapngApps';
import { pcapngBlockAt, RESYNC_SEARCH_LIMIT, skippedRange } from './resync';
import { TickClock } from './timestamp';
import { CaptureError, type CaptureSink } from './types';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2; // obsolete Packet Block, still written by old tools
const SPB = 3;
const NRB = 4;
const EPB = 6;
const DSB = 0x0a;

const BLOCK_OVERHEAD = 12;
const MIN_SHB = 28;
/** A longer block is taken as damage; also the most one block can make us buffer. */
const MAX_BLOCK = 16 << 20;
/** Blocks we ignore that are longer than this are skipped as they stream by, not buffered. */
const SKIP_STREAMING = 64 << 10;

const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

interface Interface {
  linktype: number;
  snaplen: number;
  clock: TickClock;
}

/** Reads pcapng blocks into a sink; parse() never throws once the first section header was read. */
export class PcapngParser implements UnitParser {
  want = BLOCK_OVERHEAD;
  private started = false;
  private le = true;
  private interfaces: Interface[] = [];
  private frames = 0;
  /** Bytes of an ignored block still to drop. */
  private skipping = 0;
  /** File offset of the byte at `start` of the current parse call. */
  private consumed = 0;
  /** After damage: file offset of the damaged block while looking for the next plausible one, else -1. */
  private damageAt = -1;
  private damage = '';
  /** The search found nothing: the rest of the file is dropped as it streams by. */
  private gaveUp = false;

  constructor(
    private readonly sink: CaptureSink,
    private readonly compressed: boolean,
  ) {}

  parse(buf: Uint8Array, start: number, end: number): number {
    const reached = this.blocks(buf, start, end);
    this.consumed += reached - start;
    return reached;
  }

  private blocks(buf: Uint8Array, start: number, end: number): number {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let p = start;
    while (true) {
      if (this.skipping > 0) {
        const n = Math.min(this.skipping, end - p);
        p += n;
        this.skipping -= n;
        if (this.skipping > 0) {
          this.want = 1;
          return p;
        }
      }
      if (this.damageAt >= 0) {
        // Resync: the first offset holding a plausible block (resync.ts), in this section's order.
        const limit = this.damageAt + RESYNC_SEARCH_LIMIT;
        let found: boolean | number = false;
        while (this.consumed + (p - start) <= limit) {
          found = pcapngBlockAt(view, p, end, this.le, this.interfaces.length);
          if (found !== false) break;
          p++;
        }
        if (found === false) {
          this.giveUp(`no plausible block follows within ${RESYNC_SEARCH_LIMIT} bytes`);
          return end;
        }
        if (found !== true) {
          this.want = found;
          return p;
        }
        const to = this.consumed + (p - start);
        this.sink.warning('capture-resync', `${this.damage}: ${skippedRange(this.damageAt, to)} to the next plausible block; reading resumed`, this.frames + 1);
        this.damageAt = -1;
      }
      if (end - p < BLOCK_OVERHEAD) {
        this.want = BLOCK_OVERHEAD;
        return p;
      }
      let type: number;
      if (view.getUint32(p, false) === SHB) {
        type = SHB;
        const bom = view.getUint32(p + 8, false);
        if (bom !== 0x1a2b3c4d && bom !== 0x4d3c2b1a) {
          p = this.damaged(p, start, 'section header has no valid byte-order magic');
          continue;
        }
        // Every section has its own byte order, including the length of its own header.
        this.le = bom === 0x4d3c2b1a;
      } else {
        type = view.getUint32(p, this.le);
      }
      const len = view.getUint32(p + 4, this.le);
      if (len < BLOCK_OVERHEAD || len % 4 !== 0 || len > MAX_BLOCK || (type === SHB && len < MIN_SHB)) {
        p = this.damaged(p, start, `block of type 0x${type.toString(16)} has an impossible length ${len}`);
        continue;
      }
      if (end - p < len) {
        if (this.started && len > SKIP_STREAMING && !isRead(type)) {
          this.skipping = len;
          continue;
        }
        this.want = len;
        return p;
      }
      if (view.getUint32(p + len - 4, this.le) !== len) {
        p = this.damaged(p, start, `block of type 0x${type.toString(16)} has length ${len} but its trailer says ${view.getUint32(p + len - 4, this.le)}`);
        continue;
      }
      const problem = this.block(type, buf, view, p, len);
      if (problem) {
        p = this.damaged(p, start, problem);
        continue;
      }
      p += len;
    }
  }

  finish(leftover: number): void {
    if (!this.started) throw new CaptureError(`file ends inside the pcapng section header (${leftover} bytes)`);
    if (this.damageAt >= 0) {
      this.giveUp('no plausible block follows');
      return;
    }
    if (this.gaveUp) return; // already warned; the rest was unreadable
    if (leftover > 0 || this.skipping > 0) {
      this.sink.warning('capture-truncated', `capture is cut short: the last block has only ${leftover > 0 ? `${leftover} of ${this.want}` : 'part of its'} bytes`, this.frames + 1);
    }
  }

  /** Handles one whole block; returns a description of damage that ends the section. */
  private block(type: number, buf: Uint8Array, view: DataView, p: number, len: number): string | null {
    const le = this.le;
    switch (type) {
      case SHB: {
        const major = view.getUint16(p + 12, le);
        if (major !== 1) return `section header has unsupported pcapng version ${major}.${view.getUint16(p + 14, le)}`;
        this.interfaces = [];
        if (!this.started) {
          this.started = true;
          this.sink.format('pcapng', this.compressed);
        }
        if (this.sink.device && len > MIN_SHB) {
          const device = sectionDevice(buf, view, p, len, le);
          if (device) this.sink.device(device);
        }
        return null;
      }
      case IDB: {
        if (len < 20) return `interface description block is too short (${len} bytes)`;
        this.interfaces.push(readInterface(view, p, len, le));
        return null;
      }
      case EPB:
      case OPB: {
        if (len < 32) return `packet block is too short (${len} bytes)`;
        const iface = type === EPB ? view.getUint32(p + 8, le) : view.getUint16(p + 8, le);
        const captured = view.getUint32(p + 20, le);
        if (captured > len - 32) return `packet block of ${len} bytes claims ${captured} captured bytes`;
        const info = this.interfaceOf(iface);
        if (!info) return null;
        // Options follow the data padded to 32 bits (EPB only: the OPB's are not ours to read).
        const app = type === EPB ? commentApp(buf, view, p + 28 + ((captured + 3) & ~3), p + len - 4, le) : undefined;
        this.sink.frame({
          number: ++this.frames,
          linktype: info.linktype,
          time: info.clock.seconds(view.getUint32(p + 12, le), view.getUint32(p + 16, le)),
          capturedLength: captured,
          originalLength: view.getUint32(p + 24, le),
          data: buf.subarray(p + 28, p + 28 + captured),
          ...(app && { app }),
        });
        return null;
      }
      case SPB: {
        if (len < 16) return `simple packet block is too short (${len} bytes)`;
        const info = this.interfaceOf(0);
        if (!info) return null;
        const original = view.getUint32(p + 8, le);
        // The SPB has no captured length: it is whatever the snaplen and the block allow.
        let captured = Math.min(original, len - 16);
        if (info.snaplen > 0) captured = Math.min(captured, info.snaplen);
        this.sink.frame({
          number: ++this.frames,
          linktype: info.linktype,
          time: NaN,
          capturedLength: captured,
          originalLength: original,
          data: buf.subarray(p + 12, p + 12 + captured),
        });
        return null;
      }
      case NRB: {
        if (this.sink.names) {
          const entries = readNameRecords(view, buf, p + 8, p + len - 4, le);
          if (entries.length > 0) this.sink.names(entries);
        }
        return null;
      }
      case DSB: {
        if (len < 20) return `decryption secrets block is too short (${len} bytes)`;
        const size = Math.min(view.getUint32(p + 12, le), len - 20);
        this.sink.secrets?.(view.getUint32(p + 8, le), buf.subarray(p + 16, p + 16 + size));
        return null;
      }
      case CUSTOM_BLOCK:
      case CUSTOM_BLOCK_NOCOPY: {
        if (this.sink.app) for (const app of readUidMap(buf, view, p, len, le)) this.sink.app(app);
        return null;
      }
      default:
        return null; // statistics and unknown blocks carry nothing we report
    }
  }

  private interfaceOf(id: number): Interface | undefined {
    const info = this.interfaces[id];
    if (!info) {
      this.sink.warning('capture-bad-record', `packet on interface ${id}, which the section never described: skipped`, this.frames + 1);
    }
    return info;
  }

  /**
   * Starts looking for the next plausible block after the damaged one at p; the warning comes
   * when the search ends ('capture-resync' with the skipped range, or 'capture-bad-block').
   * The section's interfaces are kept: the next block is most often a packet of the same section.
   */
  private damaged(p: number, start: number, why: string): number {
    if (!this.started) throw new CaptureError(`not a readable pcapng capture: ${why}`);
    this.damageAt = this.consumed + (p - start);
    this.damage = `block at byte ${this.damageAt}: ${why}`;
    return p + 1;
  }

  private giveUp(why: string): void {
    this.sink.warning('capture-bad-block', `${this.damage}; ${why}: rest of the file skipped after ${this.frames} frames`, this.frames + 1);
    this.damageAt = -1;
    this.gaveUp = true;
    this.skipping = Infinity;
    this.want = 1;
  }
}

/**
 * Blocks whose content we use must be whole in memory; others may be skipped in passing. Custom
 * blocks are read only when small (PCAPdroid's UID maps are tens of bytes).
 */
function isRead(type: number): boolean {
  return type === SHB || type === IDB || type === EPB || type === OPB || type === SPB || type === NRB || type === DSB;
}

function readInterface(view: DataView, p: number, len: number, le: boolean): Interface {
  const linktype = view.getUint16(p + 8, le);
  const snaplen = view.getUint32(p + 12, le);
  let tsresol = 6;
  let tsoffset = 0;
  forEachOption(view, p + 16, p + len - 4, le, (code, q, olen) => {
    if (code === IF_TSRESOL && olen >= 1) tsresol = view.getUint8(q);
    if (code === IF_TSOFFSET && olen >= 8) {
      const hi = view.getInt32(le ? q + 4 : q, le);
      const lo = view.getUint32(le ? q : q + 4, le);
      tsoffset = hi * 4294967296 + lo;
    }
  });
  return { linktype, snaplen, clock: new TickClock(tsresol, tsoffset) };
}
