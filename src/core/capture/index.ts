/**
 * Stage 1 of the engine: capture bytes in, packet records out.
 *
 * We hand-write the readers (no pcap library) because streaming speed and bounded memory are
 * the product: chunks of any size go in, only an unfinished record is ever copied, and a 2 GB
 * file passes through with a few MB of memory.
 */
import { Framer } from './framer';
import { GunzipStream } from './gunzip';
import { describeUnknown, isGzip, probe, PROBE_BYTES } from './probe';
import { CaptureError, type CaptureReader, type CaptureSink } from './types';

export * from './types';
export { linktypeName } from './linktypes';
export { MAX_PCAP_RECORD } from './readPcap';

/** Creates a push-based reader that detects gzip/pcap/pcapng from the bytes and feeds `sink`. */
export function createCaptureReader(sink: CaptureSink): CaptureReader {
  return new StreamReader(sink);
}

interface Stage {
  push(chunk: Uint8Array): void;
  end(): void;
}

/** Holds back the first bytes until the container is known, then forwards everything. */
class Detector implements Stage {
  private head = new Uint8Array(0);
  private target: Stage | null = null;
  private framer: Framer | null = null;
  private inner: Detector | null = null;

  constructor(
    private readonly sink: CaptureSink,
    private readonly compressed: boolean,
  ) {}

  /** Bytes of the (decompressed) capture handed to a reader so far. */
  get bytes(): number {
    return this.framer?.bytes ?? this.inner?.bytes ?? 0;
  }

  push(chunk: Uint8Array): void {
    if (this.target) return this.target.push(chunk);
    if (this.head.length === 0 && chunk.length >= PROBE_BYTES) return this.start(chunk);
    // Copy at most a few bytes: the rest of the chunk goes on as it is.
    const take = Math.min(PROBE_BYTES - this.head.length, chunk.length);
    const head = new Uint8Array(this.head.length + take);
    head.set(this.head);
    head.set(chunk.subarray(0, take), this.head.length);
    this.head = head;
    if (head.length < PROBE_BYTES && !isGzip(head)) return;
    this.start(head);
    if (take < chunk.length) this.push(chunk.subarray(take));
  }

  end(): void {
    if (!this.target) {
      if (isGzip(this.head) || probe(this.head)) this.start(this.head);
      else throw new CaptureError(this.unknown(this.head));
    }
    this.target!.end();
  }

  private unknown(head: Uint8Array): string {
    return this.compressed ? `gzip file does not hold a capture: ${describeUnknown(head)}` : describeUnknown(head);
  }

  private start(head: Uint8Array): void {
    const gzip = isGzip(head);
    const format = gzip ? null : probe(head);
    if (gzip ? this.compressed : format === null) {
      throw new CaptureError(this.unknown(head));
    }
    this.head = new Uint8Array(0);
    if (gzip) {
      const inner = new Detector(this.sink, true);
      this.inner = inner;
      this.target = new GunzipStream((data) => inner.push(data), (code, message, frame) => this.sink.warning(code, message, frame));
      // The inner reader ends only when the gzip stream has flushed its last bytes.
      const gunzip = this.target;
      this.target = {
        push: (c) => gunzip.push(c),
        end: () => {
          gunzip.end();
          inner.end();
        },
      };
    } else {
      this.framer = new Framer(format!.create(this.sink, this.compressed));
      this.target = this.framer;
    }
    this.target.push(head);
  }
}

class StreamReader implements CaptureReader {
  private readonly detector: Detector;
  private error: unknown = null;
  private ended = false;

  constructor(sink: CaptureSink) {
    this.detector = new Detector(sink, false);
  }

  get bytesRead(): number {
    return this.detector.bytes;
  }

  push(chunk: Uint8Array): void {
    if (this.error) throw this.error;
    if (this.ended) throw new Error('push() after end()');
    if (chunk.length === 0) return;
    this.guard(() => this.detector.push(chunk));
  }

  end(): void {
    if (this.error) throw this.error;
    if (this.ended) return;
    this.ended = true;
    this.guard(() => this.detector.end());
  }

  private guard(run: () => void): void {
    try {
      run();
    } catch (e) {
      // A reader that failed stays failed: later calls repeat the verdict instead of misreading.
      this.error = e;
      throw e;
    }
  }
}
