/** Streaming gzip (including multi-member files) in front of the capture readers. */
import { Gunzip } from 'fflate';
import type { Warn } from '../warnings';
import { CaptureError } from './types';

/**
 * fflate copies its 32 KiB window on every push, so tiny pushes (a network stream, a test
 * feeding single bytes) would cost 32 KiB each. Small chunks are gathered up to this size first.
 */
const BATCH = 64 << 10;

/** Decompresses pushed chunks into `out`; damage or a cut-off stream becomes a warning. */
export class GunzipStream {
  private readonly gz: Gunzip;
  private failed = false;
  private produced = 0;
  private batch = new Uint8Array(BATCH);
  private batchLen = 0;
  /** An error thrown by the reader behind us, passing through fflate. */
  private downstream: unknown = undefined;

  constructor(
    out: (chunk: Uint8Array) => void,
    private readonly warn: Warn,
  ) {
    this.gz = new Gunzip((data) => {
      this.produced += data.length;
      if (data.length === 0) return;
      try {
        out(data);
      } catch (e) {
        this.downstream = e;
        throw e;
      }
    });
  }

  push(chunk: Uint8Array): void {
    if (this.failed) return;
    if (this.batchLen === 0 && chunk.length >= BATCH) return this.inflate(chunk, false);
    let pos = 0;
    while (pos < chunk.length) {
      const take = Math.min(BATCH - this.batchLen, chunk.length - pos);
      this.batch.set(chunk.subarray(pos, pos + take), this.batchLen);
      this.batchLen += take;
      pos += take;
      if (this.batchLen === BATCH) {
        this.batchLen = 0;
        // fflate may keep a reference to what it is given (while a member header is incomplete),
        // so the full batch is handed over and a fresh one started.
        const full = this.batch;
        this.batch = new Uint8Array(BATCH);
        this.inflate(full, false);
        if (this.failed) return;
      }
    }
  }

  end(): void {
    if (this.failed) return;
    const rest = this.batch.subarray(0, this.batchLen);
    this.batchLen = 0;
    this.inflate(rest, true);
  }

  private inflate(chunk: Uint8Array, final: boolean): void {
    try {
      this.gz.push(chunk, final);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    // The reader behind us reports its own verdicts; only decompression faults are ours.
    if (e === this.downstream || e instanceof CaptureError) throw e;
    this.failed = true;
    const why = e instanceof Error ? e.message : String(e);
    let message = `gzip data is damaged (${why}): decompression stopped`;
    if (why === 'unexpected EOF') message = 'gzip data is cut short: read what was there';
    // fflate reports a bad member header this way; after data it is junk (often padding) behind the last member.
    else if (why === 'invalid gzip data' && this.produced > 0) message = 'bytes after the last gzip member are not gzip data: ignored';
    this.warn('capture-gzip', message);
  }
}
