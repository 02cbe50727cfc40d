/** Unknown protocols: raw payload handed to the scanner in bounded chunks. */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex } from '../../extract/handler';

/** Bytes per ScanInput chunk; a small overlap carries identifiers that straddle chunks. */
export const RAW_CHUNK = 64 * 1024;
const OVERLAP = 256;

/** Scans raw TCP stream bytes (chunked) or each UDP datagram as 'payload'. */
export class RawHandler implements FlowHandler {
  // Per direction: bytes not yet handed to the scanner (at most RAW_CHUNK + OVERLAP).
  private pending: [Uint8Array[], Uint8Array[]] = [[], []];
  private pendingLen: [number, number] = [0, 0];
  private lastFrame: [number, number] = [0, 0];
  private tail: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];

  constructor(private readonly ctx: HandlerContext, private readonly encrypted = false) {}

  data(dir: Direction, bytes: Uint8Array, _offset: number, frame: number): void {
    if (bytes.length === 0) return;
    const { flow, sink } = this.ctx;
    if (flow.transport === 'udp') {
      // A datagram is a natural unit; long ones are still cut so the scanner stays bounded.
      for (let i = 0; i < bytes.length; i += RAW_CHUNK) {
        sink.scan({ flow: flow.id, direction: dir, protocol: 'udp', part: 'payload', frame, bytes: bytes.subarray(i, i + RAW_CHUNK + OVERLAP), encryptedOnWire: this.encrypted });
      }
      return;
    }
    const i = dirIndex(dir);
    this.pending[i].push(bytes);
    this.pendingLen[i] += bytes.length;
    this.lastFrame[i] = frame;
    if (this.pendingLen[i] >= RAW_CHUNK) this.flush(dir);
  }

  gap(dir: Direction): void {
    // Identifiers cannot straddle a hole: flush and forget the overlap.
    this.flush(dir);
    this.tail[dirIndex(dir)] = new Uint8Array(0);
  }

  close(): void {
    this.flush('upload');
    this.flush('download');
  }

  private flush(dir: Direction): void {
    const i = dirIndex(dir);
    if (this.pendingLen[i] === 0) return;
    const t = this.tail[i];
    const buf = new Uint8Array(t.length + this.pendingLen[i]);
    buf.set(t, 0);
    let o = t.length;
    for (const p of this.pending[i]) {
      buf.set(p, o);
      o += p.length;
    }
    this.pending[i] = [];
    this.pendingLen[i] = 0;
    const { flow, sink } = this.ctx;
    sink.scan({ flow: flow.id, direction: dir, protocol: 'tcp', part: 'payload', frame: this.lastFrame[i], bytes: buf, encryptedOnWire: this.encrypted });
    this.tail[i] = buf.slice(Math.max(0, buf.length - OVERLAP));
  }
}
