/**
 * The leak scanner spread over scan workers. The engine thread reads, decodes, reassembles and
 * extracts; scan inputs are copied into ~1 MiB batches that are transferred (not copied again)
 * to the least busy worker, and the findings are merged back in input order, so the report is
 * the same as with the scanner inline. In-flight batches are bounded: the engine waits in
 * backlog() when the workers fall behind, which keeps memory flat on captures of any size.
 */
import type { ScanBatch, ScanInputMeta, ScanWorkerApi } from './workerApi';
import type { ScanInput } from '../extract/types';
import type { Finding, PlaceholderSighting, Profile } from '../report/types';
import { noCuts, mergeCuts, type LayerCuts } from './layerCuts';
import { FindingSet } from './findings';
import { PlaceholderSightings } from './placeholderSightings';
import { DigestTokens, type DigestToken } from './hashed';
import type { LeakScanner } from './scanner';

export const BATCH_BYTES = 1 << 20;
/**
 * Inputs up to this many bytes are scanned on the engine thread when the analysis has an inline
 * scanner: sending one costs more than scanning it. Measured on 1M tiny TCP flows (one ~100-byte
 * HTTP request each, 2 cores): with every input sent, the engine thread spent longer (9.7 s per
 * 300k flows) than the whole inline run (7.4 s) — its posting, cloning of ~10,000 metadata
 * objects per batch and garbage beside a busy worker — while the worker sat 64 % idle.
 */
export const INLINE_MAX_BYTES = 2048;
/**
 * An inline run ends (takes its sequence number, its findings merged) after this many inputs,
 * besides every flush: retired flows wait until the runs holding their inputs are merged
 * (flow/flowLedger.ts ScanProgress), so this bounds that queue whatever the timers do.
 */
export const INLINE_RUN_INPUTS = 4096;

/** How a pool splits an analysis' inputs between the engine thread and the workers. */
export interface ScanPoolOptions {
  /**
   * Inputs bigger than INLINE_MAX_BYTES are scanned inline too until this many of their bytes
   * have been (per analysis), then all of them go to the workers. For hosts whose workers start
   * on their first batch (src/cli/scanPool.ts): a capture with few big inputs never starts one.
   * Default 0: every big input goes to a worker.
   */
  inlineFirstBytes?: number;
}

/**
 * In flight per worker: this many batches' worth of bytes (what bounds memory), and at most
 * MAX_BATCHES_PER_WORKER batches however small. Counting batches alone stalled the engine on
 * the tiny batches it sends until the first finding (a few KB each, every 256 KiB read): two
 * in flight, and the third waited a whole worker round trip.
 */
const IN_FLIGHT_PER_WORKER = 2;
const MAX_BATCHES_PER_WORKER = 8;
/** Batch buffers kept for reuse, at most this many bytes (a few batches and a few big bodies). */
const SPARE_BYTES = 64 << 20;
/** What stays kept between analyses (the pool lives as long as the page or the process). */
const IDLE_SPARE_BYTES = 16 << 20;

/**
 * Batch buffers the workers handed back, reused for the next batches of any analysis on this
 * thread. Fresh memory is what costs here, not the copy: before, every big input (a 5 MB body)
 * and every analysis' first batches got new buffers, and their page faults made the copy run
 * at ~0.7 GB/s, a quarter of the engine thread's time beside two scan workers.
 */
class SpareBuffers {
  private readonly list: ArrayBuffer[] = [];
  private bytes = 0;

  /** A buffer of at least n bytes (the smallest spare that fits, else a new one). */
  take(n: number): ArrayBuffer {
    let best = -1;
    for (let i = 0; i < this.list.length; i++) {
      const len = this.list[i].byteLength;
      if (len >= n && (best < 0 || len < this.list[best].byteLength)) best = i;
    }
    if (best < 0) return new ArrayBuffer(Math.max(n, BATCH_BYTES));
    const [b] = this.list.splice(best, 1);
    this.bytes -= b.byteLength;
    return b;
  }

  give(b: ArrayBuffer): void {
    if (b.byteLength === 0 || this.bytes + b.byteLength > SPARE_BYTES) return; // detached, or enough kept
    this.list.push(b);
    this.bytes += b.byteLength;
  }

  /** Drops the biggest spares until at most `max` bytes are kept. */
  trim(max: number): void {
    this.list.sort((a, b) => a.byteLength - b.byteLength);
    while (this.bytes > max) this.bytes -= this.list.pop()!.byteLength;
  }
}

/** Called once if a worker dies; returns the function that unregisters it. */
type OnLost = (listener: (e: Error) => void) => () => void;

