/** Streaming gzip (including multi-member files) in front of the capture readers. */
import { Gunzip } from 'fflate';
import type { Warn } from '../warnings';
import { CaptureError } from './types';

/**
 * fflate copies its 32 KiB window on every push, so tiny pushes (a network stream, a test
 * feeding single bytes) would cost 32 KiB each. Small chunks are gathered up to this size first.
 */
const BATCH = 64 << 10;

/**
 * When the inflated size is worth a note (issue 15: a 4 GB gzip bomb was read to the end and
 * the report said nothing): more than RATIO times the compressed bytes read so far, once past
 * BYTES inflated. Measured over ../shared/corpus (141 files of 4 KiB or more, deflated at level
 * 9): median 1.8:1, real captures at most 34:1; only 64 KiB fuzzed files padded with zeros
 * reach 158-388:1, which the 1 GiB floor leaves alone. DEFLATE's own ceiling is ~1,032:1. A
 * note, not an abort: a capture of padding is still read.
 */
export const GZIP_BOMB = { ratio: 100, bytes: 1 << 30 };

/** Decompresses pushed chunks into `out`; damage or a cut-off stream becomes a warning. */
export class GunzipStream {
  private readonly gz: Gunzip;
  private failed = false;
  private produced = 0;
  private batch = new Uint8Array(BATCH);
  private batchLen = 0;
  /** An error thrown by the reader behind us, passing through fflate. */
  private downstream: unknown = undefined;

  /** Compressed bytes handed to fflate so far. */
  private consumed = 0;
  private bombNoted = false;

  constructor(
    out: (chunk: Uint8Array) => void,
    private readonly warn: Warn,
    private readonly bomb: { ratio: number; bytes: number } = GZIP_BOMB,
  ) {
    this.gz = new Gunzip((data) => {
      this.produced += data.length;
      if (data.length === 0) return;
      if (!this.bombNoted && this.produced > this.bomb.bytes && this.produced > this.bomb.ratio * this.consumed) this.noteRatio();
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
    this.consumed += chunk.length;
    try {
      this.gz.push(chunk, final);
    } catch (e) {
      this.fail(e);
    }
  }

  /** Once, as soon as the ratio is crossed (so partial reports show it too). */
  private noteRatio(): void {
    this.bombNoted = true;
    const size = (n: number) => (n < 2 ** 20 ? `${Math.ceil(n / 1024)} KiB` : `${Math.round(n / 2 ** 20)} MiB`);
    this.warn(
      'capture-gzip-ratio',
      `gzip inflates to more than ${this.bomb.ratio} times its size (${size(this.produced)} from ${size(this.consumed)} so far): a gzip bomb or a capture of padding; read on`,
    );
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
