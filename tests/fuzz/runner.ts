/**
 * The fuzz runner: seeded cases (mutate.ts over seeds.ts) on worker threads, each with a wall
 * timeout. A case past its timeout is a hang only if it times out again when run alone (the
 * machine is shared and loaded; a first timeout under load is often just a slow case).
 * Used by the CI test (fuzz.test.ts, a fixed number of cases) and `npm run fuzz` (minutes).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { CORPUS, LEAKS, REPO_ROOT } from '../corpus';
import { caseSeed, mutate, Rng } from './mutate';
import { signature, type CaseJob, type CaseResult, type FailureClass } from './outcome';
import { loadSeeds, type SeedFile } from './seeds';

export const REPRODUCERS = join(REPO_ROOT, 'tests/fuzz/reproducers');
const WORKER_OUT = join(REPO_ROOT, 'build/fuzz/caseWorker.mjs');
/** A worker's heap: a case that needs more is an 'oom' failure (the app's tab would die too). */
const HEAP_MB = 1536;

/** The worker bundled once per run (esbuild, ~0.3 s): threads get no TypeScript loader. */
export async function bundleWorker(): Promise<string> {
  mkdirSync(join(REPO_ROOT, 'build/fuzz'), { recursive: true });
  const out = await build({
    write: false,
    entryPoints: [join(REPO_ROOT, 'tests/fuzz/caseWorker.ts')],
    outfile: WORKER_OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  // Written aside and renamed: a run already going may be starting a worker from this file.
  const bytes = out.outputFiles[0].contents;
  if (!existsSync(WORKER_OUT) || Buffer.compare(readFileSync(WORKER_OUT), bytes) !== 0) {
    writeFileSync(`${WORKER_OUT}.${process.pid}`, bytes);
    renameSync(`${WORKER_OUT}.${process.pid}`, WORKER_OUT);
  }
  return WORKER_OUT;
}

/** One worker thread running one case at a time; replaced when a case hangs or kills it. */
export class CaseSlot {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private pending: { resolve: (r: CaseResult) => void; job: CaseJob; timer: NodeJS.Timeout } | null = null;

  constructor(private readonly url: string, private readonly timeoutMs: number) {}

  private spawn(): Promise<void> {
    const w = new Worker(this.url, {
      workerData: { root: REPO_ROOT, profilePath: join(LEAKS, 'profile.json') },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
      stderr: true,
    });
    w.stderr.resume(); // the engine's asset notes; a failure shows in its result instead
    this.worker = w;
    this.ready = new Promise((resolve, reject) => {
      w.on('message', (m: CaseResult | { ready: true }) => {
        if ('ready' in m) return resolve();
        this.settle(m);
      });
      w.on('error', (e) => {
        reject(e);
        this.lost(w, e.message.includes('out of memory') || (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'crash', `worker died: ${e.message.split('\n')[0]}`);
      });
      w.on('exit', (code) => this.lost(w, 'crash', `worker exited with ${code}`));
    });
    this.ready.catch(() => {}); // the case that was running gets the failure instead
    return this.ready;
  }

  private settle(r: CaseResult): void {
    const p = this.pending;
    if (!p || p.job.id !== r.id) return;
    clearTimeout(p.timer);
    this.pending = null;
    p.resolve(r);
  }

  /** The worker is gone (error, exit or killed by us): the running case gets `kind`. */
  private lost(w: Worker, kind: FailureClass, detail: string): void {
    if (this.worker !== w) return; // one we replaced already (timed out), exiting late
    const p = this.pending;
    this.worker = null;
    this.ready = null;
    if (p) this.settle({ id: p.job.id, kind, detail });
  }

  async run(job: CaseJob): Promise<CaseResult> {
    if (!this.worker) await this.spawn();
    else await this.ready;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const w = this.worker;
        this.settle({ id: job.id, kind: 'hang', detail: `no result in ${this.timeoutMs} ms` });
        this.worker = null;
        this.ready = null;
        void w?.terminate();
      }, this.timeoutMs);
      this.pending = { resolve, job, timer };
      this.worker!.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.pending = null;
    await w?.terminate();
  }
}

export interface FuzzOptions {
  seed: number;
  /** Stop after this many cases ... */
  cases?: number;
  /** ... or after this many minutes, whichever comes first. */
  minutes?: number;
  jobs?: number;
  timeoutMs?: number;
  /** Write failing cases' bytes and index lines into tests/fuzz/reproducers. */
  save?: boolean;
  log?: (line: string) => void;
}

export interface Failure {
  kind: FailureClass;
  detail: string;
  seed: number;
  case: number;
  source: string;
  ops: string[];
  file?: string;
}

export interface FuzzStats {
  cases: number;
  reports: number;
  notCaptures: number;
  seconds: number;
  failures: Record<FailureClass, number>;
  /** First failure of each signature. */
  samples: Failure[];
  /** Distinct clear errors (signature -> count), to read that they are clear. */
  clearErrors: Map<string, number>;
  /** Cases that timed out once under load and finished when run alone. */
  slowRetried: number;
}

interface Case {
  job: CaseJob;
  seed: SeedFile;
  ops: string[];
  gzip: boolean;
}

/** Case `index` of run `runSeed`: a pure function of the two (and the corpus). */
export function makeCase(seeds: SeedFile[], runSeed: number, index: number): Case {
  const rng = new Rng(caseSeed(runSeed, index));
  // Message files (HAR, mitmproxy, App Privacy Report) are 17 of ~355 seeds but have readers
  // of their own that trust a field's type: one case in six starts from one of them.
  const messages = messageSeeds(seeds);
  const seed = messages.length && rng.chance(1 / 6) ? rng.pick(messages) : rng.pick(seeds);
  const m = mutate(rng, seed.bytes, () => rng.pick(seeds).bytes);
  const keylog = seed.keylogPath && rng.chance(0.7) ? readFileSync(seed.keylogPath, 'utf8') : undefined;
  const chunk = rng.pick([1 << 20, 1 << 16, 4096, 512 + rng.int(8192)]);
  return {
    job: { id: index, name: basename(seed.path), bytes: m.bytes, profile: rng.chance(0.5), keylog, chunk },
    seed,
    ops: m.ops,
    gzip: m.gzip,
  };
}

const messageSeedsOf = new WeakMap<SeedFile[], SeedFile[]>();
function messageSeeds(seeds: SeedFile[]): SeedFile[] {
  let m = messageSeedsOf.get(seeds);
  if (!m) messageSeedsOf.set(seeds, (m = seeds.filter((s) => /\.(har|mitm|ndjson)$/.test(s.path))));
  return m;
}

const MAX_SAVED_PER_SIGNATURE = 2;
const MAX_SAVED_PER_CLASS = 25;
const MAX_SAVED_BYTES = 256 * 1024;

export async function runFuzz(o: FuzzOptions): Promise<FuzzStats> {
  const log = o.log ?? (() => {});
  const url = await bundleWorker();
  const seeds = loadSeeds();
  if (seeds.length === 0) throw new Error(`no seed files under ${CORPUS}`);
  const timeoutMs = o.timeoutMs ?? 10_000;
  const jobs = o.jobs ?? 2;
  const total = o.cases ?? Number.POSITIVE_INFINITY;
  const deadline = o.minutes ? Date.now() + o.minutes * 60_000 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(total) && !Number.isFinite(deadline)) throw new Error('give cases or minutes');
  const stats: FuzzStats = {
    cases: 0, reports: 0, notCaptures: 0, seconds: 0, slowRetried: 0,
    failures: { crash: 0, hang: 0, schema: 0, internal: 0, oom: 0 },
    samples: [], clearErrors: new Map(),
  };
  const bySignature = new Map<string, number>();
  const savedByClass = new Map<string, number>();
  const start = Date.now();

  const record = (c: Case, r: CaseResult) => {
    stats.cases++;
    if (r.kind === 'report') return void stats.reports++;
    if (r.kind === 'not-a-capture') {
      stats.notCaptures++;
      const s = signature('clear', r.detail ?? '');
      stats.clearErrors.set(s, (stats.clearErrors.get(s) ?? 0) + 1);
      return;
    }
    stats.failures[r.kind]++;
    const sig = signature(r.kind, r.detail ?? '');
    const seen = (bySignature.get(sig) ?? 0) + 1;
    bySignature.set(sig, seen);
    const failure: Failure = { kind: r.kind, detail: r.detail ?? '', seed: o.seed, case: c.job.id, source: relative(CORPUS, c.seed.path), ops: c.ops };
    if (o.save && seen <= MAX_SAVED_PER_SIGNATURE && (savedByClass.get(r.kind) ?? 0) < MAX_SAVED_PER_CLASS && c.job.bytes.length <= MAX_SAVED_BYTES) {
      failure.file = saveReproducer(c, failure);
      savedByClass.set(r.kind, (savedByClass.get(r.kind) ?? 0) + 1);
    }
    if (seen === 1) {
      stats.samples.push(failure);
      log(`FAIL ${r.kind} case ${c.job.id} (${failure.source}; ${c.ops.join(', ')}): ${r.detail}`);
    }
  };

  const slots = Array.from({ length: jobs }, () => new CaseSlot(url, timeoutMs));
  const timedOut: Case[] = [];
  let next = 0;
  let lastLog = Date.now();
  const report = () => {
    stats.seconds = (Date.now() - start) / 1000;
    const f = stats.failures;
    log(`${stats.cases} cases, ${(stats.cases / stats.seconds).toFixed(1)}/s; crash ${f.crash} hang ${f.hang} schema ${f.schema} internal ${f.internal} oom ${f.oom}`);
  };
  try {
    await Promise.all(slots.map(async (slot) => {
      while (next < total && Date.now() < deadline) {
        const c = makeCase(seeds, o.seed, next++);
        const r = await slot.run(c.job);
        if (r.kind === 'hang') timedOut.push(c);
        else record(c, r);
        if (Date.now() - lastLog > 30_000) {
          lastLog = Date.now();
          report();
        }
      }
    }));
    // Timed out under load: once more alone, with the other threads stopped.
    for (const s of slots.slice(1)) await s.close();
    for (const c of timedOut) {
      const r = await slots[0].run(c.job);
      if (r.kind !== 'hang') stats.slowRetried++;
      record(c, r);
    }
  } finally {
    await Promise.all(slots.map((s) => s.close()));
  }
  report();
  return stats;
}

