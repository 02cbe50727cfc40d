/** Classic libpcap files: 24-byte file header, then 16-byte record headers + packet bytes. */
import type { UnitParser } from './framer';
import { readPcapdroidTrailer, TRAILER_LENGTH } from './pcapdroidTrailer';
import { pcapRecordAt, RESYNC_SEARCH_LIMIT, skippedRange, type PcapRecordBounds } from './resync';
import { CaptureError, type CaptureFrame, type CaptureSink } from './types';

const FILE_HEADER = 24;
const LINKTYPE_ETHERNET = 1;
const RECORD_HEADER = 16;
/**
 * Largest record Wireshark accepts (WTAP_MAX_PACKET_SIZE_STANDARD). A bigger incl_len means the
 * file is damaged: capinfos stops there; we look for the next plausible record (resync.ts) and
 * go on from it, or stop when none follows within RESYNC_SEARCH_LIMIT bytes.
 */
export const MAX_PCAP_RECORD = 262144;

/** Reads pcap records into a sink; parse() never throws once the file header was read. */
export class PcapParser implements UnitParser {
  want = FILE_HEADER;
  private headerRead = false;
  private stopped = false;
  private littleEndian = true;
  private fracPerSecond = 1e6;
  private linktype = 0;
  private frames = 0;
  /** File offset of the byte at `start` of the current parse call. */
  private consumed = 0;
  private bounds: PcapRecordBounds = { littleEndian: true, fracPerSecond: 1e6, maxCaptured: MAX_PCAP_RECORD, lastSeconds: -1 };
  /** While resyncing: file offset of the damaged record header, else -1. */
  private damageAt = -1;
  private damage = '';

  constructor(
    private readonly sink: CaptureSink,
    private readonly compressed: boolean,
  ) {}

  parse(buf: Uint8Array, start: number, end: number): number {
    const reached = this.records(buf, start, end);
    this.consumed += reached - start;
    return reached;
  }

  private records(buf: Uint8Array, start: number, end: number): number {
    if (this.stopped) return end;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let p = start;
    if (!this.headerRead) {
      if (end - p < FILE_HEADER) return p; // want is already FILE_HEADER
      this.readHeader(view, p);
      p += FILE_HEADER;
    }
    const le = this.littleEndian;
    while (true) {
      if (this.damageAt >= 0) {
        // Resync: the first offset where two plausible record headers follow each other.
        const limit = this.damageAt + RESYNC_SEARCH_LIMIT;
        let found: boolean | number = false;
        while (this.consumed + (p - start) <= limit) {
          found = pcapRecordAt(view, p, end, this.bounds);
          if (found !== false) break;
          p++;
        }
        if (found === false) {
          this.stop(`no plausible record follows within ${RESYNC_SEARCH_LIMIT} bytes`);
          return end;
        }
        if (found !== true) {
          this.want = found;
          return p;
        }
        const to = this.consumed + (p - start);
        this.sink.warning('capture-resync', `${this.damage}: ${skippedRange(this.damageAt, to)} to the next plausible record; reading resumed`, this.frames + 1);
        this.damageAt = -1;
      }
      if (end - p < RECORD_HEADER) {
        this.want = RECORD_HEADER;
        return p;
      }
      const captured = view.getUint32(p + 8, le);
      if (captured > MAX_PCAP_RECORD) {
        this.damageAt = this.consumed + (p - start);
        this.damage = `record ${this.frames + 1} at byte ${this.damageAt} claims ${captured} captured bytes (more than ${MAX_PCAP_RECORD})`;
        p++;
        continue;
      }
      const size = RECORD_HEADER + captured;
      if (end - p < size) {
        this.want = size;
        return p;
      }
      const seconds = view.getUint32(p, le);
      const frac = view.getUint32(p + 4, le);
      this.bounds.lastSeconds = seconds;
      const frame: CaptureFrame = {
        number: ++this.frames,
        linktype: this.linktype,
        time: seconds + frac / this.fracPerSecond,
        capturedLength: captured,
        originalLength: view.getUint32(p + 12, le),
        data: buf.subarray(p + RECORD_HEADER, p + size),
      };
      if (this.linktype === LINKTYPE_ETHERNET) this.trailer(frame);
      this.sink.frame(frame);
      p += size;
    }
  }

  finish(leftover: number): void {
    if (!this.headerRead) {
      throw new CaptureError(`file ends inside the pcap file header (${leftover} of ${FILE_HEADER} bytes)`);
    }
    if (this.damageAt >= 0) this.stop('no plausible record follows');
    else if (leftover > 0 && !this.stopped) {
      this.sink.warning('capture-truncated', `capture is cut short: record ${this.frames + 1} has only ${leftover} of ${Math.max(this.want, leftover + 1)} bytes`, this.frames + 1);
    }
  }

  /**
   * PCAPdroid's app trailer (pcapdroidTrailer.ts) names the frame's app and is cut off, so that
   * no later stage takes it for packet bytes (tshark shows it as eth.trailer).
   */
  private trailer(frame: CaptureFrame): void {
    const t = readPcapdroidTrailer(frame.data);
    if (!t) return;
    if (!t.crcOk) {
      this.sink.warning('capture-app-trailer', `frame ${frame.number}: its PCAPdroid trailer fails its CRC-32; the app it names is kept`, frame.number);
    }
    frame.app = t.app;
    frame.data = frame.data.subarray(0, frame.data.length - TRAILER_LENGTH);
    frame.capturedLength = frame.data.length;
    frame.originalLength = Math.max(frame.capturedLength, frame.originalLength - TRAILER_LENGTH);
  }

  private readHeader(view: DataView, p: number): void {
    const magic = view.getUint32(p, false);
    this.littleEndian = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
    this.fracPerSecond = magic === 0xa1b23c4d || magic === 0x4d3cb2a1 ? 1e9 : 1e6;
    const le = this.littleEndian;
    // The top bits of the link-type field carry FCS information (pcap spec); the type is the low 16.
    this.linktype = view.getUint32(p + 20, le) & 0xffff;
    this.headerRead = true;
    const snaplen = view.getUint32(p + 16, le);
    this.bounds = {
      littleEndian: le,
      fracPerSecond: this.fracPerSecond,
      maxCaptured: snaplen > 0 && snaplen < MAX_PCAP_RECORD ? snaplen : MAX_PCAP_RECORD,
      lastSeconds: -1,
    };
    this.sink.format('pcap', this.compressed);
    const major = view.getUint16(p + 4, le);
    if (major !== 2) {
      this.sink.warning('capture-version', `unusual pcap version ${major}.${view.getUint16(p + 6, le)}; reading anyway`);
    }
  }

  private stop(why: string): void {
    this.stopped = true;
    this.damageAt = -1;
    this.want = 1;
    this.sink.warning('capture-bad-record', `${this.damage}: the file is damaged and ${why}; reading stopped after ${this.frames} frames`, this.frames + 1);
  }
}
