/** Routes decrypted TLS application data through the ordinary extractors, marked as encrypted on the wire. */
import type { Direction } from '../../types';
import type { FlowHandler, HandlerContext } from '../../extract/handler';
import { dirIndex } from '../../extract/handler';
import type { ExtractSink } from '../../extract/types';
import type { KeyLog } from '../../tls/keylog';

/** A handler context that may carry the analysis' key log (set by ProtocolExtractor). */
export interface KeyedContext extends HandlerContext {
  keys?: KeyLog;
  /**
   * Sees the plaintext before the extractors do ("Follow stream" shows it decrypted): each
   * record's application data with its offset in the decrypted direction, and holes.
   */
  plaintext?: {
    data(dir: Direction, bytes: Uint8Array, offset: number, frame: number): void;
    gap(dir: Direction, length: number, frame: number): void;
  };
}

/**
 * A sink in front of the flow's sink: everything read from decrypted bytes is marked
 * encryptedOnWire and, like the leak corpus' truth, reported with protocol 'tls' (the part
 * still says url/header/body). The flow keeps its 'tls' app and encrypted flag.
 */
export function decryptedSink(sink: ExtractSink): ExtractSink {
  return {
    emit: (kind, record) => sink.emit(kind, { ...record, encryptedOnWire: true }),
    scan: (i) => sink.scan({ ...i, protocol: 'tls', encryptedOnWire: true }),
    identify: (f) => sink.identify({ ...f, protocol: 'tls', encryptedOnWire: true }),
    app: () => {},
    warning: (code, message, frame) => sink.warning(code, message, frame),
  };
}

/** Feeds one connection's decrypted application data, per direction with its own offsets. */
export class DecryptedStream {
  private readonly inner: FlowHandler;
  private readonly offset: [number, number] = [0, 0];
  private readonly tap: KeyedContext['plaintext'];

  constructor(outer: KeyedContext) {
    this.tap = outer.plaintext;
    // The flow object is replaced by ProtocolExtractor on every call: read it through `outer`.
    const ctx: KeyedContext = {
      get flow() {
        return outer.flow;
      },
      set flow(f) {
        outer.flow = f;
      },
      sink: decryptedSink(outer.sink),
      keys: outer.keys,
      redetect: outer.redetect,
    };
    // What the keys open is sniffed like a new stream, where only the client's preface counts.
    this.inner = outer.redetect(ctx, true);
  }

  /** Plaintext of one application data record. */
  data(dir: Direction, bytes: Uint8Array, frame: number): void {
    const i = dirIndex(dir);
    const at = this.offset[i];
    this.offset[i] += bytes.length;
    if (!bytes.length) return;
    this.tap?.data(dir, bytes, at, frame);
    this.inner.data(dir, bytes, at, frame);
  }

  /** Records that could not be decrypted: the plaintext stream has a hole. */
  gap(dir: Direction, length: number, frame: number): void {
    this.offset[dirIndex(dir)] += length;
    this.tap?.gap(dir, length, frame);
    this.inner.gap(dir, length, frame);
  }

  /** End of the connection. */
  close(): void {
    this.inner.close();
  }
}