/** Scan workers shared by the analyses of one engine thread. */
export class ScanPool {
  private session = 0;
  private readonly spares = new SpareBuffers();
  private job = 0;
  /** Why a worker died, once one has: calls to a dead worker would never answer. */
  private lostError: Error | null = null;
  // Listeners of the analyses running now, removed when they end: the pool outlives them, and
  // a reaction left on a pool-long promise would keep each finished analysis in memory.
  private readonly listeners = new Set<(e: Error) => void>();
  private readonly onLost: OnLost = (listener) => {
    if (this.lostError) {
      listener(this.lostError);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  constructor(
    private readonly workers: ScanWorkerApi[],
    private readonly stop: () => void = () => undefined,
    private readonly options: ScanPoolOptions = {},
  ) {
    if (workers.length === 0) throw new Error('a scan pool needs at least one worker');
  }

  /** The platform code calls this on a worker's error or exit event. */
  workerLost(e: Error): void {
    if (this.lostError) return;
    this.lostError = e;
    for (const listener of [...this.listeners]) listener(e);
    this.listeners.clear();
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * A scanner for one analysis, spread over every worker of the pool. Returns at once: the
   * workers set up (profile expansion, literal tables) while the engine starts reading, and each
   * worker's batches wait for its own set-up.
   */
  open(scanner: WebAssembly.Module, profile?: Profile, inline?: LeakScanner): PooledScanner {
    const session = ++this.session;
    const ready = this.workers.map((w) => w.open(session, scanner, profile));
    return new PooledScanner(this.workers, ready, session, this.onLost, this.spares, inline ?? null, this.options.inlineFirstBytes ?? 0);
  }

  /**
   * Has every worker lay out its scanner instance now (15.6 MiB of wasm memory each), so that
   * the first analysis' first batch is scanned at once: the engine worker calls it at start-up,
   * while the page is idle. An empty session, opened and closed: the instance stays kept.
   */
  async warm(scanner: WebAssembly.Module): Promise<void> {
    const session = ++this.session;
    await Promise.all(this.workers.map((w) => w.open(session, scanner).then(() => w.close(session))));
  }

  /**
   * A file's SHA-256, hashed by the last worker while the engine reads the same file (hashing
   * was ~30 % of the engine thread's time). Stops when `signal` aborts.
   */
  sha256(file: Blob, signal?: AbortSignal): Promise<string> {
    const job = ++this.job;
    const worker = this.workers[this.workers.length - 1];
    signal?.addEventListener('abort', () => void worker.cancelSha256(job).catch(() => undefined), { once: true });
    return new Promise<string>((resolve, reject) => {
      const off = this.onLost((e) => reject(new Error(`the hashing worker stopped: ${e.message}`)));
      worker.sha256(job, file).then(resolve, reject).finally(off);
    });
  }

  /** Stops the workers. */
  terminate(): void {
    this.stop();
  }
}

// The two sides of a batch's metadata, written out field by field: rest-and-spread copies go
// through a slow generic path, and the engine thread pays this once per input (~200 per batch)
// beside the scan workers.

/** What a batch carries of an input besides its bytes. */
export function metaOf(input: ScanInput): ScanInputMeta {
  return {
    flow: input.flow,
    direction: input.direction,
    protocol: input.protocol,
    part: input.part,
    frame: input.frame,
    encryptedOnWire: input.encryptedOnWire,
    length: input.bytes.length,
  };
}

/** The input again, on the worker's side, over its bytes in the batch buffer. */
export function inputOf(meta: ScanInputMeta, bytes: Uint8Array): ScanInput {
  return {
    flow: meta.flow,
    direction: meta.direction,
    protocol: meta.protocol,
    part: meta.part,
    frame: meta.frame,
    encryptedOnWire: meta.encryptedOnWire,
    bytes,
  };
}

/** Packs inputs into one buffer; copies, because the engine reuses the buffers it hands out. */
class BatchBuilder {
  private buf: Uint8Array<ArrayBuffer> | null = null;
  private used = 0;
  private inputs: ScanInputMeta[] = [];

  constructor(private readonly spares: SpareBuffers) {}

  get bytes(): number {
    return this.used;
  }

  fits(n: number): boolean {
    return this.used + n <= (this.buf?.length ?? BATCH_BYTES);
  }

  add(input: ScanInput): void {
    if (!this.buf || !this.fits(input.bytes.length)) {
      // Only an empty builder gets here without a buffer that fits (the caller sends first):
      // one input bigger than a batch gets a buffer of its own size.
      if (this.buf) this.spares.give(this.buf.buffer);
      this.buf = new Uint8Array(this.spares.take(Math.max(input.bytes.length, BATCH_BYTES)));
    }
    this.buf.set(input.bytes, this.used);
    this.used += input.bytes.length;
    this.inputs.push(metaOf(input));
  }

  /** The batch so far, handing its buffer over; the builder starts a new one. */
  take(): ScanBatch {
    const batch = { bytes: this.buf!.buffer, inputs: this.inputs };
    this.buf = null;
    this.used = 0;
    this.inputs = [];
    return batch;
  }

  /** Gives the unsent buffer back (the analysis ended; what it holds no longer matters). */
  release(): void {
    if (this.buf) this.spares.give(this.buf.buffer);
    this.buf = null;
  }
}

const NO_DIGESTS: { tokens: DigestToken[]; dropped: number } = { tokens: [], dropped: 0 };

/**
 * One analysis' scanner over the pool: scan() per input, then settle() before the report.
 * With an inline scanner, small inputs are scanned on the engine thread: the input stream is
 * cut into runs, each run either one batch for a worker or inputs scanned inline, and every run
 * takes the next sequence number, so findings still merge in input order (the same report).
 */
export class PooledScanner {
  private readonly batch: BatchBuilder;
  private readonly set = new FindingSet();
  /** Finished batches waiting for an earlier one, by sequence number. */
  private readonly done = new Map<number, { end: number; findings: Finding[]; placeholders: PlaceholderSighting[]; digests: { tokens: DigestToken[]; dropped: number }; cuts: LayerCuts }>();
  /** Layers the workers left undecoded, merged in input order. */
  private readonly cuts = noCuts();
  /** Placeholders of every merged batch, first sighting per (type, value, flow), bounded like the scanner's. */
  private readonly sightings = new PlaceholderSightings();
  /** Every worker's digest-shaped tokens, merged in input order like the findings. */
  private readonly digests = new DigestTokens();
  private readonly inFlight = new Set<Promise<void>>();
  /** Bytes sent to each worker and not answered yet. */
  private readonly busy: number[];
  /** Input bytes of the batches in flight (their buffers are at least BATCH_BYTES each). */
  private inFlightBytes = 0;
  private sent = 0;
  private merged = 0;
  /** Inputs given to scan() so far, and how many of them have their results merged (flow/flowLedger.ts ScanProgress). */
  private takenInputs = 0;
  private answeredInputs = 0;
  /** Inputs the inline scanner has taken since its results were last merged. */
  private inlineInputs = 0;
  private closed = false;
  private lostWorker: Error | null = null;
  /** Settles when a worker dies (the waits below race against it). */
  private readonly lost: Promise<void>;
  private readonly unlisten: () => void;
  /** Why some bytes went unscanned (one line each), for the report's warnings. */
  readonly problems: string[] = [];

  constructor(
    private readonly workers: ScanWorkerApi[],
    private readonly ready: Promise<void>[],
    private readonly session: number,
    onLost: OnLost,
    private readonly spares: SpareBuffers,
    private readonly inline: LeakScanner | null = null,
    /** Bytes of big inputs still to scan inline (ScanPoolOptions.inlineFirstBytes). */
    private inlineBudget = 0,
  ) {
    this.batch = new BatchBuilder(spares);
    this.busy = workers.map(() => 0);
    let settle: () => void = () => undefined;
    this.lost = new Promise((resolve) => (settle = resolve));
    this.unlisten = onLost((e) => {
      this.lostWorker = e;
      this.problems.push(`a scan worker stopped (${e.message}): findings after that point are missing`);
      settle();
    });
  }

  /** Small inputs always; a big one while the inline budget lasts (once spent, it stays spent). */
  private scansInline(n: number): boolean {
    if (n <= INLINE_MAX_BYTES) return true;
    if (n > this.inlineBudget) {
      this.inlineBudget = 0;
      return false;
    }
    this.inlineBudget -= n;
    return true;
  }

  /** Sends what the batch holds now, however small: the engine calls it every 50 ms so findings come back while the capture is read (a capture's scan inputs can total less than one batch). */
  flush(): void {
    this.endInlineRun();
    if (this.batch.bytes > 0 && !this.closed && !this.lostWorker) this.send();
  }

  scan(input: ScanInput): void {
    if (input.bytes.length === 0 || this.closed || this.lostWorker) return;
    if (this.inline && this.scansInline(input.bytes.length)) {
      if (this.batch.bytes > 0) this.send(); // what came before goes first
      this.inline.scan(input);
      this.takenInputs++;
      if (++this.inlineInputs >= INLINE_RUN_INPUTS) this.endInlineRun();
      return;
    }
    this.endInlineRun();
    if (this.batch.bytes > 0 && !this.batch.fits(input.bytes.length)) this.send();
    this.batch.add(input);
    this.takenInputs++;
    if (this.batch.bytes >= BATCH_BYTES) this.send();
  }

  /** Inputs given to scan() so far. */
  get taken(): number {
    return this.takenInputs;
  }

  /** Inputs whose results are merged; all of them once a worker died (nothing more will come). */
  get answered(): number {
    return this.lostWorker || this.closed ? this.takenInputs : this.answeredInputs;
  }

  findings(): Finding[] {
    return this.set.list();
  }

  /** Whether a merged finding or placeholder is on this flow. */
  flowHasFinding(id: number): boolean {
    return this.set.hasFlow(id) || this.sightings.hasFlow(id);
  }

  placeholders(): PlaceholderSighting[] {
    return this.sightings.list();
  }

  get count(): number {
    return this.set.size;
  }

  /** Layers left undecoded in the batches merged so far. */
  layerCuts(): LayerCuts {
    return this.cuts;
  }

  /** The digest-shaped tokens of the batches merged so far (all of them after settle()). */
  digestTokens(): DigestTokens {
    return this.digests;
  }

  /** Resolves once the workers have room for more (at once if a worker died). */
  async backlog(): Promise<void> {
    const n = this.workers.length;
    while (!this.lostWorker && (this.inFlightBytes >= IN_FLIGHT_PER_WORKER * n * BATCH_BYTES || this.inFlight.size >= MAX_BATCHES_PER_WORKER * n)) await this.next();
  }

  /** Sends what is left and waits for every batch: then findings() is complete. */
  async settle(): Promise<void> {
    this.endInlineRun();
    if (this.batch.bytes > 0) this.send();
    while (!this.lostWorker && this.inFlight.size) await this.next();
  }

  private next(): Promise<unknown> {
    return Promise.race([...this.inFlight, this.lost]);
  }

  /** Ends the session on every worker (after settle(), or to drop the work on cancel). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    this.batch.release();
    this.spares.trim(IDLE_SPARE_BYTES);
    for (const w of this.workers) w.close(this.session).catch(() => undefined);
  }

  /** A run's results; `end`: the inputs taken up to the run's end (answered once it is merged). */
  private merge(seq: number, end: number, findings: Finding[], placeholders: PlaceholderSighting[] = [], digests = NO_DIGESTS, cuts = noCuts()): void {
    this.done.set(seq, { end, findings, placeholders, digests, cuts });
    while (this.done.has(this.merged)) {
      const batch = this.done.get(this.merged)!;
      for (const f of batch.findings) this.set.merge(f);
      this.digests.merge(batch.digests.tokens, batch.digests.dropped);
      mergeCuts(this.cuts, batch.cuts);
      for (const p of batch.placeholders) this.sightings.add(p);
      this.answeredInputs = batch.end;
      this.done.delete(this.merged++);
    }
  }

  /** The inline run so far takes its sequence number; its results are already there. */
  private endInlineRun(): void {
    if (!this.inline || this.inlineInputs === 0) return;
    this.inlineInputs = 0;
    const s = this.inline;
    this.merge(this.sent++, this.takenInputs, s.takeFindings(), s.takePlaceholders(), s.takeDigestTokens(), s.takeLayerCuts());
  }

  private send(): void {
    const seq = this.sent++;
    const end = this.takenInputs;
    const used = this.batch.bytes;
    const batch = this.batch.take();
    // The worker with the fewest bytes waiting (batches range from a few bytes to a 16 MiB
    // body); ties go to the first, so small captures touch one worker only.
    let k = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i] < this.busy[k]) k = i;
    const size = batch.bytes.byteLength;
    this.busy[k] += size;
    this.inFlightBytes += used;
    const worker = this.workers[k];
    const job: Promise<void> = this.ready[k]
      .then(() => worker.scan(this.session, batch))
      .then(
        ({ findings, placeholders, digests, cuts, bytes }) => {
          this.spares.give(bytes);
          this.merge(seq, end, findings, placeholders, digests, cuts);
        },
        (e: unknown) => {
          // One batch the scanner choked on: say so, keep everything else.
          const first = batch.inputs[0];
          this.problems.push(`scanning ${batch.inputs.length} inputs from frame ${first?.frame ?? '?'} failed: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
          this.merge(seq, end, []);
        },
      )
      .finally(() => {
        this.busy[k] -= size;
        this.inFlightBytes -= used;
        this.inFlight.delete(job);
      });
    this.inFlight.add(job);
  }
}
