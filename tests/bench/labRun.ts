/**
 * The lab section (issue 16, "speed of one capture"): the wild corpus made into one ~157 MB
 * pcap (labCapture.ts, written once per run to /tmp), then CPU seconds (user + sys, median of
 * 3) of
 *  (a) `node build/cli/scan.mjs --out DIR CAPTURE`: default rules (the wild corpus has no
 *      profile), scan threads as the CLI picks them;
 *  (b) tshark -T fields with the four fields a traffic inspector reads (when installed);
 *  (c) ndpiReader -i CAPTURE -q, output discarded (when installed, Debian libndpi-bin);
 * and --jobs N against --jobs 1 over a batch of the wild captures (cpuTime.ts jobsBatch, as
 * the cli section). Goals (issue 16): ours / tshark <= 0.1, ours / ndpiReader <= 3.
 * Prints lines, then one JSON line (the last) for run.ts.
 * Run: npx tsx tests/bench/labRun.ts [MB]   (LAB_KEEP=1 keeps the capture for profileStages.ts)
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WILD, REPO_ROOT as root } from '../corpus';
import { installed, jobsBatch, median, timed, type Timed } from './cpuTime';
import { wildCaptures, writeLabCapture } from './labCapture';

const mb = Number(process.argv[2] ?? process.env.BENCH_LAB_MB ?? '157');
execFileSync('npm', ['run', '-s', 'build:cli'], { cwd: root });
const cli = join(root, 'build/cli/scan.mjs');
const node = process.execPath;
const path = join(tmpdir(), `leakscope-lab-${mb}.pcap`);
const lab = writeLabCapture(join(WILD, 'captures'), path, mb * 1e6);
console.log(`lab capture ${path}: ${(lab.bytes / 1e6).toFixed(1)} MB, ${lab.records} records, ${lab.sources} sources x ${lab.copies} copies, ${lab.skipped} frames of other link types skipped`);
const out = mkdtempSync(join(tmpdir(), 'leakscope-lab-out-'));
try {
  // --force: the same --out again would skip the capture as current. One untimed run first:
  // it writes the bundle's code cache, as any second run of the CLI finds it.
  const ours = () => timed(node, [cli, '--force', '--out', out, path]);
  ours();
  const r: Record<string, Timed | null> = { ours: median(3, ours) };
  console.log(`ours: ${r.ours!.cpu.toFixed(2)} CPU s (${r.ours!.wall.toFixed(2)} s wall)`);
  r.tshark = installed('tshark')
    ? median(3, () => timed('tshark', ['-n', '-r', path, '-T', 'fields', '-e', 'http.host', '-e', 'tls.handshake.extensions_server_name', '-e', 'http.request.uri', '-e', 'dns.qry.name']))
    : null;
  console.log(r.tshark ? `tshark -T fields: ${r.tshark.cpu.toFixed(2)} CPU s` : 'tshark: not installed');
  // ndpiReader has no --version; -h exits 0 after its help.
  r.ndpi = installed('ndpiReader', '-h') ? median(3, () => timed('ndpiReader', ['-q', '-i', path])) : null;
  console.log(r.ndpi ? `ndpiReader -q: ${r.ndpi.cpu.toFixed(2)} CPU s` : 'ndpiReader: not installed');
  // Enough work that the threads' start-up does not dominate: the wild captures 8 times over.
  const batch = Array.from({ length: 8 }, () => wildCaptures(join(WILD, 'captures'))).flat();
  const batchMB = batch.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
  const jobs = availableParallelism();
  const j = jobsBatch(node, cli, out, batch, jobs, ['--force']);
  console.log(`batch of ${batch.length} wild captures (${batchMB.toFixed(1)} MB): --jobs 1 ${j.jobs1.toFixed(2)} s, --jobs ${jobs} ${j.jobsN.toFixed(2)} s (${(j.jobs1 / j.jobsN).toFixed(2)}x)`);
  console.log(JSON.stringify({ ...lab, mb: lab.bytes / 1e6, ours: r.ours, tshark: r.tshark, ndpi: r.ndpi, batch: batch.length, batchMB, jobs, jobs1: j.jobs1, jobsN: j.jobsN, load: (execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ')[0]) }));
} finally {
  rmSync(out, { recursive: true, force: true });
  if (!process.env.LAB_KEEP) rmSync(path, { force: true });
}
