/**
 * A fuzz worker thread: runs the engine (as the CLI runs it, with the scanner and the offline
 * tables) on one case per message and classifies what came out. Bundled by runner.ts into
 * build/fuzz/caseWorker.mjs (worker threads do not get vitest's or tsx's transform).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import Ajv from 'ajv';
import { analyzeStream } from '../../src/core/engine';
import { loadScannerModule, geoTablesLater } from '../../src/cli/nodeAssets';
import type { Profile } from '../../src/core/report/types';
import { classify, type CaseJob, type CaseResult } from './outcome';

const { root, profilePath } = workerData as { root: string; profilePath: string };
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(root, 'docs/report.schema.json'), 'utf8')));
const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as Profile;
const scannerWasm = await loadScannerModule();
const geo = await geoTablesLater();
// Without the scanner no finding is ever made, and the fuzz would pass on an engine half off.
if (!scannerWasm) throw new Error(`fuzz worker: build/scanner.wasm not found under ${root} (npm run build:wasm)`);

/** The bytes in chunks of `chunk` bytes: readers are push-based, and a field cut across two
 * pushes is a path of its own. */
async function* chunks(bytes: Uint8Array, chunk: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
}

async function run(job: CaseJob): Promise<CaseResult> {
  const bytes = job.bytes;
  try {
    const report = await analyzeStream(chunks(bytes, job.chunk), {
      name: job.name,
      size: bytes.length,
      profile: job.profile ? profile : undefined,
      keylog: job.keylog,
      scannerWasm,
      geo,
      sha256: Promise.resolve(createHash('sha256').update(bytes).digest('hex')),
    });
    const json = JSON.parse(JSON.stringify(report));
    const valid = validate(json);
    return classify(job.id, { report: json, schemaErrors: valid ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message}`) });
  } catch (e) {
    return classify(job.id, { error: e });
  }
}

parentPort!.on('message', (job: CaseJob) => {
  void run(job).then((r) => parentPort!.postMessage(r));
});
parentPort!.postMessage({ ready: true });