function extensionOf(c: Case): string {
  if (c.gzip) return 'gz';
  const m = /\.([a-z0-9]+)$/i.exec(c.seed.path.replace(/\.gz$/, ''));
  return m ? m[1].toLowerCase() : 'bin';
}

/** Writes the case's bytes and its line in index.jsonl; returns the file name. */
function saveReproducer(c: Case, f: Failure): string {
  mkdirSync(REPRODUCERS, { recursive: true });
  const sha8 = createHash('sha256').update(c.job.bytes).digest('hex').slice(0, 8);
  const file = `${f.kind}-${sha8}.${extensionOf(c)}`;
  const path = join(REPRODUCERS, file);
  if (existsSync(path)) return file;
  writeFileSync(path, c.job.bytes);
  const line: ReproducerLine = {
    file, class: f.kind, detail: f.detail, seed: f.seed, case: f.case, source: f.source, ops: f.ops,
    profile: c.job.profile, keylog: c.seed.keylogPath && c.job.keylog ? relative(CORPUS, c.seed.keylogPath) : undefined, chunk: c.job.chunk,
  };
  appendFileSync(join(REPRODUCERS, 'index.jsonl'), `${JSON.stringify(line)}\n`);
  return file;
}

/** One saved reproducer's line in tests/fuzz/reproducers/index.jsonl. */
export interface ReproducerLine {
  file: string;
  class: FailureClass;
  detail: string;
  seed: number;
  case: number;
  /** The seed file, relative to ../shared/corpus. */
  source: string;
  ops: string[];
  profile: boolean;
  /** The key log it ran with, relative to ../shared/corpus. */
  keylog?: string;
  chunk: number;
}
